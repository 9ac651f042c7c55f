"""The article page and the news list through the public page cache: a shared page for visitors without a
session, with each visitor's own CSRF and form tokens; the view count, the CAPTCHA and comments keep working."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from captcha.models import CaptchaStore
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from sxsh.core.formguard import TOKEN_SLOT
from sxsh.outreach import services
from sxsh.outreach.models import Article, Comment, CommentStatus

from .conftest import BROWSER_UA

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings: Any) -> Any:
    settings.SXSH_PUBLIC_PAGE_CACHE_SECONDS = 30
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def _started(html: str) -> str:
    found = re.search(r'name="started" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_article_page_is_cached_without_writes_and_views_still_count(
    page_cache: Any, article: Article, django_assert_max_num_queries: Any
) -> None:
    url = article.get_absolute_url()
    first = Client(HTTP_USER_AGENT=BROWSER_UA)
    r1 = first.get(url)
    assert r1.status_code == 200 and "X-SXSH-Cache" not in r1
    second = Client(HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR="10.0.0.7")
    with django_assert_max_num_queries(0):  # a hit costs no query at all
        r2 = second.get(url)
    assert r2["X-SXSH-Cache"] == "hit"
    html1, html2 = r1.content.decode(), r2.content.decode()
    # each visitor gets their own signed form token (its nonce stops double posts), never the slot
    assert TOKEN_SLOT not in html1 + html2
    assert _started(html1) != _started(html2)
    assert not CaptchaStore.objects.exists()  # no CAPTCHA rendered by reading
    # the beacon counts both readers although the second page came from the cache
    for client in (first, second):
        assert client.post(reverse("outreach:article_seen", args=[article.slug])).status_code == 204
    services.flush_view_counts()
    article.refresh_from_db()
    assert article.view_count == 2


def test_cached_page_form_posts_a_comment(page_cache: Any, article: Article) -> None:
    url = article.get_absolute_url()
    Client(HTTP_USER_AGENT=BROWSER_UA).get(url)  # fills the cache
    reader = Client(HTTP_USER_AGENT=BROWSER_UA, enforce_csrf_checks=True)
    page = reader.get(url)
    assert page["X-SXSH-Cache"] == "hit"
    html = page.content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert csrf is not None
    fragment = reader.get(reverse("outreach:article_captcha", args=[article.slug]))
    assert fragment["Cache-Control"] == "no-store" and CaptchaStore.objects.count() == 1
    key = re.search(r'name="captcha_0" value="([^"]+)"', fragment.content.decode())
    assert key is not None
    response = reader.post(url, {
        "csrfmiddlewaretoken": csrf.group(1), "started": _started(html), "name": "Bạn đọc", "phone": "",
        "title": "Ý kiến", "body": "Nội dung", "website": "", "captcha_0": key.group(1), "captcha_1": "PASSED",
    })
    assert response.status_code == 302, response.content.decode()[:500]
    assert Comment.objects.get().title == "Ý kiến"


def test_no_javascript_fallback_renders_the_captcha_uncached(page_cache: Any, article: Article) -> None:
    client = Client(HTTP_USER_AGENT=BROWSER_UA)
    lazy = client.get(article.get_absolute_url()).content.decode()
    assert 'href="?ma-xac-nhan=1#binh-luan"' in lazy and 'name="captcha_1"' not in lazy
    for param in ("ma-xac-nhan", "ma-moi"):  # "Hiện mã xác nhận" and "Lấy lại mã bảo mật" without JS
        for _ in range(2):
            response = client.get(article.get_absolute_url(), {param: "1"})
            assert "X-SXSH-Cache" not in response
            assert 'name="captcha_1"' in response.content.decode()
    assert CaptchaStore.objects.count() == 4  # a new challenge each time, never a shared one


def test_approved_comment_and_new_article_appear_after_expiry(
    page_cache: Any, article: Article, make_article: Callable[..., Article], users: Any, client_for: Any
) -> None:
    visitor = Client(HTTP_USER_AGENT=BROWSER_UA)
    visitor.get(article.get_absolute_url())
    visitor.get(reverse("outreach:article_list"))
    comment = Comment.objects.create(article=article, name="An", title="Câu hỏi về tập huấn", body="b")
    services.approve_comment(acting_user=users["district"], comment=comment)
    make_article("Bài mới vừa đăng")
    # within the 30 s a visitor may still get the cached copy; a logged-in officer always sees it fresh
    officer = client_for(users["district"])
    fresh = officer.get(article.get_absolute_url())
    assert "X-SXSH-Cache" not in fresh and "Câu hỏi về tập huấn" in fresh.content.decode()
    assert "Bài mới vừa đăng" in officer.get(reverse("outreach:article_list")).content.decode()
    cached = visitor.get(reverse("outreach:article_list"))
    assert cached["X-SXSH-Cache"] == "hit"
    caches["pages"].clear()  # what the 30 s expiry does
    assert "Câu hỏi về tập huấn" in visitor.get(article.get_absolute_url()).content.decode()
    assert "Bài mới vừa đăng" in visitor.get(reverse("outreach:article_list")).content.decode()
    assert Comment.objects.get().status == CommentStatus.APPROVED


def test_category_and_tag_pages_are_cached_search_is_not(page_cache: Any, article: Article) -> None:
    client = Client()
    for url in (reverse("outreach:category", args=["tin-tuc"]), reverse("outreach:article_list")):
        client.get(url)
        assert client.get(url)["X-SXSH-Cache"] == "hit"
    client.get("/tim-kiem/?q=ke+hoach")
    assert "X-SXSH-Cache" not in client.get("/tim-kiem/?q=ke+hoach")


def test_form_sent_without_the_lazy_captcha_comes_back_with_it(article: Article,
                                                                comment_data: Callable[..., dict[str, str]]) -> None:
    """No JavaScript and the "Hiện mã xác nhận" link not followed: the reader's text is kept, the CAPTCHA added."""
    client = Client(HTTP_USER_AGENT=BROWSER_UA)
    data = comment_data(title="Giữ lại tiêu đề")
    del data["captcha_0"], data["captcha_1"]
    response = client.post(article.get_absolute_url(), data)
    html = response.content.decode()
    assert response.status_code == 200 and not Comment.objects.exists()
    assert "Vui lòng nhập mã xác nhận." in html and 'name="captcha_1"' in html and "data-captcha-image" in html
    assert 'value="Giữ lại tiêu đề"' in html
