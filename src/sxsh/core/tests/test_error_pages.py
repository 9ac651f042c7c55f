"""A visitor sees the site's own 400/403/404/500 pages, in its layout and language, never a debug page."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

ERROR_URLS = "sxsh.core.tests.error_urls"
CASES = [
    ("/khong-co-trang-nay/", 404, "Không tìm thấy trang", "Page not found"),
    ("/thu/403/", 403, "Bạn không có quyền thực hiện việc này", "You are not allowed to do this"),
    ("/thu/400/", 400, "Yêu cầu không hợp lệ", "Bad request"),
    ("/thu/500/", 500, "Đã có lỗi trong hệ thống", "Something went wrong in the system"),
]


@pytest.fixture
def visitor() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.urls(ERROR_URLS)
@pytest.mark.parametrize(("path", "status", "vietnamese", "english"), CASES)
def test_error_pages_are_the_sites_own(db: Any, visitor: Client, path: str, status: int, vietnamese: str,
                                       english: str) -> None:
    assert settings.DEBUG is False
    response = visitor.get(path)
    assert response.status_code == status
    body = response.content.decode()
    assert vietnamese in body
    assert 'class="site-header"' in body and 'class="site-footer"' in body  # the site's layout
    assert 'lang="vi"' in body
    for debug_text in ("Traceback", "URLconf", "Django", "DEBUG = True", "a bug"):
        assert debug_text not in body

    visitor.post("/ngon-ngu/setlang/", {"language": "en", "next": "/"})
    english_body = visitor.get(path).content.decode()
    assert english in english_body and vietnamese not in english_body
    assert 'lang="en"' in english_body


@pytest.mark.urls(ERROR_URLS)
def test_error_page_of_a_signed_in_officer_keeps_the_menu(users: Any, client_for: Any) -> None:
    client = client_for(users["district"])
    client.raise_request_exception = False
    body = client.get("/khong-co-trang-nay/").content.decode()
    assert 'class="backoffice-nav"' in body and users["district"].get_full_name() in body


@pytest.mark.urls(ERROR_URLS)
def test_500_without_a_database_is_a_plain_vietnamese_page(db: Any, visitor: Client,
                                                           django_db_blocker: Any) -> None:
    """When the layout cannot be drawn (the site settings are unreadable), a bare page still answers."""
    from django.db import connection

    with connection.cursor() as cursor:  # the site settings' table gone: the layout fails, the bare page answers
        cursor.execute("DROP TABLE core_sitesettings")
    response = visitor.get("/thu/500/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Đã có lỗi trong hệ thống" in body and "Traceback" not in body
