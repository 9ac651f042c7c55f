from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .menu import menu_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_title": settings.SXSH_SITE_TITLE,
        "demo_mode": settings.SXSH_DEMO,
        "menu": menu_for(request),
    }
