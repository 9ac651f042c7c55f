"""One journey in a real browser: a district officer adds an activity, posts progress with evidence on it
(their Economic Division is responsible) and sees the bars move."""

from typing import Any

import pytest
from playwright.sync_api import expect

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
    page.click("text=Thêm hoạt động >> nth=0")
    page.select_option("#id_workstream", str(activity.workstream_id))
    page.fill("#id_title", "Hội thảo chuyên đề với Sở Công Thương")
    page.select_option("#id_responsible", str(members["district"].organisation_id))
    page.fill("#id_start_date", "2019-10-01")
    page.fill("#id_due_date", "2099-10-31")
    page.fill("#id_budget", "80000000")
    page.check("input[name=programmes][value=energy_efficiency]")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/ke-hoach/hoat-dong/*/")
    new = Activity.objects.get(title="Hội thảo chuyên đề với Sở Công Thương")
    assert new.programmes == ["energy_efficiency"] and new.budget == 80_000_000
    page.click("text=Cập nhật tiến độ")
    page.fill("#id_reported_on", "2019-10-15")
    page.fill("#id_percent_complete", "140")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_narrative", "Đã in 500 cuốn cẩm nang.")
    page.click("form.card button[type=submit]")
    expect(page.locator(".error").first).to_be_visible()  # 140 % refused (waits for the answer), entries kept
    assert page.input_value("#id_narrative") == "Đã in 500 cuốn cẩm nang."
    page.fill("#id_percent_complete", "60")
    tmp = tmp_path / "bien-ban.pdf"
    tmp.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files("#id_evidence_files", str(tmp))
    page.fill("#id_evidence_links", "Tin trên cổng thông tin quận | https://example.org/tin-1")
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"**/ke-hoach/hoat-dong/{new.pk}/")
    assert "Đã in 500 cuốn cẩm nang." in page.inner_text("#updates")
    assert "bien-ban.pdf" in page.inner_text("#updates")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    assert bar.get_attribute("aria-valuenow") == "30"  # (0 + 60) / 2
    assert page.locator("#plan-progress .bar span").get_attribute("class") == "pct-30"
    box = page.locator("#plan-progress .bar span").bounding_box()
    track = bar.bounding_box()
    assert box and track and 0.25 < box["width"] / track["width"] < 0.35  # the stylesheet really sizes the bar
