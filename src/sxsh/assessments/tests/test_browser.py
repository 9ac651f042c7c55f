from datetime import date
from typing import Any

import pytest

from sxsh.assessments import services
from sxsh.core.roles import Role
from sxsh.testing.factories import FacilityFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_consultant_adds_option_and_sees_npv(page: Any, live_server: Any, login: Any, make_user: Any) -> None:
    facility = FacilityFactory(name="Xưởng dệt thử nghiệm")
    consultant = make_user(Role.CONSULTANT, username="tuvan", first_name="Bảo", last_name="Phạm",
                           with_facilities=[facility])
    assessment = services.create_assessment(acting_user=consultant, facility=facility, data={
        "title": "Đánh giá SXSH thử nghiệm", "kind": "rapid", "start_date": date(2019, 10, 1), "current_step": 3})
    login("tuvan")
    page.goto(f"{live_server.url}/danh-gia/")
    page.click("text=Đánh giá SXSH thử nghiệm")
    page.wait_for_url(f"**/danh-gia/{assessment.pk}/")
    page.click("text=Thêm giải pháp")
    page.fill("#id_title", "Thay đèn LED và lắp tụ bù")
    page.select_option("#id_category", "EM")
    page.select_option("#id_screening", "direct")
    page.fill("#id_investment", "350000000")
    page.fill("#id_saving_vnd", "100000000")
    page.fill("#id_lifetime_years", "10")
    page.fill("#id_discount_rate", "10")
    page.fill("#id_saving_kwh", "40000")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#options-table")
    row = page.locator("#options-table tbody tr", has_text="Thay đèn LED")
    # NPV at 10 % over 10 years: -350 M + 100 M × 6.1446 ≈ 264.456.711 ₫
    assert "264.456.711 ₫" in row.locator("td.npv").inner_text()
    assert row.locator("td.payback").inner_text().strip() == "3,50"
    assert row.locator("td.irr").inner_text().strip() == "25,7%"
    row.locator("a", has_text="Thay đèn LED").click()
    page.click("#implement")
    assert page.locator("#option-status").inner_text() == "Đã thực hiện"
    facility.refresh_from_db()
    assert facility.cp_status == "applying"
