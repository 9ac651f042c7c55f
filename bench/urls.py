"""The application's URLs plus ``/__bench__/floor/``: a trivial view, the framework's floor."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from sxsh.urls import urlpatterns as app_urlpatterns


def floor(request: HttpRequest) -> HttpResponse:
    """The cheapest Django response: same server, same middleware, no template, no query."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns: list[URLPattern | URLResolver] = [path("__bench__/floor/", floor), *app_urlpatterns]
