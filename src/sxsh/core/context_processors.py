from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .closed_units import read_only_message
from .menu import menu_for
from .site import SiteSettings


def site(request: HttpRequest) -> dict[str, Any]:
    site_settings = SiteSettings.current()
    return {
        "site": site_settings,
        "site_title": site_settings.title,
        "demo_mode": settings.SXSH_DEMO,
        "read_only_message": read_only_message(request.user) if hasattr(request, "user") else "",
        "menu": menu_for(request),
    }
