"""Home page, back-office landing page, audit log and error pages."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.template.loader import render_to_string

from . import selectors
from .roles import Role
from .scoping import is_admin


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", selectors.home_context(request.user))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", selectors.dashboard_context(request.user))


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not (is_admin(request.user) or request.user.role == Role.DISTRICT):  # type: ignore[union-attr]
        raise Http404
    entries = selectors.audit_entries(request.user, request.GET)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page, "q": request.GET})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return HttpResponseForbidden(render_to_string("core/csrf_failure.html", request=request))
