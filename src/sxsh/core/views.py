"""Home page, back-office landing page, audit log and error pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import captchas, selectors
from .audit_tables import AUDIT
from .models import AuditLog
from .pagecache import public_page
from .tables import export_view, render_page


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """What crawlers may read: the portal, not the back office, personal codes or beacons; where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in settings.SXSH_ROBOTS_DISALLOW), "",
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def captcha_refresh(request: HttpRequest) -> HttpResponse:
    """django-simple-captcha's refresh (a new row each call), within the client's CAPTCHA budget."""
    from captcha.views import captcha_refresh as refresh

    if not captchas.allow_new(request):
        return captchas.refused()
    return refresh(request)  # type: ignore[no-any-return]


@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", selectors.home_context(request.user))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", selectors.dashboard_context(request.user))


def _audit_reader(request: HttpRequest) -> None:
    if not selectors.can_read_audit(request.user):
        raise Http404


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    return render_page(request, AUDIT, "core/audit_log.html")


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _audit_reader(request)
    try:
        entry = selectors.audit_entry(request.user, pk)
    except AuditLog.DoesNotExist:
        raise Http404 from None
    return render(request, "core/audit_detail.html", {"e": entry})


audit_export = export_view(AUDIT)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's layout; a bare page when the layout itself fails (e.g. no database)."""
    try:
        return HttpResponseServerError(render_to_string("500.html", request=request))
    except Exception:
        return HttpResponseServerError(render_to_string("errors/500_plain.html"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return HttpResponseForbidden(render_to_string("core/csrf_failure.html", request=request))
