"""Password guessing on the login page, the admin login and the token endpoint (one limiter,
``accounts.throttle``): after 10 failures in 10 minutes an address is refused, and an account is refused
to every address that has failed; refusals come before the password is checked."""

from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/tai-khoan/dang-nhap/"
PASSWORD = "mat-khau-thu-nghiem"
MESSAGE = "Bạn đã đăng nhập sai quá nhiều lần, vui lòng thử lại sau ít phút."


def _fail(client: Client, username: str, n: int) -> list[int]:
    return [client.post(URL, {"username": username, "password": f"sai-{i}"}).status_code for i in range(n)]


def test_ten_failures_from_one_address_lock_it_out(users: Any) -> None:
    client = Client(REMOTE_ADDR="10.1.1.1")
    assert _fail(client, "quan", 10) == [200] * 10
    response = client.post(URL, {"username": "quan", "password": PASSWORD})  # even the right password
    assert response.status_code == 429
    html = response.content.decode()
    assert MESSAGE in html and 'value="quan"' in html  # the form comes back with the user name
    assert "_auth_user_id" not in client.session
    # another address is not affected for other accounts
    other = Client(REMOTE_ADDR="10.1.1.2")
    assert other.post(URL, {"username": "phuong", "password": PASSWORD}).status_code == 302


def test_failures_against_one_account_from_many_addresses(users: Any) -> None:
    for i in range(10):
        assert Client(REMOTE_ADDR=f"10.2.0.{i}").post(URL, {"username": "Quan ", "password": "x"}).status_code == 200
    # every address that has failed is now refused for that account, even with the right password
    blocked = Client(REMOTE_ADDR="10.2.0.3").post(URL, {"username": "quan", "password": PASSWORD})
    assert blocked.status_code == 429 and MESSAGE in blocked.content.decode()
    # a new address gets one guess, then it is refused for that account as well
    guesser = Client(REMOTE_ADDR="10.2.0.77")
    assert _fail(guesser, "quan", 2) == [200, 429]
    # the same address may still log into another account (it has 1 failure, not 10)
    assert guesser.post(URL, {"username": "phuong", "password": PASSWORD}).status_code == 302
    # the owner, from an address without failures, is not locked out by the guessers
    assert Client(REMOTE_ADDR="10.2.1.1").post(URL, {"username": "quan", "password": PASSWORD}).status_code == 302


def test_locked_out_requests_do_not_check_the_password(users: Any) -> None:
    client = Client(REMOTE_ADDR="10.3.0.1")
    _fail(client, "quan", 10)
    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        assert client.post(URL, {"username": "quan", "password": PASSWORD}).status_code == 429
    authenticate.assert_not_called()


def test_limit_expires_and_success_buys_no_guesses(users: Any, settings: Any) -> None:
    settings.SXSH_LOGIN_RATE = (3, 600)
    client = Client(REMOTE_ADDR="10.4.0.1")
    assert _fail(client, "quan", 2) == [200, 200]
    # logging into one's own account does not reset the address's failures
    assert client.post(URL, {"username": "phuong", "password": PASSWORD}).status_code == 302
    assert _fail(Client(REMOTE_ADDR="10.4.0.1"), "quan", 2) == [200, 429]
    # once the window is over (the cache entry expires) the address may try again
    blocked = Client(REMOTE_ADDR="10.4.0.9")
    assert _fail(blocked, "so", 4) == [200, 200, 200, 429]
    cache.clear()
    assert blocked.post(URL, {"username": "so", "password": PASSWORD}).status_code == 302


def test_get_and_normal_login_unaffected(users: Any) -> None:
    client = Client()
    for _ in range(15):
        assert client.get(URL).status_code == 200
    assert client.post(URL, {"username": "quan", "password": PASSWORD}).status_code == 302


def _token(client: Client, username: str, password: str, **extra: Any) -> int:
    return client.post("/api/auth/token", {"username": username, "password": password},
                       content_type="application/json", **extra).status_code


def test_rotating_x_forwarded_for_gains_nothing_on_the_token_endpoint(users: Any) -> None:
    """The header of an untrusted peer is ignored: 100 guesses with 100 different values share one address."""
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [_token(client, "quan", f"sai-{i}", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}") for i in range(100)]
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}
    assert _token(client, "quan", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.250") == 429  # the right one too
    cache.clear()  # a new window: the 11th failure is refused with the login message in JSON
    [_token(client, "quan", f"sai-{i}", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}") for i in range(10)]
    refused = client.post("/api/auth/token", {"username": "quan", "password": PASSWORD}, content_type="application/json")
    assert refused.status_code == 429 and refused.json() == {"message": MESSAGE}
    # beyond 20 requests a minute from one address the request itself is refused, in Vietnamese too
    burst = [client.post("/api/auth/token", {"username": "x", "password": "y"}, content_type="application/json")
             for _ in range(12)][-1]
    assert burst.status_code == 429 and burst.json()["message"] == "Quá nhiều yêu cầu, vui lòng thử lại sau ít phút."


def test_behind_the_unix_socket_proxy_one_clients_failures_do_not_lock_out_another(users: Any, settings: Any) -> None:
    """nginx on a unix socket: every request has an empty REMOTE_ADDR; the client is in X-Forwarded-For."""
    settings.SXSH_TRUSTED_PROXIES = ["unix"]
    attacker = Client(REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # the attacker prepends forged hops; nginx appends the real address, which is the one that counts
    forged = [attacker.post(URL, {"username": "so", "password": "x"},
                            HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, 198.51.100.7").status_code for i in range(11)]
    assert forged == [200] * 10 + [429]
    assert _token(attacker, "quan", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7") == 429
    neighbour = Client(REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert neighbour.post(URL, {"username": "so", "password": PASSWORD}).status_code == 302
    assert _token(neighbour, "quan", PASSWORD) == 200


def test_admin_login_is_throttled_by_the_same_limiter(users: Any) -> None:
    users["admin"].is_staff = True
    users["admin"].save()
    client = Client(REMOTE_ADDR="10.6.0.1")
    for i in range(5):
        client.post(URL, {"username": "admin", "password": f"sai-{i}"})
    for i in range(5):
        response = client.post("/quan-tri/login/", {"username": "admin", "password": f"sai-{i}"})
        assert response.status_code == 200 and MESSAGE not in response.content.decode()
    refused = client.post("/quan-tri/login/", {"username": "admin", "password": PASSWORD})
    assert MESSAGE in refused.content.decode() and "_auth_user_id" not in client.session
    assert Client(REMOTE_ADDR="10.6.0.2").post("/quan-tri/login/", {"username": "admin", "password": PASSWORD}
                                               ).status_code == 302


def test_an_account_locked_on_the_web_login_gets_no_token(users: Any) -> None:
    client = Client(REMOTE_ADDR="10.7.0.1")
    for i in range(10):
        Client(REMOTE_ADDR=f"10.7.1.{i}").post(URL, {"username": "quan", "password": f"sai-{i}"})
    client.post(URL, {"username": "quan", "password": "sai"})
    assert _token(client, "quan", PASSWORD) == 429
    assert _token(Client(REMOTE_ADDR="10.7.1.3"), "QUAN", PASSWORD) == 429


def test_ipv6_addresses_count_per_64(users: Any, settings: Any) -> None:
    settings.SXSH_LOGIN_RATE = (3, 600)
    for i in range(3):
        Client(REMOTE_ADDR=f"2001:db8:1:2::{i + 1:x}").post(URL, {"username": "so", "password": "x"})
    assert Client(REMOTE_ADDR="2001:db8:1:2:ffff::9").post(URL, {"username": "phuong", "password": PASSWORD}
                                                          ).status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:1:3::1").post(URL, {"username": "phuong", "password": PASSWORD}
                                                     ).status_code == 302
