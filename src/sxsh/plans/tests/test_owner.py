"""A plan's owner over time: the issuer until a successor is recorded; writes follow the current owner,
reads stay with the issuer's people; the progress report is issued by the owner of its date."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sxsh.core.models import AuditLog
from sxsh.core.roles import Role
from sxsh.directory.models import AdministrativeUnit, Organisation, OrganisationKind, UnitKind, UnitLevel
from sxsh.plans import exports, selectors, services
from sxsh.plans.models import Plan, PlanOwner
from sxsh.testing.documents import docx_text, pdf_text

pytestmark = pytest.mark.django_db

ENDED = date(2025, 6, 30)


@pytest.fixture
def two_tier(orgs: dict[str, Organisation]) -> dict[str, Any]:
    """Hoàn Kiếm district and its wards ended on 30/6/2025; the new ward Hoàn Kiếm under the province."""
    district = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/")
    AdministrativeUnit.objects.filter(path__startswith=district.path).update(valid_to=ENDED)
    ward = AdministrativeUnit.objects.create(
        name="Hoàn Kiếm", code="phuong-hoan-kiem", level=UnitLevel.COMMUNE, kind=UnitKind.objects.get(code="phuong"),
        parent=district.parent, valid_from=date(2025, 7, 1))
    office = Organisation.objects.create(name="Phòng Kinh tế, Hạ tầng và Đô thị phường Hoàn Kiếm",
                                         kind=OrganisationKind.ECONOMIC_DIVISION, unit=ward)
    return {"district": district, "ward": ward, "office": office}


def test_the_department_records_itself_as_successor_and_the_report_of_each_date_names_its_owner(
    members: dict[str, Any], plan: Plan, orgs: dict[str, Organisation], two_tier: dict[str, Any], client_for: Any,
    tmp_path: Path,
) -> None:
    client = client_for(members["doit"])
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "Ủy ban nhân dân quận Hoàn Kiếm thuộc Quận Hoàn Kiếm, đã chấm dứt hoạt động từ ngày 01/07/2025" in page
    form = client.get(reverse("plans:owner_create", args=[plan.pk])).content.decode()
    assert 'value="2025-07-01"' in form  # the day after the issuer's unit ended, and its province's Department
    assert f'<option value="{orgs["doit"].pk}" selected>' in form
    response = client.post(reverse("plans:owner_create", args=[plan.pk]), {
        "organisation": orgs["doit"].pk, "since": "2025-07-01", "basis": "Quyết định giao nhiệm vụ", "note": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.owner_unit == orgs["doit"].unit and plan.unit == two_tier["district"]  # issued there, for good
    assert AuditLog.objects.filter(action="plans.owner.recorded").count() == 1
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert 'id="successor-needed"' not in page
    assert "Sở Công Thương Hà Nội (từ 01/07/2025) · Quyết định giao nhiệm vụ" in page

    in_2019 = exports.progress_docx(selectors.plan_overview(members["doit"], plan, as_of=date(2019, 12, 31)))
    body, tables = docx_text(in_2019)
    text = body + "\n".join(cell for t in tables for row in t for cell in row)
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text and "QUẬN HOÀN KIẾM" in text
    assert "Thường trực Quận ủy, HĐND quận" in text and "Chủ tịch, các Phó Chủ tịch UBND quận" in text
    in_2026 = exports.progress_pdf(selectors.plan_overview(members["doit"], plan, as_of=date(2026, 3, 31)))
    text = " ".join(pdf_text(in_2026, tmp_path).split())
    assert "SỞ CÔNG THƯƠNG HÀ NỘI" in text and "/BC-SCT" in text and "QUẬN HOÀN KIẾM" not in text
    assert "UBND thành phố Hà Nội (để báo cáo)" in text and "GIÁM ĐỐC" in text
    assert "của Sở Công Thương Hà Nội./." in text


def test_writes_follow_the_current_owner_and_the_issuers_people_keep_reading(
    members: dict[str, Any], plan: Plan, two_tier: dict[str, Any], make_user: Any, client_for: Any,
) -> None:
    services.record_owner(acting_user=members["doit"], plan=plan, data={
        "organisation": two_tier["office"], "since": date(2025, 7, 1), "basis": "", "note": ""})
    new_owner = client_for(make_user(Role.DISTRICT, username="kt-phuong-hk", unit=two_tier["ward"],
                                     organisation=two_tier["office"]))
    assert new_owner.get(reverse("plans:activity_create", args=[plan.pk])).status_code == 200
    old_district = client_for(members["district"])  # its unit ended: reads the plan, writes nothing
    assert old_district.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 200
    assert old_district.get(reverse("plans:activity_create", args=[plan.pk])).status_code == 404
    assert not selectors.can_edit_plan(members["ward_dao"], plan)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"since": "2019-08-01"}, "since", "Ngày nhận chủ trì phải sau ngày 08/08/2019 (ngày ban hành kế hoạch)."),
    ({"since": "tomorrow"}, "since", "Chỉ ghi được việc chuyển giao đã có hiệu lực (đến hôm nay)."),
    ({"organisation": "ubnd"}, "organisation", "Ủy ban nhân dân quận Hoàn Kiếm đang chủ trì kế hoạch này."),
])
def test_a_bad_successor_is_refused_next_to_its_field_and_nothing_is_saved(
    members: dict[str, Any], plan: Plan, orgs: dict[str, Organisation], two_tier: dict[str, Any], client_for: Any,
    data: dict[str, str], field: str, message: str,
) -> None:
    post = {"organisation": orgs["doit"].pk, "since": "2025-07-01", "basis": "", "note": "", **data}
    if post["since"] == "tomorrow":
        post["since"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    if post["organisation"] == "ubnd":
        post["organisation"] = orgs["ubnd"].pk
        AdministrativeUnit.objects.filter(path__startswith=two_tier["district"].path).update(valid_to=None)
    response = client_for(members["doit"]).post(reverse("plans:owner_create", args=[plan.pk]), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field] == [message]
    assert not PlanOwner.objects.exists() and Plan.objects.get(pk=plan.pk).owner_unit == two_tier["district"]


def test_a_successor_whose_unit_has_ended_is_refused(members: dict[str, Any], plan: Plan,
                                                     orgs: dict[str, Organisation], two_tier: dict[str, Any]) -> None:
    with pytest.raises(services.ValidationError) as caught:
        services.record_owner(acting_user=members["doit"], plan=plan, data={
            "organisation": orgs["econ"], "since": date(2025, 7, 1), "basis": "", "note": ""})
    assert "Phòng Kinh tế quận Hoàn Kiếm thuộc Quận Hoàn Kiếm, không còn hiệu lực vào ngày 01/07/2025." in str(caught.value)
    assert not PlanOwner.objects.exists()


def test_a_programme_of_another_province_is_reported_by_its_department(reference: None, make_user: Any) -> None:
    province = AdministrativeUnit.objects.create(name="Quảng Trị", code="quang-tri", level=UnitLevel.PROVINCE,
                                                 kind=UnitKind.objects.get(code="tinh"), official_code="")
    department = Organisation.objects.create(name="Sở Công Thương tỉnh Quảng Trị", short_name="Sở Công Thương",
                                             kind=OrganisationKind.DOIT, unit=province)
    officer = make_user(Role.DOIT, username="sct-qt", unit=province, organisation=department)
    plan = Plan.objects.create(number="12/QĐ-SCT", document_type="decision", title="Chương trình sản xuất sạch hơn",
                               issuer=department, issued_on=date(2026, 1, 5), period_start=date(2026, 1, 5),
                               period_end=date(2030, 12, 31))
    header = exports.report_header(selectors.plan_overview(officer, plan, as_of=date(2026, 6, 30)))
    assert (header.parent_body, header.issuing_body) == ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "SỞ CÔNG THƯƠNG")
    assert header.place_and_date == "Quảng Trị, ngày 30 tháng 6 năm 2026"
    assert header.recipients[:2] == ["Bộ Công Thương (để báo cáo)", "UBND tỉnh Quảng Trị (để báo cáo)"]
    assert header.subject.startswith("Kết quả thực hiện Quyết định số 12/QĐ-SCT ngày 05/01/2026 của Sở Công Thương")
