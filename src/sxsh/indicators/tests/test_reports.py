import io
import subprocess
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from sxsh.core.models import AuditLog
from sxsh.indicators import services
from sxsh.indicators.models import Report, ReportReview
from sxsh.indicators.periods import Period
from sxsh.indicators.tests.conftest import history
from sxsh.testing.documents import table


def _pdf_text(body: bytes, tmp_path: Any) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(body)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,  # noqa: S607
                          text=True).stdout


def _docx_text(body: bytes) -> tuple[str, list[list[list[str]]]]:
    doc = Document(io.BytesIO(body))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return text, tables


@pytest.fixture
def ward_report(world: Any, users: Any, hang_bac: Any) -> Report:
    report, created = services.create_report(acting_user=users["ward"], unit=hang_bac, period=Period("year", 2019))
    assert created
    return services.update_report(acting_user=users["ward"], report=report, number="15/BC-UBND",
                                  narrative="Phường đã tuyên truyền <b>SXSH</b>.")


def test_submit_approve_freezes_figures(ward_report: Report, users: Any, world: Any, hang_bac: Any) -> None:
    report = services.submit_report(acting_user=users["ward"], report=ward_report)
    assert report.status == "submitted" and report.snapshot is not None
    report = services.approve_report(acting_user=users["district"], report=report, comment="Đồng ý")
    assert report.status == "approved"
    history(world["hb_aware"], ("applying", date(2019, 12, 1)))  # later data changes…
    services.recompute(acting_user=None, years=[2019])
    from sxsh.indicators.selectors import report_rows, summary_rows

    frozen = {r.code: r.value for r in report_rows(users["district"], report)}
    live = {r.code: r.value for r in summary_rows(users["district"], hang_bac, Period("year", 2019))}
    assert frozen["cp_applying_share"] == Decimal(50)  # …the approved figures do not
    assert live["cp_applying_share"] == Decimal(75)
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"indicators.report.submitted", "indicators.report.approved"} <= actions


def test_submitting_twice_is_refused_politely(ward_report: Report, users: Any, client_for: Any) -> None:
    client = client_for(users["ward"])
    url = reverse("indicators:report_submit", args=[ward_report.pk])
    client.post(url)
    r = client.post(url, follow=True)
    assert "đã được gửi lúc" in r.content.decode() and "không cần gửi lại" in r.content.decode()
    assert Report.objects.get(pk=ward_report.pk).status == "submitted"
    assert AuditLog.objects.filter(action="indicators.report.submitted").count() == 1
    with pytest.raises(services.ReportError):
        services.submit_report(acting_user=users["ward"], report=ward_report)


def test_return_with_comment_then_resubmit(ward_report: Report, users: Any, client_for: Any) -> None:
    services.submit_report(acting_user=users["ward"], report=ward_report)
    district = client_for(users["district"])
    r = district.post(reverse("indicators:report_return", args=[ward_report.pk]), {"comment": ""}, follow=True)
    assert "lý do trả lại" in r.content.decode()
    assert Report.objects.get(pk=ward_report.pk).status == "submitted"
    district.post(reverse("indicators:report_return", args=[ward_report.pk]), {"comment": "Bổ sung số liệu quý 4"})
    report = Report.objects.get(pk=ward_report.pk)
    assert report.status == "returned" and report.review_comment == "Bổ sung số liệu quý 4" and report.snapshot is None
    ward = client_for(users["ward"])
    assert "Bổ sung số liệu quý 4" in ward.get(reverse("indicators:report_detail", args=[report.pk])).content.decode()
    ward.post(reverse("indicators:report_submit", args=[report.pk]))
    assert Report.objects.get(pk=report.pk).status == "submitted"


def test_every_review_round_is_kept_and_shown(ward_report: Report, users: Any, client_for: Any) -> None:
    ward, district = users["ward"], users["district"]
    services.submit_report(acting_user=ward, report=ward_report)
    services.return_report(acting_user=district, report=ward_report, comment="Bổ sung số liệu quý 4")
    services.submit_report(acting_user=ward, report=ward_report)
    services.return_report(acting_user=district, report=ward_report, comment="Thiếu danh sách cơ sở")
    services.submit_report(acting_user=ward, report=ward_report)
    services.approve_report(acting_user=district, report=ward_report, comment="Đồng ý")
    steps = [(r.round, r.step, r.by_id, r.comment) for r in ReportReview.objects.filter(report=ward_report)]
    assert steps == [
        (1, "submitted", ward.pk, ""), (1, "returned", district.pk, "Bổ sung số liệu quý 4"),
        (2, "resubmitted", ward.pk, ""), (2, "returned", district.pk, "Thiếu danh sách cơ sở"),
        (3, "resubmitted", ward.pk, ""), (3, "approved", district.pk, "Đồng ý")]
    page = client_for(ward).get(reverse("indicators:report_detail", args=[ward_report.pk])).content.decode()
    history_table = page[page.index('id="review-rounds"'):]
    for comment in ("Bổ sung số liệu quý 4", "Thiếu danh sách cơ sở", "Đồng ý"):
        assert comment in history_table  # both returns are still there after the approval
    assert history_table.count('data-step="returned"') == 2 and "Gửi lại sau khi sửa" in history_table
    assert str(ward.get_full_name() or ward.username) in history_table


def test_a_refused_step_keeps_no_round(ward_report: Report, users: Any) -> None:
    with pytest.raises(services.ReportError):
        services.return_report(acting_user=users["district"], report=ward_report, comment="Chưa gửi")
    assert not ReportReview.objects.exists()


def test_ward_officer_cannot_approve_or_see_other_wards(ward_report: Report, users: Any, client_for: Any,
                                                        make_user: Any, hang_dao: Any) -> None:
    services.submit_report(acting_user=users["ward"], report=ward_report)
    ward = client_for(users["ward"])
    ward.post(reverse("indicators:report_approve", args=[ward_report.pk]))
    assert Report.objects.get(pk=ward_report.pk).status == "submitted"
    other = client_for(make_user("ward", username="hangdao", unit=hang_dao))
    for name in ("report_detail",):
        assert other.get(reverse(f"indicators:{name}", args=[ward_report.pk])).status_code == 404
    assert other.get(reverse("indicators:report_export", args=[ward_report.pk, "pdf"])).status_code == 404
    assert other.post(reverse("indicators:report_submit", args=[ward_report.pk])).status_code == 404


def test_creating_the_same_report_again_opens_the_existing_one(ward_report: Report, users: Any, client_for: Any,
                                                               hang_bac: Any) -> None:
    r = client_for(users["ward"]).post(reverse("indicators:report_list"),
                                       {"unit": hang_bac.pk, "year": 2019, "period": "year"})
    assert r.status_code == 302 and r.url == reverse("indicators:report_detail", args=[ward_report.pk])
    assert Report.objects.count() == 1


def test_exports_match_the_dashboard(ward_report: Report, users: Any, client_for: Any, hang_bac: Any,
                                     tmp_path: Any) -> None:
    services.submit_report(acting_user=users["ward"], report=ward_report)
    client = client_for(users["district"])
    screen = client.get(reverse("indicators:dashboard"), {"year": 2019, "unit": hang_bac.pk}).context["data"].rows

    xlsx = client.get(reverse("indicators:report_export", args=[ward_report.pk, "xlsx"]))
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["Chỉ tiêu", "Xu hướng", "Thông tin"]
    sheet = wb["Chỉ tiêu"]
    assert [sheet.cell(row=i, column=1).value for i in (1, 2, 3)] == [
        "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "ỦY BAN NHÂN DÂN PHƯỜNG HÀNG BẠC", "Số: 15/BC-UBND"]
    assert sheet.cell(row=5, column=1).value.startswith("Hàng Bạc, ngày ")  # the ward's own name (Decree 30)
    _headers, rows = table(sheet)
    assert [r[1] for r in rows] == [r.code for r in screen]
    for i, (xrow, srow) in enumerate(zip(rows, screen, strict=True)):
        assert xrow[4] == ("không có dữ liệu" if srow.value is None else float(srow.value))
        assert xrow[6] == srow.status_label
        if srow.value is not None:  # the indicator's own decimals
            cell = sheet.cell(row=sheet.max_row - len(rows) + 1 + i, column=5)
            assert cell.number_format == ("#,##0" if srow.decimals == 0 else "#,##0." + "0" * srow.decimals)
    info = dict(table(wb["Thông tin"])[1])
    assert info["Số văn bản"] == "15/BC-UBND" and info["Đơn vị báo cáo"] == "Hàng Bạc"

    pdf = client.get(reverse("indicators:report_export", args=[ward_report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(pdf.content, tmp_path).split())
    for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN PHƯỜNG HÀNG BẠC",
                   "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "Số: 15/BC-UBND", "BÁO CÁO", "Nơi nhận:", "Hàng Bạc, ngày",
                   "Phường đã tuyên truyền <b>SXSH</b>."):
        assert needle in text, needle
    by_code = {r.code: r for r in screen}
    assert f"áp dụng sản xuất sạch hơn % {by_code['cp_applying_share'].value_text}" in text
    assert by_code["cp_aware_share"].value_text in text and "không có dữ liệu" in text

    docx = client.get(reverse("indicators:report_export", args=[ward_report.pk, "docx"]))
    body, tables = _docx_text(docx.content)
    header = tables[0][0]
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HÀNG BẠC" in header[0] and "Số: 15/BC-UBND" in header[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1] and "Độc lập - Tự do - Hạnh phúc" in header[1]
    assert "BÁO CÁO" in body and "Phường đã tuyên truyền" in body
    indicator_table = tables[1]
    assert indicator_table[0][:4] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Giá trị"]
    assert [r[3] for r in indicator_table[1:]] == [r.value_text for r in screen]
    assert "Nơi nhận:" in tables[-1][0][0] and "TM. ỦY BAN NHÂN DÂN" in tables[-1][0][1]


def test_district_report_has_wards_and_is_issued(world: Any, users: Any, client_for: Any, district: Any,
                                                 tmp_path: Any) -> None:
    client = client_for(users["district"])
    r = client.post(reverse("indicators:report_list"), {"unit": district.pk, "year": 2019, "period": "year"})
    report = Report.objects.get(unit=district)
    assert r.url == reverse("indicators:report_detail", args=[report.pk])
    client.post(reverse("indicators:report_approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "approved" and len(report.snapshot["wards"]) == 18
    wb = load_workbook(io.BytesIO(client.get(reverse("indicators:report_export", args=[report.pk, "xlsx"])).content))
    assert wb.sheetnames == ["Chỉ tiêu", "Theo địa bàn", "Xu hướng", "Thông tin"]
    headers, ward_rows = table(wb["Theo địa bàn"])
    wards = {row[0]: row for row in ward_rows}
    col = headers.index("Tỷ lệ cơ sở áp dụng SXSH")
    assert wards["Hàng Bạc"][col] == 50.0 and wards["Hàng Đào"][col] == 50.0
    assert wards["Tràng Tiền"][col] == "không có dữ liệu"
    text = " ".join(_pdf_text(client.get(reverse("indicators:report_export", args=[report.pk, "pdf"])).content,
                              tmp_path).split())
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text and "III. KẾT QUẢ THEO ĐỊA BÀN" in text
    assert "Dự thảo" not in text


def test_report_for_a_period_without_data(users: Any, client_for: Any, hang_bac: Any, tmp_path: Any) -> None:
    report, _ = services.create_report(acting_user=users["ward"], unit=hang_bac, period=Period("quarter", 2015, 2))
    client = client_for(users["ward"])
    page = client.get(reverse("indicators:report_detail", args=[report.pk])).content.decode()
    assert "Không có số liệu chỉ tiêu cho quý 2 năm 2015" in page
    text = " ".join(_pdf_text(client.get(reverse("indicators:report_export", args=[report.pk, "pdf"])).content,
                              tmp_path).split())
    assert "Không có số liệu chỉ tiêu cho quý 2 năm 2015" in text and "BÁO CÁO" in text
    wb = load_workbook(io.BytesIO(client.get(reverse("indicators:report_export", args=[report.pk, "xlsx"])).content))
    assert all(r[4] == "không có dữ liệu" for r in table(wb["Chỉ tiêu"])[1])
    body, _tables = _docx_text(client.get(reverse("indicators:report_export", args=[report.pk, "docx"])).content)
    assert "Không có số liệu chỉ tiêu cho quý 2 năm 2015" in body


def test_only_the_ward_submits(ward_report: Report, users: Any, client_for: Any) -> None:
    client_for(users["district"]).post(reverse("indicators:report_submit", args=[ward_report.pk]))
    assert Report.objects.get(pk=ward_report.pk).status == "draft"


def test_report_pages_query_budget(ward_report: Report, users: Any, client_for: Any,
                                   django_assert_max_num_queries: Any) -> None:
    client = client_for(users["district"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("indicators:report_detail", args=[ward_report.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("indicators:report_list")).status_code == 200


def test_district_report_uses_approved_ward_figures(ward_report: Report, users: Any, world: Any,
                                                    district: Any) -> None:
    services.submit_report(acting_user=users["ward"], report=ward_report)
    services.approve_report(acting_user=users["district"], report=ward_report)
    history(world["hb_aware"], ("applying", date(2019, 12, 1)))
    services.recompute(acting_user=None, years=[2019])
    report, _ = services.create_report(acting_user=users["district"], unit=district, period=Period("year", 2019))
    from sxsh.indicators.selectors import report_rows, report_ward_rows

    wards = dict(report_ward_rows(users["district"], report))
    hang_bac = {r.code: r.value for r in wards["Hàng Bạc"]}
    assert hang_bac["cp_applying_share"] == Decimal(50)  # the approved ward report, not the live 75
    district_row = {r.code: r.value for r in report_rows(users["district"], report)}
    assert district_row["cp_applying_share"] == Decimal("66.6667")  # the district's own figure is live (4 of 6)


def test_report_by_a_deleted_user_renders(ward_report: Report, users: Any, client_for: Any) -> None:
    """The submitter's account is deleted afterwards: the report page names nobody instead of failing."""
    services.submit_report(acting_user=users["ward"], report=ward_report)
    users["ward"].delete()
    response = client_for(users["district"]).get(reverse("indicators:report_detail", args=[ward_report.pk]))
    assert response.status_code == 200
    assert "Gửi lúc" in response.content.decode()


def test_district_report_queries_do_not_grow_with_its_wards(users: Any, client_for: Any, world: Any,
                                                            district: Any) -> None:
    """The district report document lists every ward; their live figures come from three queries in all
    (it was three per ward)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sxsh.directory.models import AdministrativeUnit, UnitKind

    report, _ = services.create_report(acting_user=users["district"], unit=district, period=Period("year", 2019))
    client = client_for(users["district"])
    url = reverse("indicators:report_export", args=[report.pk, "xlsx"])

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return len(captured), " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                                       for c in row if c is not None)

    before, _page = queries()
    for i in range(6):
        AdministrativeUnit.objects.create(parent=district, code=f"phuong-them-{i}", name=f"Thêm {i}", level="commune",
                                          kind=UnitKind.objects.get(code="phuong"), valid_from=date(2008, 8, 1))
    services.recompute(acting_user=None, years=[2019])
    after, page = queries()
    assert all(f"Thêm {i}" in page for i in range(6))
    assert after == before


def test_report_exports_in_english_are_official_documents(ward_report: Report, users: Any, client_for: Any,
                                                          tmp_path: Any, settings: Any) -> None:
    """Each format downloads in the English interface and is issued in Vietnamese, set in Liberation Serif."""
    from sxsh.testing.documents import assert_official_fonts

    client = client_for(users["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("indicators:report_export", args=[ward_report.pk, "pdf"])
    pdf = client.get(url)
    assert pdf.status_code == 200 and 'filename="bao-cao-hang-bac-2019-year.pdf"' in pdf["Content-Disposition"]
    assert_official_fonts(pdf.content, tmp_path)
    assert "Số: 15/BC-UBND" in " ".join(_pdf_text(pdf.content, tmp_path).split())
    body, tables = _docx_text(client.get(reverse("indicators:report_export", args=[ward_report.pk, "docx"])).content)
    assert "Hàng Bạc, ngày " in tables[0][0][1] and "KẾT QUẢ CÁC CHỈ TIÊU" in body
    wb = load_workbook(io.BytesIO(client.get(reverse("indicators:report_export", args=[ward_report.pk, "xlsx"])).content))
    assert wb["Chỉ tiêu"].cell(row=3, column=1).value == "Số: 15/BC-UBND"
    dashboard = client.get(reverse("indicators:dashboard_export"), {"year": 2019})
    assert dashboard.status_code == 200 and load_workbook(io.BytesIO(dashboard.content)).sheetnames[0] == "Indicator"


def test_the_report_pages_buttons_build_the_document_in_a_task(ward_report: Report, users: Any, client_for: Any,
                                                               tmp_path: Any, settings: Any) -> None:
    """The page POSTs; a task builds the document the GET gives, in Vietnamese from the English interface."""
    from sxsh.tasks.models import BackgroundTask, TaskStatus

    settings.MEDIA_ROOT = tmp_path
    client = client_for(users["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("indicators:report_export", args=[ward_report.pk, "docx"])
    assert f'formaction="{url}"' in client.get(reverse("indicators:report_detail", args=[ward_report.pk])).content.decode()
    response = client.post(url)
    record = BackgroundTask.objects.get()
    assert response.url == reverse("tasks:download", args=[record.pk]) and record.status == TaskStatus.DONE
    assert record.result_name == "bao-cao-hang-bac-2019-year.docx"
    tasked = _docx_text(b"".join(client.get(reverse("tasks:download", args=[record.pk])).streaming_content))
    assert tasked == _docx_text(client.get(url).content) and "KẾT QUẢ CÁC CHỈ TIÊU" in tasked[0]
    assert client_for(users["ward"]).get(reverse("tasks:download", args=[record.pk])).status_code == 404


def test_report_numbers_run_per_unit_and_year(users: Any, hang_bac: Any, district: Any, world: Any) -> None:
    first, _ = services.create_report(acting_user=users["ward"], unit=hang_bac, period=Period("quarter", 2019, 1))
    second, _ = services.create_report(acting_user=users["ward"], unit=hang_bac, period=Period("quarter", 2019, 2))
    other_year, _ = services.create_report(acting_user=users["ward"], unit=hang_bac, period=Period("quarter", 2020, 1))
    own, _ = services.create_report(acting_user=users["district"], unit=district, period=Period("quarter", 2019, 1))
    assert [first.number, second.number, other_year.number, own.number] == [
        "1/BC-UBND", "2/BC-UBND", "1/BC-UBND", "1/BC-UBND"]
    kept = services.update_report(acting_user=users["ward"], report=second, number="", narrative="x")
    assert kept.number == "2/BC-UBND"  # an emptied number keeps the registered one


def test_migration_keeps_existing_numbers_and_continues_after_them(users: Any, hang_bac: Any, world: Any) -> None:
    """Migration 0007: a report without a stored number keeps the "<id>/BC-UBND" it showed; the unit's
    counter for that year starts after the highest number in use."""
    from importlib import import_module

    from django.apps import apps

    from sxsh.core.models import DocumentSequence

    old = Report.objects.create(unit=hang_bac, period_kind="year", year=2018, period_no=0, number="")
    Report.objects.create(unit=hang_bac, period_kind="quarter", year=2018, period_no=1, number="40/BC-UBND")
    DocumentSequence.objects.all().delete()
    import_module("sxsh.indicators.migrations.0008_report_numbers_per_unit_and_year").forwards(apps, None)
    old.refresh_from_db()
    assert old.number == f"{old.pk}/BC-UBND"
    new, _ = services.create_report(acting_user=users["ward"], unit=hang_bac, period=Period("quarter", 2018, 2))
    assert new.number == f"{max(40, old.pk) + 1}/BC-UBND"


def test_bulk_approve_is_one_audited_service_call_per_ticked_report(ward_report: Report, users: Any, client_for: Any,
                                                                    make_user: Any, hang_dao: Any) -> None:
    """The report list's bulk action: the district officer approves every ticked report awaiting its review
    (one audit entry each, with the comment); a report not awaiting it makes the whole request 404."""
    other_officer = make_user("ward", username="hangdao_bulk", unit=hang_dao)
    other, _ = services.create_report(acting_user=other_officer, unit=hang_dao, period=Period("year", 2019))
    services.submit_report(acting_user=users["ward"], report=ward_report)
    draft = other
    district = client_for(users["district"])
    page = district.get(reverse("indicators:report_list")).content.decode()
    assert 'name="action" value="approve"' in page and f'name="pk" value="{ward_report.pk}"' in page
    bulk = reverse("indicators:report_bulk")
    # A draft is not awaiting review: nothing is approved at all.
    data = {"action": "approve", "approve-comment": "Đạt yêu cầu."}
    assert district.post(bulk, {**data, "pk": [ward_report.pk, draft.pk]}).status_code == 404
    assert Report.objects.get(pk=ward_report.pk).status == "submitted"
    services.submit_report(acting_user=other_officer, report=draft)
    response = district.post(bulk, {**data, "pk": [ward_report.pk, draft.pk]}, follow=True)
    assert "Đã thực hiện “Phê duyệt” cho 2 dòng." in response.content.decode()
    assert set(Report.objects.values_list("status", flat=True)) == {"approved"}
    assert set(Report.objects.values_list("review_comment", flat=True)) == {"Đạt yêu cầu."}
    entries = AuditLog.objects.filter(action="indicators.report.approved")
    assert sorted(int(e.object_id) for e in entries) == sorted([ward_report.pk, draft.pk])
    # The ward officer reviews nothing: no bulk action on its page, and a post is 404.
    ward = client_for(users["ward"])
    assert 'name="action"' not in ward.get(reverse("indicators:report_list")).content.decode()
    assert ward.post(bulk, {**data, "pk": [ward_report.pk]}).status_code == 404
