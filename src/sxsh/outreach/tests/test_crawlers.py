"""What crawlers and link previews get: robots.txt, the sitemap, and each article's canonical/Open Graph head."""

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sxsh.outreach.models import Article, ArticleStatus, Document, DocumentAccess

pytestmark = pytest.mark.django_db
LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def disallowed(path: str) -> bool:
    """Whether robots.txt keeps crawlers from ``path`` (prefix rules with ``*`` wildcards, as crawlers read them)."""
    return any(re.match(re.escape(rule).replace(r"\*", ".*"), path) for rule in settings.SXSH_ROBOTS_DISALLOW)


def sitemap_paths(client: Client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [urlsplit(el.text or "").path for el in ET.fromstring(response.content).iter(LOC)]  # noqa: S314


def document(unit: Any, title: str, access: str) -> Document:
    doc = Document(title=title, access=access, unit=unit, file_type="pdf", file_size=13)
    doc.file.save("tai-lieu.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    doc.save()
    return doc


def test_robots_keeps_crawlers_out_of_the_back_office_and_points_to_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("User-agent: *\n")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for rule in settings.SXSH_ROBOTS_DISALLOW:
        assert f"Disallow: {rule}\n" in text
    # the rules cover pages that are not for the public (a login, a 404 or a beacon), never a public page
    for path in ("/quan-tri/", "/bang-dieu-khien/", "/quan-ly/bai-viet/", "/su-kien/quan-ly/", "/chi-tieu/",
                 "/danh-muc/co-so/", "/ke-hoach/", "/tai-khoan/"):
        assert disallowed(path) and client.get(path).status_code in (302, 404), path
    for path in ("/", "/tin-tuc/", "/tai-lieu/", "/su-kien/", "/su-kien/da-dien-ra/", "/tin-tuc/bai-viet/",
                 "/su-kien/hoi-thao/", "/rss.xml", "/atom.xml"):
        assert not disallowed(path), path
    assert disallowed("/su-kien/hoi-thao/dang-ky/") and disallowed("/tin-tuc/bai-viet/da-xem/")


def test_the_sitemap_lists_home_articles_and_public_documents_and_nothing_crawlers_may_not_read(
        client: Client, make_article: Callable[..., Article], district: Any) -> None:
    published = make_article("Tin đã đăng")
    draft = make_article("Bản nháp", status=ArticleStatus.DRAFT)
    public = document(district, "Cẩm nang công khai", DocumentAccess.PUBLIC)
    private = document(district, "Tài liệu nội bộ", DocumentAccess.LOGGED_IN)
    paths = sitemap_paths(client)
    assert "/" in paths and "/su-kien/" in paths and "/su-kien/da-dien-ra/" in paths and "/tai-lieu/" in paths
    assert published.get_absolute_url() in paths and draft.get_absolute_url() not in paths
    assert f"/tai-lieu/{public.pk}/tai-ve/" in paths and f"/tai-lieu/{private.pk}/tai-ve/" not in paths
    assert not [p for p in paths if disallowed(p)]
    for path in paths:
        assert client.get(path).status_code == 200, path


class HeadReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        if tag == "link":
            self.links.append(values)


def test_an_article_names_its_canonical_address_feeds_and_preview(
        client: Client, make_article: Callable[..., Article], png_cover: Any) -> None:
    article = make_article("Hàng Bạc giảm 12% điện năng", summary="Kết quả <đánh giá> năm 2019.", cover=png_cover)
    head = HeadReader()
    head.feed(client.get(article.get_absolute_url()).content.decode())
    url = f"http://testserver{article.get_absolute_url()}"
    assert {"rel": "canonical", "href": url} in head.links
    feeds = {link["type"]: link["href"] for link in head.links if link.get("rel") == "alternate"}
    assert feeds == {"application/rss+xml": "/rss.xml", "application/atom+xml": "/atom.xml"}
    assert head.meta["og:type"] == "article" and head.meta["og:url"] == url
    assert head.meta["og:title"] == "Hàng Bạc giảm 12% điện năng"
    assert head.meta["og:description"] == "Kết quả <đánh giá> năm 2019."  # escaped in the page, read back whole
    assert head.meta["og:image"] == f"http://testserver/tin-tuc/{article.slug}/anh-bia/"
    assert head.meta["og:locale"] == "vi_VN" and head.meta["og:site_name"]
    assert head.meta["article:published_time"].startswith(article.publish_at.date().isoformat()[:4])
    assert client.get(urlsplit(head.meta["og:image"]).path)["Content-Type"] == "image/png"


@pytest.fixture
def png_cover() -> SimpleUploadedFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 63), (200, 220, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile("bia.png", buffer.getvalue(), content_type="image/png")
