from django.http import HttpRequest, HttpResponse
from django.urls import path

from sxsh.urls import urlpatterns as site_patterns


def minimal(request: HttpRequest) -> HttpResponse:
    """The baseline: a Django view that does nothing."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_bench/minimal/", minimal), *site_patterns]
