"""The real client address behind trusted proxies, and a small fixed-window counter in the Django cache.

``client_ip(request)`` is the immediate peer (``REMOTE_ADDR``) unless that peer is one of
``SXSH_TRUSTED_PROXIES`` (addresses or networks; ``unix`` for a local proxy on a unix socket, whose
``REMOTE_ADDR`` is empty or ``unix:…``): then it is the right-most address of ``X-Forwarded-For`` that is
not itself a trusted proxy (``X-Real-IP`` when there is no ``X-Forwarded-For``). A header from an
untrusted peer is ignored, so rotating it gains nothing.

``RateLimit("sxsh:login:ip", setting="SXSH_LOGIN_RATE", default=(10, 600))`` counts hits per identifier
(an IP address, a user name…) for ``window`` seconds; ``exceeded`` is true once ``limit`` hits are reached.
The limit is read from settings at call time (so tests and deployments can tune it). Identifiers are
hashed with the secret key: no address or user name is stored in the cache in clear.
"""

import hashlib
import ipaddress
import logging
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

logger = logging.getLogger(__name__)

#: The peer of a unix-socket connection (``REMOTE_ADDR`` empty or ``unix:…``) as ``client_ip`` names it.
UNIX_PEER = "unix"
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[bool, tuple[_Network, ...]]:
    """(unix socket trusted, trusted networks) parsed from the setting."""
    unix, networks = False, []
    for entry in (e.strip() for e in entries):
        if entry.rstrip(":").lower() == UNIX_PEER:
            unix = True
        elif entry:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError as exc:
                raise ImproperlyConfigured(f"SXSH_TRUSTED_PROXIES: {entry!r} is not an address or network") from exc
    return unix, tuple(networks)


def _address(value: str) -> str | None:
    """The canonical form of an IP address ("[::1]:80" and "1.2.3.4:5" keep only the address), or None."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1:value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _is_trusted(peer: str) -> bool:
    unix, networks = _trusted(tuple(getattr(settings, "SXSH_TRUSTED_PROXIES", ())))
    if peer == UNIX_PEER:
        return unix
    address = _address(peer)
    return address is not None and any(ipaddress.ip_address(address) in network for network in networks)


def _peer(request: HttpRequest) -> str:
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    if not remote or remote.startswith("unix:") or remote.startswith("/"):
        return UNIX_PEER
    return _address(remote) or remote


@lru_cache(maxsize=1)
def _warn_shared_address() -> None:
    """Once per process: behind a unix socket without ``SXSH_TRUSTED_PROXIES=unix`` all clients are one."""
    logger.warning("REMOTE_ADDR is empty (a proxy on a unix socket?) and SXSH_TRUSTED_PROXIES does not list "
                   "'unix': every client shares one address for rate limits (see docs/deployment.md).")


def client_ip(request: HttpRequest) -> str:
    """The address of the client: the peer, or what trusted proxies in front of it report."""
    peer = _peer(request)
    if not _is_trusted(peer):
        if peer == UNIX_PEER:
            _warn_shared_address()
            return "unknown"
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()] or [request.META.get("HTTP_X_REAL_IP", "")]
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: nothing left of it can be believed
        client = address
        if not _is_trusted(address):
            return address
    return "unknown" if client == UNIX_PEER else client


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

    def count(self, ident: str) -> int:
        """Hits of ``ident`` in the current window."""
        return int(cache.get(self.key(ident), 0))

    def exceeded(self, ident: str) -> bool:
        limit, _window = self.rate
        return self.count(ident) >= limit

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
