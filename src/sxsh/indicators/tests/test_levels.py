"""Roles and workflow by level and date: who reviews a report follows the unit tree of its period."""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from sxsh.core.roles import Role
from sxsh.directory.models import AdministrativeUnit, Organisation, OrganisationKind, UnitKind, UnitLevel
from sxsh.indicators import selectors, services
from sxsh.indicators.models import Report, ReportStatus
from sxsh.indicators.periods import Period

pytestmark = pytest.mark.django_db

SPLIT = date(2025, 7, 1)


@pytest.fixture
def two_tier(reference: None) -> dict[str, AdministrativeUnit]:
    """Hoàn Kiếm district closed on 30/6/2025; a ward directly under the province from 1/7/2025."""
    province = AdministrativeUnit.objects.get(path="/ha-noi/")
    district = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/")
    district.valid_to = date(2025, 6, 30)
    district.save()
    AdministrativeUnit.objects.filter(parent=district).update(valid_to=date(2025, 6, 30))
    new_ward = AdministrativeUnit.objects.create(name="Hoàn Kiếm", level=UnitLevel.COMMUNE,
                                                 kind=UnitKind.objects.get(code="phuong"), code="phuong-hoan-kiem",
                                                 parent=province, valid_from=SPLIT)
    return {"province": province, "district": district, "new_ward": new_ward,
            "old_ward": AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-bac/")}


def test_the_reviewer_is_the_parent_valid_in_the_period(two_tier: dict[str, AdministrativeUnit]) -> None:
    assert selectors.approver_unit(two_tier["old_ward"], Period("year", 2019)) == two_tier["district"]
    assert selectors.approver_unit(two_tier["new_ward"], Period("year", 2026)) == two_tier["province"]
    # a 2025 report of an old ward: its last day (30/6/2025) decides, under the district
    assert selectors.approver_unit(two_tier["old_ward"], Period("year", 2025)) == two_tier["district"]


def test_commune_report_goes_to_the_department_and_the_old_district_cannot_review_it(
    two_tier: dict[str, AdministrativeUnit], make_user: Any, client_for: Any,
) -> None:
    officer = make_user(Role.WARD, username="ktdt", unit=two_tier["new_ward"])
    department = make_user(Role.DOIT, username="so-ct", unit=two_tier["province"])
    district = make_user(Role.DISTRICT, username="quan-cu")
    report, _created = services.create_report(acting_user=officer, unit=two_tier["new_ward"], period=Period("year", 2026))
    page = client_for(officer).get(reverse("indicators:report_detail", args=[report.pk])).content.decode()
    assert f"Gửi báo cáo lên {two_tier['province']}" in page
    report = services.submit_report(acting_user=officer, report=report)
    assert report.approver == two_tier["province"]
    assert not services.can_review(district, report)
    listing = client_for(department).get(reverse("indicators:report_list")).content.decode()
    assert "Phường Hoàn Kiếm – năm 2026" in listing
    response = client_for(department).post(reverse("indicators:report_approve", args=[report.pk]), {"comment": "Đạt"})
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPROVED


def test_past_approval_keeps_its_reviewer(two_tier: dict[str, AdministrativeUnit], make_user: Any) -> None:
    AdministrativeUnit.objects.filter(path__startswith=two_tier["district"].path).update(valid_to=None)  # 2019
    ward_officer = make_user(Role.WARD, username="p-hb")
    district_officer = make_user(Role.DISTRICT, username="q-hk")
    report, _created = services.create_report(acting_user=ward_officer, unit=two_tier["old_ward"],
                                              period=Period("year", 2019))
    services.submit_report(acting_user=ward_officer, report=report)
    services.approve_report(acting_user=district_officer, report=Report.objects.get(pk=report.pk))
    AdministrativeUnit.objects.filter(path__startswith=two_tier["district"].path).update(  # closed afterwards
        valid_to=date(2025, 6, 30))
    report = Report.objects.get(pk=report.pk)
    assert report.approver == two_tier["district"] and report.reviewed_by == district_officer
    assert selectors.report_approver(report) == two_tier["district"]


def test_report_for_a_period_before_the_unit_existed_is_refused(
    two_tier: dict[str, AdministrativeUnit], make_user: Any, client_for: Any,
) -> None:
    officer = make_user(Role.WARD, username="ktdt2", unit=two_tier["new_ward"])
    response = client_for(officer).post(reverse("indicators:report_list"),
                                        {"unit": two_tier["new_ward"].pk, "year": 2019, "period": "year"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Phường Hoàn Kiếm không tồn tại trong kỳ năm 2019 (hiệu lực 01/07/2025 – …)" in page
    assert not Report.objects.exists()


def test_province_report_is_issued_by_its_department(two_tier: dict[str, AdministrativeUnit], make_user: Any) -> None:
    department = make_user(Role.DOIT, username="so-ct2", unit=two_tier["province"])
    report, _created = services.create_report(acting_user=department, unit=two_tier["province"],
                                              period=Period("year", 2026))
    with pytest.raises(services.ReportError):
        services.submit_report(acting_user=department, report=report)  # issued directly, not sent up
    report = services.approve_report(acting_user=department, report=report)
    assert report.status == ReportStatus.APPROVED and report.snapshot is not None


def test_department_writes_provincial_plans(two_tier: dict[str, AdministrativeUnit], make_user: Any,
                                            client_for: Any) -> None:
    so = Organisation.objects.create(name="Sở Công Thương Hà Nội", kind=OrganisationKind.DOIT,
                                     unit=two_tier["province"])
    client = client_for(make_user(Role.DOIT, username="so-ct3", unit=two_tier["province"], organisation=so))
    assert client.get(reverse("plans:plan_create")).status_code == 200
    response = client.post(reverse("plans:plan_create"), {
        "document_type": "decision", "number": "6069/QĐ-UBND", "title": "Chương trình khuyến công 2026–2030",
        "issuer": so.pk, "issued_on": "2025-12-01", "period_start": "2026-01-01", "period_end": "2030-12-31",
        "status": "in_force"})
    assert response.status_code == 302, response.content.decode()[-1500:]


def test_closed_unit_reads_its_history_but_cannot_write(
    two_tier: dict[str, AdministrativeUnit], make_user: Any, client_for: Any,
) -> None:
    officer = make_user(Role.DISTRICT, username="quan-da-dong")
    client = client_for(officer)
    page = client.get(reverse("indicators:report_list")).content.decode()
    assert "đã chấm dứt hoạt động từ ngày 01/07/2025" in page  # reads, and is told why it cannot write
    assert 'id="new-report"' not in page
    response = client.post(reverse("indicators:report_list"),
                           {"unit": two_tier["old_ward"].pk, "year": 2019, "period": "year"})
    assert response.status_code == 403
    assert "bạn vẫn xem được dữ liệu lịch sử của đơn vị nhưng không thể thêm, sửa hay gửi dữ liệu" in \
        response.content.decode()
    assert not Report.objects.exists()


def test_headers_and_recipients_come_from_the_units_and_their_bodies(
    two_tier: dict[str, AdministrativeUnit], make_user: Any,
) -> None:
    """A commune's 2026 report goes to the province's Department; the province's own report is the
    Department's, numbered with its symbol; nothing in the wording is a fixed district or city."""
    from sxsh.indicators import exports

    Organisation.objects.create(name="Sở Công Thương thành phố Hà Nội", short_name="Sở Công Thương",
                                kind=OrganisationKind.DOIT, unit=two_tier["province"])
    officer = make_user(Role.WARD, username="ktdt3", unit=two_tier["new_ward"])
    report, _created = services.create_report(acting_user=officer, unit=two_tier["new_ward"], period=Period("year", 2026))
    report = services.submit_report(acting_user=officer, report=report)
    header = exports.report_header(report)
    assert (header.parent_body, header.issuing_body) == ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
                                                         "ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM")
    assert header.recipients == ["Sở Công Thương thành phố Hà Nội", "UBND thành phố Hà Nội (để báo cáo)", "Lưu: VT"]
    assert header.number == "1/BC-UBND"

    department = make_user(Role.DOIT, username="so-ct4", unit=two_tier["province"])
    own, _created = services.create_report(acting_user=department, unit=two_tier["province"],
                                           period=Period("year", 2026))
    header = exports.report_header(own)
    assert (header.parent_body, header.issuing_body) == ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "SỞ CÔNG THƯƠNG")
    assert header.number == "1/BC-SCT" and header.place.startswith("Hà Nội")
    assert header.recipients == ["Bộ Công Thương (để báo cáo)", "UBND thành phố Hà Nội (để báo cáo)", "Lưu: VT, SCT"]
    assert header.signing_authority == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


def test_a_report_names_the_programme_in_force_for_its_unit(two_tier: dict[str, AdministrativeUnit]) -> None:
    """The subject of a periodic report cites the plan of its unit or the nearest unit above it, in force in
    the period (a draft is not), whatever its kind; without one it names the field only."""
    from sxsh.indicators.subjects import report_subject
    from sxsh.plans.models import DocumentType, Plan, PlanStatus

    committee = Organisation.objects.create(name="Ủy ban nhân dân quận Hoàn Kiếm", unit=two_tier["district"],
                                            kind=OrganisationKind.PEOPLES_COMMITTEE)
    department = Organisation.objects.create(name="Sở Công Thương thành phố Hà Nội", unit=two_tier["province"],
                                             kind=OrganisationKind.DOIT)
    ward_office = Organisation.objects.create(name="Phòng Kinh tế, Hạ tầng và Đô thị phường Hoàn Kiếm",
                                              unit=two_tier["new_ward"], kind=OrganisationKind.ECONOMIC_DIVISION)
    Plan.objects.create(number="154/KH-UBND", title="Hành động sản xuất sạch hơn", issuer=committee,
                        issued_on=date(2019, 8, 8), period_start=date(2019, 8, 8), period_end=date(2019, 12, 31),
                        status=PlanStatus.IN_FORCE)
    Plan.objects.create(document_type=DocumentType.DECISION, number="12/QĐ-SCT", title="Chương trình 2026–2030",
                        issuer=department, issued_on=date(2026, 1, 5), period_start=date(2026, 1, 5),
                        period_end=date(2030, 12, 31), status=PlanStatus.IN_FORCE)
    Plan.objects.create(number="3/KH-KT", title="Dự thảo", issuer=ward_office, issued_on=date(2026, 2, 1),
                        period_start=date(2026, 2, 1), period_end=date(2026, 12, 31), status=PlanStatus.DRAFT)
    assert report_subject(two_tier["old_ward"], Period("year", 2019)) == (
        "Kết quả thực hiện Kế hoạch số 154/KH-UBND ngày 08/08/2019 của Ủy ban nhân dân quận Hoàn Kiếm năm 2019")
    decision = "Kết quả thực hiện Quyết định số 12/QĐ-SCT ngày 05/01/2026 của Sở Công Thương thành phố Hà Nội năm 2026"
    assert report_subject(two_tier["new_ward"], Period("year", 2026)) == decision
    assert report_subject(two_tier["province"], Period("year", 2026)) == decision
    assert report_subject(two_tier["new_ward"], Period("year", 2024)) == (
        "Kết quả thực hiện sản xuất sạch hơn trong công nghiệp năm 2024")


def test_a_sent_report_keeps_the_subject_it_was_sent_with(make_user: Any, client_for: Any, hang_bac: Any) -> None:
    """A draft cites the programme in force, or the subject its officer writes (plain text, kept on error);
    submitting stores it, so a programme recorded later does not change how the report reads."""
    from sxsh.indicators import exports
    from sxsh.plans.models import Plan, PlanStatus

    committee = Organisation.objects.create(name="Ủy ban nhân dân quận Hoàn Kiếm", unit=hang_bac.parent,
                                            kind=OrganisationKind.PEOPLES_COMMITTEE)
    Plan.objects.create(number="154/KH-UBND", title="Hành động sản xuất sạch hơn", issuer=committee,
                        issued_on=date(2019, 8, 8), period_start=date(2019, 8, 8), period_end=date(2019, 12, 31),
                        status=PlanStatus.IN_FORCE)
    officer = make_user(Role.WARD, username="p-hb-subject")
    make_user(Role.DISTRICT, username="q-hk-subject")
    report, _created = services.create_report(acting_user=officer, unit=hang_bac, period=Period("year", 2019))
    cited = "Kết quả thực hiện Kế hoạch số 154/KH-UBND ngày 08/08/2019 của Ủy ban nhân dân quận Hoàn Kiếm năm 2019"
    client = client_for(officer)
    url = reverse("indicators:report_detail", args=[report.pk])
    assert cited in client.get(url).content.decode()
    bad = client.post(url, {"number": "15/BC-UBND", "subject": "<b>Kết quả</b>", "narrative": "Đã làm"})
    assert bad.status_code == 200 and "subject" in bad.context["form"].errors
    assert Report.objects.get(pk=report.pk).subject == ""
    written = "Kết quả thực hiện Kế hoạch hành động sản xuất sạch hơn trong công nghiệp năm 2019"
    assert client.post(url, {"number": "15/BC-UBND", "subject": f"  {written} ", "narrative": "Đã làm"}).status_code == 302
    report = services.submit_report(acting_user=officer, report=Report.objects.get(pk=report.pk))
    assert report.subject == written
    ward_committee = Organisation.objects.create(name="Ủy ban nhân dân phường Hàng Bạc", unit=hang_bac,
                                                 kind=OrganisationKind.PEOPLES_COMMITTEE)
    Plan.objects.create(number="9/KH-UBND", title="Kế hoạch của phường", issuer=ward_committee,
                        issued_on=date(2019, 9, 1), period_start=date(2019, 9, 1), period_end=date(2019, 12, 31),
                        status=PlanStatus.IN_FORCE)
    assert exports.report_header(Report.objects.get(pk=report.pk)).subject == written
    page = client.get(url).content.decode()
    assert written in page and "9/KH-UBND" not in page
    draft, _created = services.create_report(acting_user=officer, unit=hang_bac, period=Period("quarter", 2019, 4))
    assert exports.report_header(draft).subject.startswith("Kết quả thực hiện Kế hoạch số 9/KH-UBND ngày 01/09/2019")
    sent = services.submit_report(acting_user=officer, report=draft)  # an empty subject is stored as derived
    assert sent.subject.startswith("Kết quả thực hiện Kế hoạch số 9/KH-UBND")
