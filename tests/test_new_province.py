"""A province other than Hà Nội, run through the pages by its own people: its administrator sets up its
units, its Department and its officers; the Department of Industry and Trade issues a multi-year programme
by decision, a ward of the province submits its 2026 report to the Department, the Department approves it
and issues the province's own report; both documents are headed from data."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from sxsh.core.roles import Role
from sxsh.directory.models import AdministrativeUnit, Organisation, OrganisationKind, UnitKind
from sxsh.indicators.models import Report
from sxsh.plans.models import Plan
from sxsh.testing.documents import docx_text

PASSWORD = "Thanh-co-Quang-Tri-2026"


def _set_up_province(page: Any, base: str) -> dict[str, Any]:
    """What the province's administrator enters through the pages: the province and a ward under it from
    1/7/2025 (a ward starting before its province is refused first), the Department and the ward's
    committee, and one officer of each with a password."""
    page.goto(f"{base}/danh-muc/don-vi/")
    page.click("#add-unit")
    page.fill("#id_name", "Quảng Trị")
    page.select_option("#id_kind", str(UnitKind.objects.get(code="tinh").pk))
    page.fill("#id_valid_from", "2025-07-01")
    page.click("form.card button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Đã thêm Tỉnh Quảng Trị")
    province = AdministrativeUnit.objects.get(path="/quang-tri/")

    page.click("#add-unit")
    page.fill("#id_name", "Đông Hà")
    page.select_option("#id_kind", str(UnitKind.objects.get(code="phuong").pk))
    page.select_option("#id_parent", str(province.pk))
    page.fill("#id_valid_from", "2025-06-01")
    page.click("form.card button[type=submit]")
    expect(page.locator(".field.has-error")).to_contain_text("Tỉnh Quảng Trị chỉ có hiệu lực từ 01/07/2025")
    expect(page.locator("#id_name")).to_have_value("Đông Hà")
    page.fill("#id_valid_from", "2025-07-01")
    page.click("form.card button[type=submit]")
    expect(page.locator("main")).to_contain_text("Phường Đông Hà")
    ward = AdministrativeUnit.objects.get(path="/quang-tri/dong-ha/")
    page.click("table a:has-text(\"Phường Đông Hà\")")  # the official code, once confirmed, is a correction on the unit's page
    page.click("#correct-unit")
    page.fill("#id_official_code", "1954")
    page.click("form.card button[type=submit]")
    expect(page.locator(".field.has-error")).to_contain_text("gồm đúng 5 chữ số")
    page.fill("#id_official_code", "19555")
    page.click("form.card button[type=submit]")
    expect(page.locator("dl.props")).to_contain_text("19555")

    def organisation(name: str, short: str, kind: str, unit: AdministrativeUnit) -> Organisation:
        page.goto(f"{base}/danh-muc/to-chuc/")
        page.click("text=Thêm tổ chức")
        page.fill("#id_name", name)
        page.fill("#id_short_name", short)
        page.select_option("#id_kind", kind)
        page.select_option("#id_unit", str(unit.pk))
        page.click("form.card button[type=submit]")
        expect(page.locator("h1")).to_have_text(name)
        return Organisation.objects.get(name=name)

    department = organisation("Sở Công Thương tỉnh Quảng Trị", "Sở Công Thương", OrganisationKind.DOIT, province)
    committee = organisation("Ủy ban nhân dân phường Đông Hà", "", OrganisationKind.PEOPLES_COMMITTEE, ward)

    def officer(username: str, names: tuple[str, str], role: str, unit: AdministrativeUnit,
                member_of: Organisation) -> None:
        page.goto(f"{base}/tai-khoan/nguoi-dung/")
        page.click("text=Thêm người dùng")
        page.fill("#id_username", username)
        page.fill("#id_last_name", names[0])
        page.fill("#id_first_name", names[1])
        page.select_option("#id_role", role)
        page.select_option("#id_unit", str(unit.pk))
        page.select_option("#id_organisation", str(member_of.pk))
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        page.click("form.card button[type=submit]")
        expect(page.locator("table")).to_contain_text(username)

    officer("sct-qt", ("Hoàng Thị", "Mai"), Role.DOIT, province, department)
    officer("kt-dongha", ("Lê Văn", "Hùng"), Role.WARD, ward, committee)
    return {"province": province, "ward": ward, "department": department}


def _log_out(page: Any) -> None:
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_load_state()


def _download_docx(page: Any, link: str) -> str:
    with page.expect_download() as caught:
        page.click(link)
    body, tables = docx_text(Path(caught.value.path()).read_bytes())
    return body + "\n" + "\n".join(cell for table in tables for row in table for cell in row)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_new_province_runs_its_programme_and_reports(
    page: Any, live_server: Any, login: Any, make_user: Any,
) -> None:
    make_user(Role.ADMIN, username="qt-admin", is_superuser=False, is_staff=False)
    login("qt-admin")
    quang_tri = _set_up_province(page, live_server.url)
    _log_out(page)

    login("sct-qt", PASSWORD)
    page.goto(f"{live_server.url}/ke-hoach/them/")
    page.select_option("#id_document_type", "decision")
    page.fill("#id_number", "1520/QĐ-SCT")
    page.fill("#id_title", "Chương trình sản xuất sạch hơn trong công nghiệp tỉnh Quảng Trị giai đoạn 2026–2030")
    page.select_option("#id_issuer", str(quang_tri["department"].pk))
    page.fill("#id_issued_on", "2026-01-15")
    page.fill("#id_period_start", "2026-01-15")
    page.fill("#id_period_end", "2030-12-31")
    page.select_option("#id_status", "in_force")
    page.click("form.card button[type=submit]")
    expect(page.locator("h1")).to_have_text("Quyết định số 1520/QĐ-SCT")
    plan = Plan.objects.get(number="1520/QĐ-SCT")
    assert plan.unit == quang_tri["province"] and plan.owner_unit == quang_tri["province"]
    _log_out(page)

    login("kt-dongha", PASSWORD)
    page.goto(f"{live_server.url}/chi-tieu/bao-cao/")
    page.fill("#id_year", "2026")
    page.click("#new-report button[type=submit]")
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1].isdigit())
    page.fill("#id_narrative", "Phường đã rà soát các cơ sở sản xuất trên địa bàn.")
    page.click("form.card button[type=submit]")
    expect(page.locator("#submit-report")).to_have_text("Gửi báo cáo lên Tỉnh Quảng Trị")
    page.click("#submit-report")
    expect(page.locator("#report-status")).to_have_attribute("data-status", "submitted")
    report_url = page.url
    _log_out(page)

    login("sct-qt", PASSWORD)
    page.goto(f"{live_server.url}/chi-tieu/bao-cao/")
    page.click("#awaiting >> text=Phường Đông Hà – năm 2026")
    page.click("#approve-report")
    expect(page.locator("#report-status")).to_have_attribute("data-status", "approved")
    assert page.url == report_url
    ward_report = Report.objects.get(unit=quang_tri["ward"])
    assert ward_report.approver == quang_tri["province"] and ward_report.reviewed_by.username == "sct-qt"
    text = _download_docx(page, "text=Word")
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ" in text and "PHƯỜNG ĐÔNG HÀ" in text
    assert "Sở Công Thương tỉnh Quảng Trị" in text and "UBND tỉnh Quảng Trị (để báo cáo)" in text
    assert "HÀ NỘI" not in text.upper() and "QUẬN" not in text.upper()
    assert ("Kết quả thực hiện Quyết định số 1520/QĐ-SCT ngày 15/01/2026 của Sở Công Thương tỉnh Quảng Trị năm 2026"
            in text)

    page.goto(f"{live_server.url}/chi-tieu/bao-cao/")
    page.select_option("#id_unit", str(quang_tri["province"].pk))
    page.fill("#id_year", "2026")
    page.click("#new-report button[type=submit]")
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1].isdigit())
    page.click("#issue-report")
    expect(page.locator("#report-status")).to_have_attribute("data-status", "approved")
    text = _download_docx(page, "text=Word")
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ" in text and "SỞ CÔNG THƯƠNG" in text and "Số: 1/BC-SCT" in text
    assert "Quảng Trị, ngày" in text and "KT. GIÁM ĐỐC" in text and "Bộ Công Thương (để báo cáo)" in text
