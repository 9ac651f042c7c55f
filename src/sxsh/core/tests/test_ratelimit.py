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
