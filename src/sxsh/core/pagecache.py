"""A short full-page cache for public pages seen by visitors without a session.

The portal's public pages are the same for every visitor who is not logged in, and they are the pages
that take the load (thousands of readers). Every page still carries the visitor's own CSRF token (htmx
sends it in ``hx-headers``), so the cached body keeps a placeholder instead of the token and each
response gets the current visitor's token (which also sets the CSRF cookie as usual).

Only cookie-less (or CSRF-cookie-only) ``GET`` requests are served from the cache: a session or a
pending flash message bypasses it, so nobody ever sees someone else's page. Set
``SXSH_PUBLIC_PAGE_CACHE_SECONDS=0`` to switch it off (the test settings do).
"""

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]
from django.utils.translation import get_language

PLACEHOLDER = b"__sxsh_csrf_token_placeholder__"
ALLOWED_COOKIES = frozenset({"csrftoken", settings.LANGUAGE_COOKIE_NAME})
_TOKEN_SHAPE = re.compile(rb"[A-Za-z0-9]{64}")


def _without_tokens(body: bytes, secret: str) -> bytes | None:
    """The body with every masked CSRF token of ``secret`` replaced by the placeholder (None if none)."""
    found = False

    def swap(match: re.Match[bytes]) -> bytes:
        nonlocal found
        if _unmask_cipher_token(match.group().decode()) == secret:
            found = True
            return PLACEHOLDER
        return match.group()

    replaced = _TOKEN_SHAPE.sub(swap, body)
    return replaced if found else None


def _cache() -> Any:
    """The "pages" cache when configured (per-process memory: no round trip), else the default one."""
    return caches["pages" if "pages" in settings.CACHES else "default"]


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and set(request.COOKIES) <= ALLOWED_COOKIES
    )


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = getattr(settings, "SXSH_PUBLIC_PAGE_CACHE_SECONDS", 0)
        if not seconds or not _cacheable(request):
            return view(request, *args, **kwargs)
        key = f"sxsh:page:{get_language()}:{request.get_full_path()}"
        cached = _cache().get(key)
        if cached is not None:
            body, content_type = cached
            response = HttpResponse(body.replace(PLACEHOLDER, get_token(request).encode()), content_type=content_type)
            response["X-SXSH-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        secret = request.META.get("CSRF_COOKIE", "")
        extra_cookies = set(response.cookies) - ALLOWED_COOKIES
        if response.status_code == 200 and not response.streaming and not extra_cookies and secret:
            body = _without_tokens(response.content, secret)
            if body is not None:
                _cache().set(key, (body, response["Content-Type"]), seconds)
        return response

    return wrapped
