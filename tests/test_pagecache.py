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
