"""Inline images of the article editor: uploaded through the document rules, seen exactly as their article."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from sxsh.core.models import AuditLog
from sxsh.directory.models import AdministrativeUnit, UnitKind, UnitLevel
from sxsh.outreach.models import Article, ArticleImage, ArticleStatus, Category

pytestmark = pytest.mark.django_db
UPLOAD = reverse("outreach:manage_article_image")


def png(name: str = "So do day chuyen.PNG", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def upload(client: Client, unit: AdministrativeUnit, file: Any) -> Any:
    return client.post(UPLOAD, {"unit": unit.pk, "image": file})


def save_article(client: Client, unit: AdministrativeUnit, body: str, pk: int | None = None) -> Article:
    url = reverse("outreach:manage_article_edit", args=[pk]) if pk else reverse("outreach:manage_article_create")
    response = client.post(url, {"title": "Bài có ảnh trong nội dung", "body": body, "category": Category.NEWS,
                                 "unit": unit.pk, "publish_at": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Article.objects.get(title="Bài có ảnh trong nội dung")


def test_an_uploaded_image_is_private_until_an_article_showing_it_is_published(
        users: Any, client_for: Callable[..., Client], district: AdministrativeUnit) -> None:
    officer = client_for(users["district"])
    response = upload(officer, district, png())
    assert response.status_code == 201
    url = response.json()["url"]
    image = ArticleImage.objects.get()
    assert image.image.name.endswith("/so-do-day-chuyen.png") and image.unit == district
    assert url == f"/tin-tuc/anh/{image.key}/"
    entry = AuditLog.objects.get(action="outreach.article_image.uploaded")
    assert entry.user == users["district"] and entry.after["image"] == image.image.name

    seen = officer.get(url)
    assert seen.status_code == 200 and seen["Content-Type"] == "image/png"
    assert Client().get(url).status_code == 404  # in no article yet

    article = save_article(officer, district, f'<h2>Kết quả</h2><p>Sơ đồ:</p><p><img src="{url}"></p>')
    assert list(article.images.all()) == [image]
    assert f'<img src="{url}">' in article.body
    assert Client().get(url).status_code == 404  # the article is a draft
    officer.post(reverse("outreach:manage_article_status", args=[article.pk]), {"status": ArticleStatus.PUBLISHED})
    assert Client().get(url).status_code == 200
    assert f'src="{url}"' in Client().get(article.get_absolute_url()).content.decode()

    save_article(officer, district, "<p>Bỏ ảnh.</p>", pk=article.pk)  # the body no longer shows it
    assert not article.images.exists()
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize("file, message", [
    (SimpleUploadedFile("anh.png", b"<html><script>alert(1)</script></html>", content_type="image/png"),
     "Loại tệp không được chấp nhận"),
    (SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4 not an image", content_type="application/pdf"),
     "Loại tệp không được chấp nhận"),
    (png(size=(2200, 2200)), None),
])
def test_only_png_or_jpeg_by_content_within_the_size_limit(
        users: Any, client_for: Callable[..., Client], district: AdministrativeUnit, monkeypatch: Any,
        file: Any, message: str | None) -> None:
    if message is None:  # a real PNG over a lowered limit
        monkeypatch.setattr("sxsh.outreach.services.INLINE_IMAGE_MAX_BYTES", 1024)
        message = "Tệp quá lớn"
    response = upload(client_for(users["district"]), district, file)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not ArticleImage.objects.exists()
    assert not AuditLog.objects.filter(action="outreach.article_image.uploaded").exists()


def test_upload_refuses_missing_parts_and_other_roles(
        users: Any, client_for: Callable[..., Client], district: AdministrativeUnit) -> None:
    officer = client_for(users["district"])
    assert officer.post(UPLOAD, {"unit": district.pk}).json()["error"] == "Chưa chọn tệp ảnh."
    assert officer.post(UPLOAD, {"unit": "abc", "image": png()}).status_code == 201  # the officer's own unit
    for role in ("enterprise", "consultant"):
        assert upload(client_for(users[role]), district, png()).status_code == 404
    assert upload(client_for(users["ward"]), district, png()).status_code == 400  # his ward's articles only
    anonymous = upload(Client(), district, png())
    assert anonymous.status_code == 302 and "dang-nhap" in anonymous["Location"]
    assert officer.get(UPLOAD).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users["district"])
    assert upload(strict, district, png()).status_code == 403


def test_another_district_neither_sees_nor_places_the_image(
        users: Any, client_for: Callable[..., Client], make_user: Callable[..., Any],
        district: AdministrativeUnit) -> None:
    other = AdministrativeUnit.objects.create(
        name="Ba Đình", level=UnitLevel.DISTRICT, code="ba-dinh", parent=district.parent,
        kind=UnitKind.objects.get(code="quan"))
    stranger = client_for(make_user("district", username="quan-ba-dinh", unit=other))
    url = upload(client_for(users["district"]), district, png()).json()["url"]

    assert stranger.get(url).status_code == 404
    refused = upload(stranger, district, png())  # his form cannot name Hoàn Kiếm as the article's unit
    assert refused.status_code == 400 and "đơn vị" in refused.json()["error"]
    article = save_article(stranger, other, f'<p><img src="{url}"></p>')
    assert not article.images.exists()  # showing another unit's image does not make it his
    stranger.post(reverse("outreach:manage_article_status", args=[article.pk]), {"status": ArticleStatus.PUBLISHED})
    assert Client().get(url).status_code == 404


def test_data_urls_and_foreign_schemes_never_reach_a_body(make_article: Callable[..., Article]) -> None:
    article = make_article(body='<p><img src="data:image/png;base64,iVBORw0KGgo="><img src="javascript:x"></p>'
                                '<p><img src="/tin-tuc/anh/00000000-0000-0000-0000-000000000000/" onerror="x()"></p>')
    assert "data:" not in article.body and "javascript" not in article.body and "onerror" not in article.body
    assert '<img src="/tin-tuc/anh/00000000-0000-0000-0000-000000000000/">' in article.body
