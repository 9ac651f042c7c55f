"""One journey in a real browser: a district officer posts progress and sees the bar move."""

from typing import Any

import pytest

from sxsh.plans.models import Activity, Plan


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_district_officer_posts_progress_and_sees_the_bar_move(
    page: Any, live_server: Any, login: Any, members: dict[str, Any], plan: Plan, activity: Activity,
    settings: Any, tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    login("quan")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    bar = page.locator("#plan-progress [role=progressbar]")
    assert bar.get_attribute("aria-valuenow") == "0"
    page.click(f"text={activity.title}")
    page.click("text=Cập nhật tiến độ")
    page.fill("#id_reported_on", "2019-10-15")
    page.fill("#id_percent_complete", "140")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_narrative", "Đã in 500 cuốn cẩm nang.")
    page.click("form.card button[type=submit]")
    assert page.locator(".error").first.is_visible()  # 140 % refused, entries kept
    assert page.input_value("#id_narrative") == "Đã in 500 cuốn cẩm nang."
    page.fill("#id_percent_complete", "60")
    tmp = tmp_path / "bien-ban.pdf"
    tmp.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files("#id_evidence_files", str(tmp))
    page.fill("#id_evidence_links", "Tin trên cổng thông tin quận | https://example.org/tin-1")
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"**/ke-hoach/hoat-dong/{activity.pk}/")
    assert "Đã in 500 cuốn cẩm nang." in page.inner_text("#updates")
    assert "bien-ban.pdf" in page.inner_text("#updates")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    assert bar.get_attribute("aria-valuenow") == "60"
    assert page.locator("#plan-progress .bar span").get_attribute("class") == "pct-60"
    box = page.locator("#plan-progress .bar span").bounding_box()
    track = bar.bounding_box()
    assert box and track and 0.55 < box["width"] / track["width"] < 0.65  # the stylesheet really sizes the bar
