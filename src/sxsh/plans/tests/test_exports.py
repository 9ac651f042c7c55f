"""The progress report on its own date: PDF, DOCX and XLSX with the same header, figures and targets."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sxsh.indicators.models import Indicator, IndicatorValue
from sxsh.plans import selectors, services
from sxsh.plans.models import Activity, Plan, Target, Workstream
from sxsh.testing.documents import (
    assert_official_fonts,
    docx_text,
    first_page_png,
    ink_share,
    pdf_text,
    table,
    workbook,
)

pytestmark = pytest.mark.django_db


def _value(code: str, unit: Any, year: int, value: int) -> None:
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code=code), period_kind="year", year=year, period_no=0,
        period_start=date(year, 1, 1), period_end=date(year, 12, 31), unit=unit, value=Decimal(value),
        numerator=Decimal(value), computed_at=timezone.now())


@pytest.fixture
def report_plan(members: dict[str, Any], plan: Plan, orgs: Any) -> Plan:
    ws1 = Workstream.objects.create(plan=plan, order=1, title="Truyền thông, nâng cao nhận thức")
    ws2 = Workstream.objects.create(plan=plan, order=2, title="Đào tạo: tập huấn/bồi dưỡng [cán bộ]")
    a1 = Activity.objects.create(workstream=ws1, title="Phát hành cẩm nang", responsible=orgs["econ"],
                                 start_date=date(2019, 8, 20), due_date=date(2019, 11, 15), budget=Decimal(60_000_000))
    Activity.objects.create(workstream=ws1, title="=HYPERLINK(\"http://x\")", responsible=orgs["econ"],
                            start_date=date(2019, 8, 20), due_date=date(2019, 9, 15))
    a3 = Activity.objects.create(workstream=ws2, title="Tập huấn cán bộ quản lý", responsible=orgs["doit"],
                                 start_date=date(2019, 9, 1), due_date=date(2019, 12, 1), budget=Decimal(45_000_000))
    user = members["district"]
    services.add_progress_update(acting_user=user, activity=a1, data={
        "reported_on": date(2019, 11, 12), "percent_complete": 100, "status": "done",
        "narrative": "Đã phát hành 1.000 cuốn cẩm nang.", "spent_to_date": Decimal(57_000_000)})
    services.add_progress_update(acting_user=user, activity=a3, data={
        "reported_on": date(2019, 10, 1), "percent_complete": 40, "status": "in_progress",
        "narrative": "Đã mở lớp thứ nhất."})
    services.add_progress_update(acting_user=user, activity=a3, data={  # after the report's date
        "reported_on": date(2020, 2, 10), "percent_complete": 100, "status": "done",
        "narrative": "Đã mở đủ ba lớp.", "spent_to_date": Decimal(44_000_000)})
    district = plan.unit
    Target.objects.create(plan=plan, indicator_code="cp_workshops", name="Số hội thảo chuyên đề về SXSH",
                          unit_of_measure="hội thảo", target_value=Decimal(4), year=2019)
    Target.objects.create(plan=plan, indicator_code="cp_trainees", name="Số lượt cán bộ được tập huấn",
                          unit_of_measure="lượt người", target_value=Decimal(200), year=2019)
    Target.objects.create(plan=plan, name="Số cơ sở được hỗ trợ đánh giá SXSH", unit_of_measure="cơ sở",
                          target_value=Decimal(10), year=2020)
    _value("workshops_held", district, 2019, 5)
    _value("people_trained", district, 2019, 150)
    return plan


DATED = {"number": "25/BC-UBND", "report_date": "2019-12-31"}
TARGETS = [("Số hội thảo chuyên đề về SXSH", 4, 5, "Đạt"), ("Số lượt cán bộ được tập huấn", 200, 150, "Chưa đạt"),
           ("Số cơ sở được hỗ trợ đánh giá SXSH", 10, None, "Chưa có số liệu")]


def _get(client: Any, plan: Plan, fmt: str, params: dict[str, str] | None = None) -> Any:
    response = client.get(reverse("plans:report", args=[plan.pk, fmt]), params if params is not None else DATED)
    assert response.status_code == 200
    return response


def test_the_selector_reads_the_history_as_of_the_date(members: dict[str, Any], report_plan: Plan) -> None:
    dated = selectors.plan_overview(members["district"], report_plan, as_of=date(2019, 12, 31), with_narratives=True)
    assert round(dated.progress, 1) == 46.7 and dated.spent == Decimal(57_000_000)
    assert [r.activity.title for r in dated.overdue] == ['=HYPERLINK("http://x")', "Tập huấn cán bộ quản lý"]
    assert dated.workstreams[1].rows[0].narrative == "Đã mở lớp thứ nhất."
    assert [(r.target.name, r.achieved, r.assessment_label) for r in dated.target_rows] == [
        (name, None if got is None else Decimal(got), label) for name, _goal, got, label in TARGETS]
    later = selectors.plan_overview(members["district"], report_plan, as_of=date(2020, 3, 1))
    assert round(later.progress, 1) == 66.7 and [r.activity.title for r in later.overdue] == ['=HYPERLINK("http://x")']
    earlier = selectors.plan_overview(members["district"], report_plan, as_of=date(2019, 10, 1))
    assert [r.activity.title for r in earlier.overdue] == ['=HYPERLINK("http://x")']
    assert earlier.workstreams[0].rows[0].display_status == "not_started"  # its update came in November
    page = selectors.plan_overview(members["district"], report_plan)  # the page: today's state
    assert round(page.progress, 1) == 66.7


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pdf_dated_31_12_2019(members: dict[str, Any], report_plan: Plan, client_for: Any, tmp_path: Any,
                              language: str, settings: Any) -> None:
    """Issued in Vietnamese on its own date, also to someone who reads the site in English."""
    client = client_for(members["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = _get(client, report_plan, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"bao-cao-154-kh-ubnd-20191231.pdf\"; "
        "filename*=UTF-8''bao-cao-154-KH-UBND-20191231.pdf")
    assert_official_fonts(response.content, tmp_path)
    page = first_page_png(response.content, tmp_path)
    assert ink_share(page, (0.15, 0.03, 0.95, 0.15)) > 0.02  # the header block is drawn at the top
    assert ink_share(page, (0.0, 0.0, 0.12, 1.0)) < 0.001  # nothing in the 30 mm left margin
    flat = " ".join(pdf_text(response.content, tmp_path).split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "Số: 25/BC-UBND",
                     "Hoàn Kiếm, ngày 31 tháng 12 năm 2019", "BÁO CÁO", "Kết quả thực hiện Kế hoạch số 154/KH-UBND",
                     "tính đến ngày 31/12/2019", "Phát hành cẩm nang", "Đã phát hành 1.000 cuốn cẩm nang.",
                     "Đã mở lớp thứ nhất.", "46,7%", "đã chi: 57.000.000 ₫", "III. CÁC HOẠT ĐỘNG CHẬM TIẾN ĐỘ",
                     "- Tập huấn cán bộ quản lý", "IV. CHỈ TIÊU", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"):
        assert expected in flat, expected
    for name, goal, got, label in TARGETS:
        assert f"{name} " in flat and f"{goal} {got if got is not None else '—'} {label}" in flat, name
    assert "cp_workshops" not in flat and "Đã mở đủ ba lớp" not in flat and "66,7" not in flat


def test_docx_has_the_same_header_figures_and_page_numbers(members: dict[str, Any], report_plan: Plan,
                                                           client_for: Any) -> None:
    from docx import Document

    response = _get(client_for(members["district"]), report_plan, "docx")
    assert 'filename="bao-cao-154-kh-ubnd-20191231.docx"' in response["Content-Disposition"]
    text, tables = docx_text(response.content)
    left, right = tables[0][0]
    assert "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM" in left and "Số: 25/BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Hoàn Kiếm, ngày 31 tháng 12 năm 2019" in right
    assert "tính đến ngày 31/12/2019" in text and "46,7%" in text and "- Tập huấn cán bộ quản lý" in text
    assert "đã chi: 57.000.000 ₫ (54,3%)." in text  # as in the PDF
    assert tables[1][-1][1:4] == ["Tổng cộng", "3", "46,7"]
    targets = tables[-2]
    assert targets[0] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm", "Mục tiêu", "Đạt được", "Đánh giá"]
    assert [(r[1], r[4], r[5], r[6]) for r in targets[1:]] == [
        (name, str(goal), "—" if got is None else str(got), label) for name, goal, got, label in TARGETS]
    document = Document(__import__("io").BytesIO(response.content))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml
    assert "Đã mở đủ ba lớp" not in text and "Đã mở đủ ba lớp" not in str(tables)


def test_xlsx_has_the_header_the_same_figures_and_formats(members: dict[str, Any], report_plan: Plan,
                                                          client_for: Any) -> None:
    response = _get(client_for(members["district"]), report_plan, "xlsx")
    assert 'filename="bao-cao-154-kh-ubnd-20191231.xlsx"' in response["Content-Disposition"]
    book = workbook(response.content)
    assert book.sheetnames == ["Tổng hợp", "1. Truyền thông, nâng cao nhận", "2. Đào tạo tập huấnbồi dưỡng cá",
                               "Chỉ tiêu"]
    summary = book["Tổng hợp"]
    heading = [summary.cell(row=i, column=1).value for i in range(1, 9)]
    assert heading[:3] == ["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "Số: 25/BC-UBND"]
    assert "Hoàn Kiếm, ngày 31 tháng 12 năm 2019" in heading and "BÁO CÁO" in heading
    assert any("tính đến ngày 31/12/2019" in (h or "") for h in heading)
    headers, rows = table(summary)
    assert headers[:4] == ["Nhóm", "Nhóm nhiệm vụ", "Số hoạt động", "Tiến độ (%)"]
    assert rows[0][:4] == (1, "Truyền thông, nâng cao nhận thức", 2, 50.0)
    assert rows[1][:4] == (2, "Đào tạo: tập huấn/bồi dưỡng [cán bộ]", 1, 40.0)
    assert rows[2][1:4] == ("Toàn kế hoạch", 3, 46.7) and rows[2][6:8] == (105_000_000, 57_000_000)
    header_row = len(heading) - heading.count(None) + 2
    assert summary.freeze_panes == f"A{header_row + 1}"
    assert summary.cell(row=header_row + 1, column=7).number_format == '#,##0 "₫"'
    assert summary.cell(row=header_row + 1, column=4).number_format == "0.0"
    assert summary.auto_filter.ref == f"A{header_row}:H{header_row + 3}"
    assert summary.print_title_rows == f"${header_row}:${header_row}"
    assert summary.page_setup.fitToWidth == 1 and summary.sheet_properties.pageSetUpPr.fitToPage
    assert summary.page_setup.paperSize == 9 and summary.column_dimensions["B"].width > 3 * summary.column_dimensions["A"].width
    ws1 = book.worksheets[1]
    _h, acts = table(ws1)
    assert acts[0][1] == "Phát hành cẩm nang" and acts[0][7] == "Hoàn thành" and acts[0][8] == 100
    assert acts[1][1].startswith("=HYPERLINK") and acts[1][7] == "Quá hạn"  # kept as text, not a formula
    assert ws1.cell(row=3, column=2).data_type == "s" and ws1.cell(row=2, column=6).number_format == "DD/MM/YYYY"
    _h, targets = table(book["Chỉ tiêu"])
    assert [(r[1], r[4], r[5], r[6]) for r in targets] == [
        (name, goal, got, label) for name, goal, got, label in TARGETS]


def test_default_date_is_today_and_bad_dates_fall_back(members: dict[str, Any], report_plan: Plan,
                                                       client_for: Any) -> None:
    client = client_for(members["district"])
    today = timezone.localdate()
    response = _get(client, report_plan, "xlsx", {"report_date": "31/02/2019"})
    assert f"-{today:%Y%m%d}.xlsx" in response["Content-Disposition"]
    assert client.get(reverse("plans:report", args=[report_plan.pk, "odt"])).status_code == 404
    yesterday = today - timedelta(days=1)
    response = _get(client, report_plan, "pdf", {"report_date": yesterday.isoformat()})
    assert f"-{yesterday:%Y%m%d}.pdf" in response["Content-Disposition"]


def test_the_plan_pages_form_builds_the_report_in_a_task(members: dict[str, Any], report_plan: Plan, client_for: Any,
                                                        settings: Any, tmp_path: Any) -> None:
    """POSTed from the plan page (in English too): a task builds the same Vietnamese document, downloaded
    from the task's page by its owner only."""
    from sxsh.tasks.models import BackgroundTask, TaskStatus

    settings.MEDIA_ROOT = tmp_path
    client = client_for(members["district"])
    page = client.get(reverse("plans:plan_detail", args=[report_plan.pk])).content.decode()
    assert f'formaction="{reverse("plans:report", args=[report_plan.pk, "xlsx"])}"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("plans:report", args=[report_plan.pk, "xlsx"]), DATED)
    record = BackgroundTask.objects.get()
    assert response.status_code == 302 and response.url == reverse("tasks:download", args=[record.pk])  # done at once
    assert record.status == TaskStatus.DONE and "/" not in record.result_file.name.rsplit("/", 1)[-1]
    download = client.get(reverse("tasks:download", args=[record.pk]))
    assert 'filename="bao-cao-154-kh-ubnd-20191231.xlsx"' in download["Content-Disposition"]
    body = b"".join(download.streaming_content)
    immediate = workbook(_get(client, report_plan, "xlsx").content)
    tasked = workbook(body)
    assert tasked.sheetnames == immediate.sheetnames and table(tasked["Tổng hợp"]) == table(immediate["Tổng hợp"])
    assert client_for(members["ward"]).get(reverse("tasks:download", args=[record.pk])).status_code == 404


def test_a_report_task_for_a_plan_out_of_scope_is_refused(members: dict[str, Any], report_plan: Plan,
                                                         make_user: Any, client_for: Any) -> None:
    from sxsh.tasks.models import BackgroundTask

    outsider = client_for(make_user("enterprise"))
    assert outsider.post(reverse("plans:report", args=[report_plan.pk, "pdf"]), DATED).status_code == 404
    assert not BackgroundTask.objects.exists()
