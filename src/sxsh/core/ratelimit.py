"""A small fixed-window counter in the Django cache, shared by the comment form and the login page.

``RateLimit("sxsh:login:ip", setting="SXSH_LOGIN_RATE", default=(10, 600))`` counts hits per identifier
(an IP address, a user name…) for ``window`` seconds; ``exceeded`` is true once ``limit`` hits are reached.
The limit is read from settings at call time (so tests and deployments can tune it). Identifiers are
hashed with the secret key: no address or user name is stored in the cache in clear.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def fingerprint(*parts: str) -> str:
    """A one-way hash of ``parts`` salted with the secret key."""
    raw = "|".join((settings.SECRET_KEY, *parts))
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class RateLimit:
    prefix: str
    setting: str
    default: tuple[int, int]

    @property
    def rate(self) -> tuple[int, int]:
        limit, window = getattr(settings, self.setting, self.default)
        return int(limit), int(window)

    def key(self, ident: str) -> str:
        return f"{self.prefix}:{fingerprint(self.prefix, ident)}"

    def exceeded(self, ident: str) -> bool:
        limit, _window = self.rate
        return int(cache.get(self.key(ident), 0)) >= limit

    def hit(self, ident: str) -> None:
        _limit, window = self.rate
        key = self.key(ident)
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)

    def reset(self, ident: str) -> None:
        cache.delete(self.key(ident))
