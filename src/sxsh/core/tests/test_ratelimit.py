from typing import Any

from django.core.cache import cache
from django.test import RequestFactory

from sxsh.core.ratelimit import RateLimit, client_ip, fingerprint

LIMIT = RateLimit("sxsh:test:rl", setting="SXSH_TEST_RATE", default=(3, 60))


def test_counts_per_identifier_and_reads_settings_at_call_time(settings: Any) -> None:
    cache.clear()
    for _ in range(2):
        LIMIT.hit("a")
    assert not LIMIT.exceeded("a")
    LIMIT.hit("a")
    assert LIMIT.exceeded("a") and not LIMIT.exceeded("b")
    settings.SXSH_TEST_RATE = (5, 60)
    assert not LIMIT.exceeded("a")
    LIMIT.reset("a")
    assert cache.get(LIMIT.key("a")) is None
    # the identifier is never stored in clear
    assert "10.0.0.1" not in LIMIT.key("10.0.0.1") and LIMIT.key("x") != LIMIT.key("y")
    cache.clear()


def test_client_ip_and_fingerprint() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.4")
    assert client_ip(request) == "192.0.2.4"
    request.META["REMOTE_ADDR"] = ""
    assert client_ip(request) == "unknown"
    assert fingerprint("a", "b") != fingerprint("a", "c") and len(fingerprint("a")) == 64


def _ip(settings: Any, trusted: list[str], remote: str, forwarded: str | None = None, real: str | None = None) -> str:
    settings.SXSH_TRUSTED_PROXIES = trusted
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    if real is not None:
        meta["HTTP_X_REAL_IP"] = real
    return client_ip(RequestFactory().get("/", **meta))


def test_client_ip_believes_forwarded_headers_only_from_trusted_proxies(settings: Any) -> None:
    # no trusted proxy: the header is ignored
    assert _ip(settings, [], "192.0.2.4", "198.51.100.1") == "192.0.2.4"
    assert _ip(settings, ["10.0.0.0/8"], "192.0.2.4", "198.51.100.1") == "192.0.2.4"
    # a trusted peer: the right-most untrusted hop (forged hops on the left are skipped)
    assert _ip(settings, ["10.0.0.0/8"], "10.0.0.5", "1.1.1.1, 198.51.100.1") == "198.51.100.1"
    assert _ip(settings, ["10.0.0.0/8"], "10.0.0.5", "1.1.1.1, 198.51.100.1, 10.0.0.9") == "198.51.100.1"
    assert _ip(settings, ["10.0.0.5"], "10.0.0.5", None, "198.51.100.2") == "198.51.100.2"
    assert _ip(settings, ["10.0.0.5"], "10.0.0.5") == "10.0.0.5"
    # a malformed hop stops the walk at the proxy that reported it
    assert _ip(settings, ["10.0.0.0/8"], "10.0.0.5", "198.51.100.1, junk") == "10.0.0.5"
    # unix socket: empty or "unix:" REMOTE_ADDR is the local proxy when "unix" is trusted
    assert _ip(settings, ["unix"], "", "2001:db8::1") == "2001:db8::1"
    assert _ip(settings, ["unix:"], "unix:/run/sxsh/gunicorn.sock", "198.51.100.3:4444") == "198.51.100.3"
    assert _ip(settings, [], "", "198.51.100.3") == "unknown"


def test_a_bad_trusted_proxy_entry_is_a_configuration_error(settings: Any) -> None:
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        _ip(settings, ["not-a-network"], "10.0.0.1")
