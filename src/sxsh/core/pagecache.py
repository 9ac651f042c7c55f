"""A short full-page cache for public pages seen by visitors without a session.

The portal's public pages are the same for every visitor who is not logged in, and they are the pages
that take the load (thousands of readers). Every page still carries the visitor's own CSRF token (htmx
sends it in ``hx-headers``), so the cached body keeps a placeholder instead of the token and each
response gets the current visitor's token (which also sets the CSRF cookie as usual). A public form's
signed start token (``core.formguard.TOKEN_SLOT``) is filled in the same way, one per response. The
body is stored split at those slots, so a hit joins the pieces with the response's values in one copy.

Only cookie-less (or CSRF-cookie-only) ``GET`` requests are served from the cache: a session or a
pending flash message bypasses it, so nobody ever sees someone else's page. Set
``SXSH_PUBLIC_PAGE_CACHE_SECONDS=0`` to switch it off (the test settings do).
"""

import os
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import (  # type: ignore[attr-defined]
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _unmask_cipher_token,
)
from django.utils.translation import get_language

from .formguard import TOKEN_SLOT, new_token

PLACEHOLDER = b"__sxsh_csrf_token_placeholder__"
FORM_SLOT = TOKEN_SLOT.encode()
ALLOWED_COOKIES = frozenset({"csrftoken", settings.LANGUAGE_COOKIE_NAME})
_TOKEN_SHAPE = re.compile(rb"[A-Za-z0-9]{64}")
_SLOTS = re.compile(b"(" + re.escape(PLACEHOLDER) + b"|" + re.escape(FORM_SLOT) + b")")
_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}
#: Random bytes below this map evenly onto the 62 characters (4 values each); the others are drawn again.
_EVEN = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def _random_indices(count: int) -> list[int]:
    """``count`` uniform positions in ``CSRF_ALLOWED_CHARS`` from the system's CSPRNG in one call or two."""
    found: list[int] = []
    while len(found) < count:
        found += [b % len(CSRF_ALLOWED_CHARS) for b in os.urandom(count + 16) if b < _EVEN]
    return found[:count]


def csrf_token(request: HttpRequest) -> str:
    """What ``django.middleware.csrf.get_token`` gives (the visitor's secret masked afresh; a new secret,
    and so a new CSRF cookie, for a visitor without one), drawing the random characters from one read of
    ``os.urandom`` instead of one per character: the largest cost of a page served from this cache.

    Django's own middleware checks the tokens (``tests/test_pagecache.py`` posts with them).
    """
    secret = request.META.get("CSRF_COOKIE")  # set by CsrfViewMiddleware from a valid cookie only
    chars = CSRF_ALLOWED_CHARS
    if secret is None:
        secret = "".join(chars[i] for i in _random_indices(CSRF_SECRET_LENGTH))
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # the middleware sets (or renews) the cookie
    mask = _random_indices(CSRF_SECRET_LENGTH)
    cipher = "".join(chars[(_INDEX[c] + m) % len(chars)] for c, m in zip(secret, mask, strict=True))
    return "".join(chars[m] for m in mask) + cipher


#: What each slot becomes in a response: the visitor's CSRF token, a fresh form token.
_FILLS: dict[bytes, Callable[[HttpRequest], str]] = {PLACEHOLDER: csrf_token, FORM_SLOT: lambda request: new_token()}


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


def _split(body: bytes) -> tuple[bytes, ...]:
    """The body as text, slot, text, slot, …, text (``re.split`` keeps the slots at the odd places)."""
    return tuple(_SLOTS.split(body))


def _fill(parts: tuple[bytes, ...], request: HttpRequest) -> bytes:
    """The stored pieces joined with this response's value of each slot (one per kind of slot)."""
    values: dict[bytes, bytes] = {}
    pieces = list(parts)
    for i in range(1, len(pieces), 2):
        slot = pieces[i]
        if slot not in values:
            values[slot] = _FILLS[slot](request).encode()
        pieces[i] = values[slot]
    return b"".join(pieces)


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
            return _filled(view(request, *args, **kwargs), request)
        key = f"sxsh:page:{get_language()}:{request.get_full_path()}"
        cached = _cache().get(key)
        if cached is not None:
            parts, content_type = cached
            response = HttpResponse(_fill(parts, request), content_type=content_type)
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
                parts = _split(body)
                _cache().set(key, (parts, response["Content-Type"]), seconds)
                response.content = _fill(parts, request)
                return response
        return _filled(response, request)

    return wrapped


def _filled(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """A response not served from the cache, with its form-token slots filled."""
    if hasattr(response, "render") and callable(response.render):
        response.render()
    if not response.streaming and FORM_SLOT in response.content:
        response.content = _fill(_split(response.content), request)
    return response
