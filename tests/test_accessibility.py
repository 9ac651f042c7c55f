"""axe-core over the main pages of each role, on the demo data: no serious or critical WCAG 2.1 A/AA finding."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from sxsh.core.checks import DEMO_PASSWORD
from sxsh.events.models import Event, EventStatus
from sxsh.outreach.models import Article, ArticleStatus
from sxsh.plans.models import Plan
from sxsh.testing.axe import serious_findings


def main_pages() -> dict[str | None, list[str]]:
    """The pages each role opens first (None: a visitor), with ids from the demo."""
    plan = Plan.objects.order_by("pk").first()
    article = Article.objects.filter(status=ArticleStatus.PUBLISHED).order_by("pk").first()
    event = Event.objects.filter(status=EventStatus.PUBLISHED).order_by("pk").first()
    assert plan and article and event
    return {
        None: ["/", "/tin-tuc/", article.get_absolute_url(), "/su-kien/", f"/su-kien/{event.slug}/", "/tai-lieu/",
               "/tai-khoan/dang-nhap/"],
        "quan": ["/", "/bang-dieu-khien/", f"/ke-hoach/{plan.pk}/", "/chi-tieu/?year=2019", "/danh-muc/co-so/",
                 "/su-kien/quan-ly/", f"/su-kien/quan-ly/{event.pk}/", "/danh-gia/"],
        "phuong": ["/", "/chi-tieu/bao-cao/", "/danh-muc/co-so/"],
        "so": ["/", "/chi-tieu/?year=2019"],
        "chuyengia": ["/", "/danh-gia/"],
        "doanhnghiep": ["/"],
        "admin": ["/", "/quan-ly/bai-viet/them/", "/quan-ly/binh-luan/", "/tai-khoan/nguoi-dung/", "/nhat-ky/"],
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_have_no_serious_accessibility_findings(browser: Any, live_server: Any) -> None:
    call_command("load_demo", stdout=StringIO())
    findings: list[str] = []
    visited = 0
    for username, paths in main_pages().items():
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        if username:
            page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
            page.fill("#id_username", username)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url(lambda url: "dang-nhap" not in url)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (username, path)
            findings += [f"[{username or 'khách'}] {line}" for line in serious_findings(page)]
            visited += 1
        context.close()
    assert visited >= 25
    assert not findings, "\n".join(findings)
