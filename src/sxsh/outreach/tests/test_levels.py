"""Who keeps the portal, by level and era: up to 30/6/2025 the district's economic office writes and moderates
for its district (a ward officer does not moderate the district's articles); once the 2025 reorganisation is
applied the district is closed (read-only), the province's Department keeps the province's portal and a
ward's economic office its own ward's articles, and a new comment tells the officers of the nearest level."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sxsh.core.roles import Role
from sxsh.directory import services as directory_services
from sxsh.directory.management.commands.load_reorganisation import DEFAULT
from sxsh.directory.models import AdministrativeUnit
from sxsh.outreach.models import Article, Comment, CommentStatus
from sxsh.outreach.notices import moderators_of

pytestmark = pytest.mark.django_db


def _comment(article: Article, title: str = "Hỏi về cẩm nang") -> Comment:
    return Comment.objects.create(article=article, name="Trần Bình", title=title, body="Có bản điện tử không?")


def _approve(client: Client, comment: Comment) -> int:
    status = client.post(reverse("outreach:moderate_comment", args=[comment.pk, "duyet"])).status_code
    comment.refresh_from_db()
    return status


def _write(client: Client, unit: AdministrativeUnit, title: str) -> Article | None:
    client.post(reverse("outreach:manage_article_create"), {
        "title": title, "summary": "", "body": "<p>Nội dung.</p>", "category": "news", "unit": unit.pk})
    return Article.objects.filter(title=title).first()


def test_until_the_reorganisation_the_district_keeps_its_portal(
        users: Any, client_for: Callable[..., Client], make_article: Callable[..., Article]) -> None:
    article = make_article("Bài của quận")
    comment = _comment(article)
    assert moderators_of(comment) == [users["district"]]  # not the Department above it
    assert _approve(client_for(users["ward"]), comment) == 404  # the district's article is not the ward's
    assert comment.status == CommentStatus.PENDING
    assert _approve(client_for(users["district"]), comment) == 302
    assert comment.status == CommentStatus.APPROVED
    assert _write(client_for(users["district"]), article.unit, "Tin quận mới") is not None


@pytest.fixture
def reorganised(reference: None) -> None:
    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    reorganisation, _ = directory_services.record_reorganisation(acting_user=None, data=data)
    directory_services.apply_reorganisation(acting_user=None, reorganisation=reorganisation)


def _new_ward(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(path=f"/ha-noi/{code}/")


def test_after_the_reorganisation_the_department_and_the_ward_office_keep_it(
        reorganised: None, users: Any, client_for: Callable[..., Client], make_user: Callable[..., Any],
        make_article: Callable[..., Article]) -> None:
    district_article = make_article("Bài cũ của quận")
    old = _comment(district_article)
    assert moderators_of(old) == [users["doit"]]  # the district is closed: its officer writes nothing
    assert _approve(client_for(users["district"]), old) == 403 and old.status == CommentStatus.PENDING
    assert _approve(client_for(users["doit"]), old) == 302 and old.status == CommentStatus.APPROVED

    hoan_kiem, cua_nam = _new_ward("phuong-hoan-kiem"), _new_ward("phuong-cua-nam")
    officer = make_user(Role.WARD, username="kt-hoankiem", unit=hoan_kiem)
    neighbour = make_user(Role.WARD, username="kt-cuanam", unit=cua_nam)
    ward_article = _write(client_for(officer), hoan_kiem, "Phường Hoàn Kiếm tập huấn sản xuất sạch hơn")
    assert ward_article is not None and ward_article.unit == hoan_kiem
    assert _write(client_for(officer), district_article.unit, "Bài cho đơn vị khác") is None
    new = _comment(ward_article, "Lịch tập huấn")
    assert moderators_of(new) == [officer]  # the nearest level, not the Department as well
    assert _approve(client_for(neighbour), new) == 404 and new.status == CommentStatus.PENDING
    assert "Lịch tập huấn" in client_for(users["doit"]).get(reverse("outreach:manage_comments")).content.decode()
    assert _approve(client_for(officer), new) == 302 and new.status == CommentStatus.APPROVED

    province = AdministrativeUnit.objects.get(path="/ha-noi/")
    provincial = _write(client_for(users["doit"]), province, "Sở Công Thương phát động chương trình năm 2026")
    assert provincial is not None and provincial.unit == province
    assert moderators_of(_comment(provincial, "Đăng ký tham gia")) == [users["doit"]]
