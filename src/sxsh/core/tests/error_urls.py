"""The site's URLs plus three routes that fail on purpose, to see the error pages a visitor would get."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from sxsh.urls import handler500
from sxsh.urls import urlpatterns as site_urlpatterns


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("test")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [
    path("thu/403/", forbidden),
    path("thu/400/", suspicious),
    path("thu/500/", broken),
    *site_urlpatterns,
]
__all__ = ["handler500", "urlpatterns"]
