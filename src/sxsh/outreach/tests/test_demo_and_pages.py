import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sxsh.outreach.models import Article, Comment, CommentStatus, Distribution, Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference: None) -> None:
    from sxsh.accounts import demo as accounts_demo
    from sxsh.directory import demo as directory_demo
    from sxsh.outreach import demo as outreach_demo

    directory_demo.load()
    accounts_demo.load()
    outreach_demo.load()


def test_demo_is_idempotent_and_holds_the_seed_article(demo: None, tmp_path: Path) -> None:
    from sxsh.outreach import demo as outreach_demo

    counts = (Article.objects.count(), Comment.objects.count(), Document.objects.count(), Distribution.objects.count())
    outreach_demo.load()
    assert counts == (Article.objects.count(), Comment.objects.count(), Document.objects.count(),
                      Distribution.objects.count())
    seed = Article.objects.get(title=outreach_demo.SEED_TITLE)
    assert timezone.localtime(seed.publish_at).strftime("%H:%M %d/%m/%Y") == "09:16 12/08/2019"  # type: ignore[arg-type]
    assert seed.author_name == "Hoàng Nam" and seed.body.startswith("<p>HNP - Ngày 8/8")
    assert Comment.objects.filter(status=CommentStatus.PENDING).exists()
    assert Comment.objects.filter(status=CommentStatus.APPROVED).exists()
    handbook = Document.objects.get(title="Cẩm nang sản xuất sạch hơn")
    (tmp_path / "h.pdf").write_bytes(handbook.file.read())
    text = subprocess.run(["/usr/bin/pdftotext", str(tmp_path / "h.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Cẩm nang sản xuất sạch hơn" in text
    assert Distribution.objects.values("unit").distinct().count() >= 3


def test_back_office_pages_render(demo: None, client_for: Callable[..., Client]) -> None:
    from sxsh.accounts.models import User

    officer = client_for(User.objects.get(username="quan"))
    article = Article.objects.first()
    document = Document.objects.first()
    assert article is not None and document is not None
    for url in (
        reverse("outreach:manage_articles"), reverse("outreach:manage_article_create"),
        reverse("outreach:manage_article_edit", args=[article.pk]), reverse("outreach:manage_comments"),
        reverse("outreach:manage_comments") + "?status=all", reverse("outreach:manage_documents"),
        reverse("outreach:manage_document_create"), reverse("outreach:manage_document_edit", args=[document.pk]),
        reverse("outreach:manage_distributions"), reverse("outreach:manage_distribution_create"),
    ):
        response = officer.get(url)
        assert response.status_code == 200, url
    ward = client_for(User.objects.get(username="phuong"))
    assert ward.get(reverse("outreach:manage_documents")).status_code == 200
    assert ward.get(reverse("outreach:manage_distribution_create")).status_code == 200


def test_public_pages_render(demo: None, client: Client) -> None:
    for url in ("/", "/tin-tuc/", "/chuyen-muc/chinh-sach/", "/chuyen-muc/dien-hinh/", "/tim-kiem/",
                "/tim-kiem/?q=cam+nang", "/tai-lieu/", "/tai-lieu/?kind=handbook", "/rss.xml", "/atom.xml",
                "/sitemap.xml"):
        assert client.get(url).status_code == 200, url
    assert client.get("/chuyen-muc/khong-co/").status_code == 404
    page = client.get("/chuyen-muc/dien-hinh/").content.decode()
    assert "minh họa" in page
    html: Any = client.get("/").content.decode()
    assert "Tin mới" in html and "Chương trình quốc gia về sản xuất và tiêu dùng bền vững" in html
    assert "hẹn giờ đăng" not in html and "Bản nháp" not in html
