"""Password guessing on the login page: after 10 failures in 10 minutes per address or per user name the
page answers 429 with a Vietnamese message, without checking the password."""

from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/tai-khoan/dang-nhap/"
PASSWORD = "mat-khau-thu-nghiem"
MESSAGE = "Bạn đã đăng nhập sai quá nhiều lần, vui lòng thử lại sau ít phút."


@pytest.fixture(autouse=True)
def _clean_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


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


def test_failures_against_one_user_name_from_many_addresses(users: Any) -> None:
    for i in range(10):
        assert Client(REMOTE_ADDR=f"10.2.0.{i}").post(URL, {"username": "Quan ", "password": "x"}).status_code == 200
    blocked = Client(REMOTE_ADDR="10.2.1.1").post(URL, {"username": "quan", "password": PASSWORD})
    assert blocked.status_code == 429 and MESSAGE in blocked.content.decode()
    # other users from a fresh address still log in
    assert Client(REMOTE_ADDR="10.2.1.2").post(URL, {"username": "phuong", "password": PASSWORD}).status_code == 302


def test_locked_out_requests_do_not_check_the_password(users: Any) -> None:
    client = Client(REMOTE_ADDR="10.3.0.1")
    _fail(client, "quan", 10)
    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        assert client.post(URL, {"username": "quan", "password": PASSWORD}).status_code == 429
    authenticate.assert_not_called()


def test_limit_expires_and_success_resets_the_user_counter(users: Any, settings: Any) -> None:
    settings.SXSH_LOGIN_RATE = (3, 600)
    client = Client(REMOTE_ADDR="10.4.0.1")
    assert _fail(client, "quan", 2) == [200, 200]
    assert client.post(URL, {"username": "quan", "password": PASSWORD}).status_code == 302
    # the user name's counter was reset by the success; a third failure from elsewhere does not lock it
    assert Client(REMOTE_ADDR="10.4.0.2").post(URL, {"username": "quan", "password": "x"}).status_code == 200
    assert Client(REMOTE_ADDR="10.4.0.3").post(URL, {"username": "quan", "password": PASSWORD}).status_code == 302
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
