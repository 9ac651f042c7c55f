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
    # the figures are computed while typing (htmx), before anything is saved
    page.locator(".preview-npv", has_text="264.456.711").wait_for()
    assert page.locator(".preview-payback").inner_text().startswith("3,50")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#listing-options")
    row = page.locator("#listing-options tbody tr", has_text="Thay đèn LED")
    # NPV at 10 % over 10 years: -350 M + 100 M × 6.1446 ≈ 264.456.711 ₫
    assert "264.456.711 ₫" in row.locator("td.npv").inner_text()
    assert row.locator("td.payback").inner_text().strip() == "3,50"
    assert row.locator("td.irr").inner_text().strip() == "25,7%"
    row.locator("a", has_text="Thay đèn LED").click()
    page.click("#implement")
    assert page.locator("#option-status").inner_text() == "Đã thực hiện"
    facility.refresh_from_db()
    assert facility.cp_status == "applying"

    # monitoring: two series, a CSV import with preview, an M&V analysis, measured savings and tCO2e
    page.goto(f"{live_server.url}/danh-gia/giam-sat/{facility.pk}/")
    for name, resource, unit, price in (("Điện năng", "electricity", "kWh", "1800"), ("Sản lượng", "production", "t", "")):
        page.click("text=Thêm chuỗi số liệu")
        page.fill("#id_name", name)
        page.select_option("#id_resource", resource)
        page.fill("#id_unit", unit)
        page.fill("#id_unit_price", price)
        page.click("form.card button[type=submit]")
        page.wait_for_selector("text=Đã lưu chuỗi số liệu")
    page.click("text=Nhập số liệu từ tệp")
    page.set_input_files("#id_file", files=[{"name": "so-lieu.csv", "mimeType": "text/csv", "buffer": _csv()}])
    page.click("main form[enctype] button[type=submit]")
    page.click("#confirm-import")
    page.wait_for_selector("text=Đã nhập 72 số liệu mới")
    page.click("text=Thêm phân tích M&V")
    page.fill("#id_name", "Điện theo sản lượng")
    page.select_option("#id_target", label="Điện năng (kWh)")
    page.get_by_label("Sản lượng (t)").check()
    for field, value in (("baseline_start", "2018-01"), ("baseline_end", "2018-12"),
                         ("reporting_start", "2019-01"), ("reporting_end", "2020-12")):
        page.fill(f"#id_{field}", value)
    page.click("form.card button[type=submit]")
    result = page.locator("section.mv-result")
    assert "Mô hình hợp lệ" in result.inner_text()
    assert "kWh" in result.locator(".savings").inner_text()
    assert float(result.locator(".tco2e").inner_text().replace(".", "").replace(",", ".")) > 10
    assert result.locator("svg").count() == 2


def _csv() -> bytes:
    import numpy as np

    rng = np.random.default_rng(3)
    lines = ["Tháng,Sản lượng,Điện năng"]
    for i in range(36):
        output = rng.uniform(800, 1200)
        use = (20_000 + 55 * output) * (1 + rng.normal(0, 0.005)) * (0.9 if i >= 12 else 1.0)
        lines.append(f"{i % 12 + 1:02d}/{2018 + i // 12},{output:.1f},{use:.0f}")
    return "\n".join(lines).encode()
