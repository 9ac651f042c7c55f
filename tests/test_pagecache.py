"""The public full-page cache: visitors share a cached page but each gets a working CSRF token of their own;
sessions and flash messages bypass it."""

from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from sxsh.testing.factories import FacilityFactory


@pytest.fixture
def page_cache(settings: Any, reference: None) -> Any:
    settings.SXSH_PUBLIC_PAGE_CACHE_SECONDS = 30
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


def test_visitors_share_the_cached_home_page_with_their_own_token(page_cache: Any, hang_bac: Any) -> None:
    first = Client(enforce_csrf_checks=True)
    r1 = first.get("/")
    assert r1.status_code == 200 and "X-SXSH-Cache" not in r1
    FacilityFactory(ward=hang_bac)  # not visible until the entry expires: that is the trade-off
    second = Client(enforce_csrf_checks=True)
    r2 = second.get("/")
    assert r2["X-SXSH-Cache"] == "hit"
    assert b"__sxsh_csrf_token_placeholder__" not in r2.content
    # The page's token works with the visitor's own cookie: logging in from the cached page passes CSRF.
    import re

    token = re.search(rb'"X-CSRFToken": "([A-Za-z0-9]{64})"', r2.content)
    assert token is not None
    login = second.post("/tai-khoan/dang-nhap/", {"username": "x", "password": "y",
                                                  "csrfmiddlewaretoken": token.group(1).decode()})
    assert login.status_code == 200  # wrong password, but not a CSRF failure (403)
    # A visitor with a session never gets the shared page.
    third = Client()
    third.cookies["sessionid"] = "abc"
    assert "X-SXSH-Cache" not in third.get("/")


def test_logged_in_users_are_never_served_from_the_cache(page_cache: Any, users: dict[str, Any],
                                                         client_for: Any) -> None:
    Client().get("/")
    response = client_for(users["district"]).get("/")
    assert "X-SXSH-Cache" not in response
    assert users["district"].username in response.content.decode()


def test_a_cached_pages_csrf_token_is_djangos_for_new_and_returning_visitors(page_cache: Any, hang_bac: Any) -> None:
    import re

    Client().get("/")  # fills the cache
    reader = Client(enforce_csrf_checks=True)
    tokens, secrets = [], []
    for _ in range(2):  # a new visitor (no cookie: one is set), then the same visitor with their cookie
        page = reader.get("/")
        assert page["X-SXSH-Cache"] == "hit"
        found = re.search(rb'"X-CSRFToken": "([A-Za-z0-9]{64})"', page.content)
        assert found is not None
        tokens.append(found.group(1).decode())
        secrets.append(reader.cookies["csrftoken"].value)
        login = reader.post("/tai-khoan/dang-nhap/", {"username": "x", "password": "y",
                                                      "csrfmiddlewaretoken": tokens[-1]})
        assert login.status_code == 200  # checked by Django's CsrfViewMiddleware: no 403
    assert secrets[0] == secrets[1] and tokens[0] != tokens[1]  # the secret kept, masked afresh
    forged = tokens[1][:32] + ("A" if tokens[1][32] != "A" else "B") + tokens[1][33:]
    assert reader.post("/tai-khoan/dang-nhap/", {"username": "x", "password": "y",
                                                 "csrfmiddlewaretoken": forged}).status_code == 403


def test_the_csrf_token_unmasks_to_the_visitors_secret() -> None:
    from collections import Counter

    from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token  # type: ignore[attr-defined]
    from django.test import RequestFactory

    from sxsh.core import pagecache

    new = RequestFactory().get("/")
    token = pagecache.csrf_token(new)
    secret = new.META["CSRF_COOKIE"]
    assert len(secret) == 32 and set(secret) <= set(CSRF_ALLOWED_CHARS) and new.META["CSRF_COOKIE_NEEDS_UPDATE"]
    assert len(token) == 64 and _unmask_cipher_token(token) == secret
    returning = RequestFactory().get("/")
    returning.META["CSRF_COOKIE"] = secret
    again = {pagecache.csrf_token(returning) for _ in range(50)}
    assert len(again) == 50 and {_unmask_cipher_token(t) for t in again} == {secret}
    assert returning.META["CSRF_COOKIE"] == secret
    # every character is drawn from exactly as many byte values (no bias towards the first ones)
    assert len(set(Counter(b % len(CSRF_ALLOWED_CHARS) for b in range(pagecache._EVEN)).values())) == 1
    assert 256 - len(CSRF_ALLOWED_CHARS) < pagecache._EVEN
