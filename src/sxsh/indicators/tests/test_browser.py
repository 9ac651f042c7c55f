from typing import Any

import pytest
from playwright.sync_api import expect

from sxsh.indicators.models import Report


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_to_drill_down(world: Any, users: Any, page: Any, live_server: Any, login: Any,
                                 hang_bac: Any) -> None:
    login("quan")
    page.goto(f"{live_server.url}/chi-tieu/?year=2019")
    expect(page.locator("#kpi-cp_applying_share")).to_be_visible()
    page.select_option("#f-unit", str(hang_bac.pk))
    page.click("form.filters button[type=submit]")
    page.wait_for_url(lambda url: f"unit={hang_bac.pk}" in url)
    expect(page.locator("#data-as-of")).to_contain_text("Hàng Bạc")
    page.click("#kpi-cp_applying_share .value a")
    page.wait_for_url(lambda url: "/gia-tri/" in url)
    names = sorted(page.locator("#records tbody td:nth-child(2)").all_inner_texts())
    assert names == sorted([world["hb_applying"].name, world["hb_late"].name])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ward_report_returned_then_approved(world: Any, users: Any, page: Any, live_server: Any, login: Any,
                                            hang_bac: Any) -> None:
    login("phuong")
    page.goto(f"{live_server.url}/chi-tieu/bao-cao/")
    page.fill("#id_year", "2019")
    page.click("#new-report button[type=submit]")
    page.wait_for_url(lambda url: "/bao-cao/" in url and url.rstrip("/").split("/")[-1].isdigit())
    page.fill("#id_narrative", "Đã tuyên truyền tới 4 cơ sở.")
    page.click("form.card button[type=submit]")
    page.click("#submit-report")
    expect(page.locator("#report-status")).to_have_attribute("data-status", "submitted")
    report_url = page.url

    page.click("button.link")  # log out
    login("quan")
    page.goto(report_url)
    page.fill("#return-form textarea", "Bổ sung số liệu quý 4")
    page.click("#return-report")
    expect(page.locator("#report-status")).to_have_attribute("data-status", "returned")

    page.click("button.link")
    login("phuong")
    page.goto(report_url)
    expect(page.locator("#review-comment")).to_contain_text("Bổ sung số liệu quý 4")
    page.click("#submit-report")

    page.click("button.link")
    login("quan")
    page.goto(report_url)
    page.click("#approve-report")
    expect(page.locator("#report-status")).to_have_attribute("data-status", "approved")
    assert Report.objects.get().status == "approved"
