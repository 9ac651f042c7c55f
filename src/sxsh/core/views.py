"""Home page, back-office landing page, audit log and error pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import captchas, selectors
from .pagecache import public_page
from .scoping import is_admin


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


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    # Administrators only until the log is scoped to the reader's units (it names people of every unit).
    if not is_admin(request.user):
        raise Http404
    entries = selectors.audit_entries(request.user, request.GET)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page, "q": request.GET})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's layout; a bare page when the layout itself fails (e.g. no database)."""
    try:
        return HttpResponseServerError(render_to_string("500.html", request=request))
    except Exception:
        return HttpResponseServerError(render_to_string("errors/500_plain.html"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return HttpResponseForbidden(render_to_string("core/csrf_failure.html", request=request))
