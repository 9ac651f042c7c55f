import re
import xml.etree.ElementTree as ET  # our own feed output, not untrusted input
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from sxsh.core.models import AuditLog
from sxsh.outreach import selectors, services
from sxsh.outreach.models import Article, ArticleStatus, Category

from .conftest import BROWSER_UA

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def three(make_article: Callable[..., Article]) -> dict[str, Article]:
    return {
        "published": make_article("Tin đã đăng về sản xuất sạch hơn"),
        "draft": make_article("Bản nháp bí mật", status=ArticleStatus.DRAFT),
        "review": make_article("Bài đang chờ duyệt", status=ArticleStatus.IN_REVIEW),
        "scheduled": make_article("Bài hẹn giờ tương lai", publish_at=timezone.now() + timedelta(hours=2)),
    }


def test_only_published_and_due_articles_are_public(client: Client, three: dict[str, Article]) -> None:
    listing = client.get(reverse("outreach:article_list")).content.decode()
    assert "Tin đã đăng về sản xuất sạch hơn" in listing
    for key in ("draft", "review", "scheduled"):
        assert three[key].title not in listing
        assert client.get(three[key].get_absolute_url()).status_code == 404
    assert client.get(three["published"].get_absolute_url()).status_code == 200
    category = client.get(reverse("outreach:category", args=["tin-tuc"])).content.decode()
    assert "Bài hẹn giờ tương lai" not in category and "Tin đã đăng" in category
    home = client.get("/").content.decode()
    assert "Tin đã đăng về sản xuất sạch hơn" in home and "Bản nháp bí mật" not in home


def test_scheduled_article_appears_when_its_time_comes(client: Client, three: dict[str, Article]) -> None:
    scheduled = three["scheduled"]
    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    # scope.public evaluates "now" in the database at query time as well
    assert Article.objects.restrict(None, "view").filter(pk=scheduled.pk).exists()
    assert not Article.objects.restrict(None, "view").filter(pk=three["draft"].pk).exists()


def test_api_lists_only_published(client: Client, three: dict[str, Article]) -> None:
    body = client.get("/api/outreach/articles").json()
    titles = [a["title"] for a in body["items"]]
    assert titles == ["Tin đã đăng về sản xuất sạch hơn"]
    assert client.get(f"/api/outreach/articles/{three['draft'].slug}").status_code == 404
    assert client.get(f"/api/outreach/articles/{three['scheduled'].slug}").status_code == 404
    detail = client.get(f"/api/outreach/articles/{three['published'].slug}").json()
    assert detail["body"] == "<p>Nội dung bài viết.</p>"
    assert client.get("/api/outreach/articles", {"q": "san xuat sach"}).json()["count"] == 1
    assert client.get("/api/outreach/articles", {"category": "policy"}).json()["count"] == 0


def test_feeds_parse_and_hold_published_items_only(client: Client, three: dict[str, Article]) -> None:
    rss = client.get("/rss.xml")
    assert rss.status_code == 200
    root = ET.fromstring(  # noqa: S314
        rss.content)
    titles = [i.findtext("title") for i in root.iter("item")]
    assert titles == ["Tin đã đăng về sản xuất sạch hơn"]
    atom = ET.fromstring(  # noqa: S314
        client.get("/atom.xml").content)
    entries = [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")]
    assert entries == ["Tin đã đăng về sản xuất sạch hơn"]
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    locs = [el.text or "" for el in ET.fromstring(  # noqa: S314
        sitemap.content).iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(three["published"].slug in loc for loc in locs)
    assert not any(three["draft"].slug in loc or three["scheduled"].slug in loc for loc in locs)


def test_search_ignores_diacritics(client: Client, make_article: Callable[..., Article]) -> None:
    make_article("Đồng Xuân áp dụng tiết kiệm năng lượng")
    make_article("Hội thảo về dệt may")
    page = client.get(reverse("outreach:search"), {"q": "dong xuan tiet kiem"}).content.decode()
    assert "Đồng Xuân áp dụng tiết kiệm năng lượng" in page
    assert "Hội thảo về dệt may" not in page


def test_tag_page(client: Client, users: Any, district: Any) -> None:
    article = services.save_article(acting_user=users["district"], article=Article(), data={
        "title": "Bài có thẻ", "body": "<p>x</p>", "category": Category.NEWS, "unit": district,
    }, tags=["Tiết kiệm năng lượng", "Dệt may"])
    services.change_article_status(acting_user=users["district"], article=article, status=ArticleStatus.PUBLISHED)
    page = client.get("/the/tiet-kiem-nang-luong/")
    assert "Bài có thẻ" in page.content.decode()
    assert client.get("/the/khong-co/").status_code == 404


def read(client: Client, url: str, **extra: Any) -> str:
    """What a browser does: GET the page, then send the view beacon the page carries (htmx ``hx-post``)."""
    page = client.get(url, **extra).content.decode()
    beacon = re.search(r'hx-post="([^"]+)" hx-trigger="load"', page)
    assert beacon is not None, "no view beacon on the page"
    response = client.post(beacon.group(1), **extra)
    assert response.status_code == 204
    return page


def _flushed(article: Article) -> int:
    """The article's count once the periodic flush has added the views counted in the cache."""
    services.flush_view_counts()
    article.refresh_from_db()
    return article.view_count


def test_view_counted_once_per_reader_per_day_and_bots_ignored(client: Client, article: Article) -> None:
    url = article.get_absolute_url()
    read(client, url, HTTP_USER_AGENT=BROWSER_UA)
    read(client, url, HTTP_USER_AGENT=BROWSER_UA)
    article.refresh_from_db()
    assert article.view_count == 0  # counted in the cache until the flush
    assert _flushed(article) == 1 and services.flush_view_counts() == 0
    read(client, url, HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR="10.0.0.2")
    read(client, url, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)", REMOTE_ADDR="10.0.0.3")
    read(client, url, HTTP_USER_AGENT="curl/8.0", REMOTE_ADDR="10.0.0.4")
    read(client, url, REMOTE_ADDR="10.0.0.5")  # no user agent at all
    assert _flushed(article) == 2
    # the next day the same reader counts again
    with freeze_time(timezone.now() + timedelta(days=1)):
        read(client, url, HTTP_USER_AGENT=BROWSER_UA)
    assert _flushed(article) == 3
    page = client.get(url, HTTP_USER_AGENT=BROWSER_UA).content.decode()
    assert 'Xem: <span class="view-count">3</span>' in page


def test_view_beacon_rules(client: Client, article: Article, make_article: Callable[..., Article]) -> None:
    url = article.get_absolute_url()
    beacon = reverse("outreach:article_seen", args=[article.slug])
    # the page alone writes nothing (it may come from the cache); the beacon counts
    client.get(url, HTTP_USER_AGENT=BROWSER_UA)
    assert _flushed(article) == 0
    # without JavaScript the <noscript> image GETs the beacon: counted when same-origin (or no Sec-Fetch header)
    page = client.get(url, HTTP_USER_AGENT=BROWSER_UA).content.decode()
    assert f'<noscript><img class="beacon" src="{beacon}"' in page
    response = client.get(beacon, HTTP_USER_AGENT=BROWSER_UA, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 204 and response["Cache-Control"] == "no-store"
    # an image embedded by another site does not count its visitors
    client.get(beacon, HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR="10.9.9.9", HTTP_SEC_FETCH_SITE="cross-site")
    assert _flushed(article) == 1
    # the beacon of an unpublished article is a 404 and counts nothing
    draft = make_article("Bản nháp", status=ArticleStatus.DRAFT)
    assert client.post(reverse("outreach:article_seen", args=[draft.slug]), HTTP_USER_AGENT=BROWSER_UA).status_code == 404
    assert client.put(beacon, HTTP_USER_AGENT=BROWSER_UA).status_code == 405
    assert _flushed(article) == 1 and _flushed(draft) == 0


def test_beacon_needs_csrf_on_post(article: Article) -> None:
    strict = Client(enforce_csrf_checks=True)
    beacon = reverse("outreach:article_seen", args=[article.slug])
    assert strict.post(beacon, HTTP_USER_AGENT=BROWSER_UA).status_code == 403
    page = strict.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA).content.decode()
    token = re.search(r'"X-CSRFToken": "([A-Za-z0-9]{64})"', page)
    assert token is not None
    assert strict.post(beacon, HTTP_USER_AGENT=BROWSER_UA, HTTP_X_CSRFTOKEN=token.group(1)).status_code == 204
    assert _flushed(article) == 1


def test_article_page_shows_seed_layout(client: Client, make_article: Callable[..., Article]) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    older = make_article("Bài cũ hơn", publish_at=datetime(2019, 8, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    seed = make_article("Bài hạt giống", publish_at=datetime(2019, 8, 12, 9, 16, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
                        author_name="Hoàng Nam")
    newer = make_article("Bài mới hơn")
    page = client.get(seed.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA).content.decode()
    assert "09:16 12/08/2019" in page
    assert "Hoàng Nam" in page
    newest_section = page.split("Các bài mới đăng")[1]
    older_section = page.split("Các bài đã đăng")[1].split("Bình luận")[0]
    assert newer.title in newest_section
    assert older.title in older_section and newer.title not in older_section
    for label in ("Họ tên:", "Số điện thoại:", "Tiêu đề:", "Nội dung:", "Mã xác nhận:"):
        assert label in page
    # the CAPTCHA itself (image, answer box, "Lấy lại mã bảo mật") comes with the lazy fragment
    fragment = client.get(reverse("outreach:article_captcha", args=[seed.slug])).content.decode()
    assert "Lấy lại mã bảo mật" in fragment and 'name="captcha_1"' in fragment and "data-captcha-image" in fragment


def test_article_page_query_budget(client: Client, make_article: Callable[..., Article],
                                   django_assert_max_num_queries: Any) -> None:
    from sxsh.outreach.models import Comment, CommentStatus

    target = make_article("Bài cần đo")
    for i in range(12):
        a = make_article(f"Bài số {i}")
        Comment.objects.create(article=target, name=f"Người {i}", title="t", body="b", status=CommentStatus.APPROVED)
        del a
    client.get(target.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA)  # warm up
    with django_assert_max_num_queries(6) as queries:  # article, tags, comments, newest, older (no writes)
        response = client.get(target.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 200
    assert not any(q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE")) for q in queries.captured_queries)
    with django_assert_max_num_queries(3):  # the lazy CAPTCHA: existence check + one stored challenge
        assert client.get(reverse("outreach:article_captcha", args=[target.slug])).status_code == 200
    beacon = reverse("outreach:article_seen", args=[target.slug])
    with django_assert_max_num_queries(1):  # first view of the day: the article's id (then remembered); counted in the cache
        assert client.post(beacon, HTTP_USER_AGENT=BROWSER_UA).status_code == 204
    with django_assert_max_num_queries(0):  # already counted today: one cache read
        assert client.post(beacon, HTTP_USER_AGENT=BROWSER_UA).status_code == 204


def test_home_and_list_query_budget(client: Client, make_article: Callable[..., Article],
                                    django_assert_max_num_queries: Any) -> None:
    for i in range(15):
        make_article(f"Tin số {i}")
    from sxsh.outreach.navigation import HOME_SECTIONS

    _, _, section = HOME_SECTIONS[0]
    with django_assert_max_num_queries(1):
        assert len(section(None)["articles"]) == 4  # our block on the home page: one query
    with django_assert_max_num_queries(20):  # the whole home page, every app's blocks included
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("outreach:article_list")).status_code == 200


def test_body_is_sanitised_on_save(make_article: Callable[..., Article], client: Client) -> None:
    article = make_article(
        "Bài có mã độc",
        body='<p onclick="alert(1)">Chữ <script>alert("x")</script><a href="javascript:alert(2)">link</a>'
             '<img src="x.png" onerror="alert(3)"></p>',
    )
    assert "<script" not in article.body and "onclick" not in article.body and "onerror" not in article.body
    assert "javascript:" not in article.body
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'alert("x")' not in page


def test_back_office_write_and_publish_with_audit(users: Any, client_for: Callable[..., Client],
                                                 district: Any) -> None:
    officer = client_for(users["district"])
    response = officer.post(reverse("outreach:manage_article_create"), {
        "title": "Quận tổ chức tập huấn sản xuất sạch hơn", "summary": "Tóm tắt", "body": "<p>Nội dung</p>",
        "category": Category.NEWS, "author_name": "Phòng Kinh tế", "publish_at": "", "unit": district.pk,
        "tag_names": "tập huấn, SXSH",
    })
    assert response.status_code == 302
    article = Article.objects.get(title="Quận tổ chức tập huấn sản xuất sạch hơn")
    assert article.slug == "quan-to-chuc-tap-huan-san-xuat-sach-hon"
    assert article.status == ArticleStatus.DRAFT
    assert Client().get(article.get_absolute_url()).status_code == 404
    officer.post(reverse("outreach:manage_article_status", args=[article.pk]), {"status": ArticleStatus.IN_REVIEW})
    officer.post(reverse("outreach:manage_article_status", args=[article.pk]), {"status": ArticleStatus.PUBLISHED})
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.publish_at is not None
    assert Client().get(article.get_absolute_url()).status_code == 200
    actions = set(AuditLog.objects.filter(object_id=str(article.pk)).values_list("action", flat=True))
    assert {"outreach.article.created", "outreach.article.in_review", "outreach.article.published"} <= actions


def test_back_office_is_for_the_officers_of_the_article_unit(users: Any, client_for: Callable[..., Client],
                                                            make_article: Callable[..., Article]) -> None:
    """Enterprises and consultants have no back office; a ward officer has one for his ward's articles only,
    so the district's draft is out of his scope."""
    draft = make_article("Bản nháp", status=ArticleStatus.DRAFT)
    for role in ("ward", "enterprise", "consultant"):
        c = client_for(users[role])
        assert c.get(reverse("outreach:manage_articles")).status_code == (200 if role == "ward" else 404)
        assert c.get(reverse("outreach:manage_article_edit", args=[draft.pk])).status_code == 404
        c.post(reverse("outreach:manage_article_status", args=[draft.pk]), {"status": "published"})
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT
    assert Client().get(reverse("outreach:manage_articles")).status_code == 302
    assert client_for(users["district"]).get(reverse("outreach:manage_articles")).status_code == 200


def test_cover_must_be_an_image_by_content(users: Any, client_for: Callable[..., Client], district: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client_for(users["district"]).post(reverse("outreach:manage_article_create"), {
        "title": "Bài có ảnh giả", "body": "<p>x</p>", "category": Category.NEWS, "unit": district.pk, "cover": fake,
    })
    assert response.status_code == 200
    assert not Article.objects.filter(title="Bài có ảnh giả").exists()


def test_selector_public_q_is_built_at_call_time(make_article: Callable[..., Article]) -> None:
    a = make_article("Sắp đăng", publish_at=timezone.now() + timedelta(seconds=30))
    assert not selectors.published_articles().filter(pk=a.pk).exists()
    Article.objects.filter(pk=a.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert selectors.published_articles().filter(pk=a.pk).exists()


def test_a_counted_reader_costs_the_beacon_no_query_and_a_worker_flushes_the_counts(
        client: Client, article: Article, django_assert_num_queries: Any) -> None:
    from sxsh.tasks import periodic

    beacon = reverse("outreach:article_seen", args=[article.slug])
    assert client.post(beacon, HTTP_USER_AGENT=BROWSER_UA).status_code == 204
    with django_assert_num_queries(0):
        assert client.post(beacon, HTTP_USER_AGENT=BROWSER_UA).status_code == 204
    job = periodic.JOBS["sxsh.outreach.tasks.flush_view_counts"]
    due, job.next_at = job.next_at, 0.0
    try:
        assert periodic.run_due() >= 1  # what every worker's beat does
    finally:
        job.next_at = due
    article.refresh_from_db()
    assert article.view_count == 1


def test_admin_pages_render(users: Any, client_for: Callable[..., Client], article: Article) -> None:
    admin = client_for(users["admin"])
    for name in ("article", "comment", "document", "distribution", "tag"):
        assert admin.get(f"/quan-tri/outreach/{name}/").status_code == 200
    assert admin.get(f"/quan-tri/outreach/article/{article.pk}/change/").status_code == 200


@pytest.mark.parametrize("publish_at", ["0001-01-01T00:00", "01/01/0001 00:00", "9999-12-31T23:59", "1899-12-31T23:59"])
def test_publish_date_outside_1900_2100_is_refused(users: Any, client_for: Callable[..., Client], district: Any,
                                                   make_article: Callable[..., Article], publish_at: str) -> None:
    """01/01/0001 was saved (a BC time stamp on PostgreSQL), after which feeds, sitemap, API and back office
    answered 500: now the form refuses it next to the field, keeps the entries, and every reader still works."""
    make_article("Bài đã đăng")
    officer = client_for(users["district"])
    response = officer.post(reverse("outreach:manage_article_create"), {
        "title": "Bài hẹn giờ năm 1", "body": "<p>x</p>", "category": Category.NEWS, "unit": district.pk,
        "publish_at": publish_at,
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngày phải nằm trong khoảng từ năm 1900 đến năm 2100." in page
    assert "Bài hẹn giờ năm 1" in page  # the entries are kept
    assert not Article.objects.filter(title="Bài hẹn giờ năm 1").exists()
    for url in ("/rss.xml", "/atom.xml", "/sitemap.xml", "/api/outreach/articles", "/tin-tuc/"):
        assert Client().get(url).status_code == 200, url
    assert officer.get(reverse("outreach:manage_articles")).status_code == 200


def test_the_database_refuses_an_unreadable_publish_date(make_article: Callable[..., Article]) -> None:
    """Whatever path writes (admin, shell, a future form), the check constraint keeps the year in range."""
    from datetime import UTC, datetime

    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    article = make_article("Bài kiểm tra ràng buộc")
    article.publish_at = datetime(1, 1, 1, tzinfo=UTC)
    with pytest.raises(ValidationError, match="1900"):
        article.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_rotating_the_browser_string_cannot_inflate_the_view_count(client: Client, article: Article,
                                                                   settings: Any) -> None:
    """Each User-Agent is a new "reader": one address counts at most SXSH_VIEW_RATE views, then none."""
    settings.SXSH_VIEW_RATE = (5, 3600)
    beacon = reverse("outreach:article_seen", args=[article.slug])
    for n in range(12):
        assert client.post(beacon, HTTP_USER_AGENT=f"{BROWSER_UA} v{n}").status_code == 204
    assert _flushed(article) == 5
    client.post(beacon, HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR="10.9.9.9")  # another address still counts
    assert _flushed(article) == 6


def test_new_captchas_are_budgeted_per_client_and_expired_ones_pruned(client: Client, article: Article,
                                                                      settings: Any) -> None:
    """The refresh URL and the form fragment each insert a row: after the budget, 429 and no new row."""
    from datetime import timedelta

    from captcha.models import CaptchaStore

    settings.SXSH_CAPTCHA_RATE = (4, 600)
    CaptchaStore.objects.create(challenge="OLD", response="old", expiration=timezone.now() - timedelta(hours=1))
    fragment = reverse("outreach:article_captcha", args=[article.slug])
    statuses = [client.get(fragment).status_code for _ in range(2)]
    statuses += [client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code
                 for _ in range(4)]
    statuses.append(client.get(article.get_absolute_url(), {"ma-xac-nhan": "1"}).status_code)
    assert statuses == [200, 200, 200, 200, 429, 429, 429]
    refused = client.get(fragment)
    assert refused.status_code == 429
    assert "quá nhiều mã xác nhận" in refused.content.decode()
    assert not CaptchaStore.objects.filter(challenge="OLD").exists()  # pruned on the way
    assert CaptchaStore.objects.count() == 4
    assert client.get(fragment, REMOTE_ADDR="10.8.8.8").status_code == 200  # another client is not affected


def test_back_office_publishes_several_articles_at_once(users: Any, client_for: Callable[..., Client],
                                                        make_article: Callable[..., Article]) -> None:
    """Publish, or take back to draft, the ticked articles: one audited status change each; one that cannot
    move is named in the message and the others still move."""
    drafts = [make_article(f"Bản nháp {i}", status=ArticleStatus.DRAFT) for i in range(2)]
    published = make_article("Đã đăng")
    officer = client_for(users["district"])
    page = officer.get(reverse("outreach:manage_articles"), {"status": "draft"}).content.decode()
    assert all(f'name="pk" value="{a.pk}"' in page for a in drafts)
    bulk = reverse("outreach:manage_article_bulk")
    response = officer.post(bulk + "?status=draft", {"action": "publish", "pk": [a.pk for a in drafts]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("outreach:manage_articles") + "?status=draft"
    assert {a.status for a in Article.objects.filter(pk__in=[a.pk for a in drafts])} == {ArticleStatus.PUBLISHED}
    assert AuditLog.objects.filter(action="outreach.article.published").count() == 2
    refused = officer.post(bulk, {"action": "publish", "pk": [published.pk]}, follow=True).content.decode()
    assert "Đã đăng: Không thể chuyển bài viết" in refused
    officer.post(bulk, {"action": "draft", "pk": [drafts[0].pk, published.pk]})
    assert Article.objects.filter(status=ArticleStatus.DRAFT).count() == 2
    assert client_for(users["ward"]).post(bulk, {"action": "draft", "pk": [drafts[1].pk]}).status_code == 404
