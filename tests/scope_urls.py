"""Two views for ``test_scope_rule``: one reads a scoped model without scope, one with it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from sxsh.directory.models import Facility


def unscoped(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Facility.objects.count()))


def scoped(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Facility.objects.restrict(request.user).count()))


urlpatterns = [path("unscoped/", unscoped), path("scoped/", scoped)]
handler500 = "sxsh.core.views.server_error"  # the site's, with its bare fallback: this URL conf has no layout's names
