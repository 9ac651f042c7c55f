"""The progress report: XLSX (summary + one sheet per workstream) and PDF in the administrative layout."""

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sxsh.plans import selectors, services
from sxsh.plans.models import Activity, Plan, Workstream

pytestmark = pytest.mark.django_db


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
    return plan


def test_xlsx_has_a_summary_and_one_sheet_per_workstream(members: dict[str, Any], report_plan: Plan,
                                                         client_for: Any) -> None:
    response = client_for(members["ward"]).get(reverse("plans:report", args=[report_plan.pk, "xlsx"]))
    assert response.status_code == 200
    assert "bao-cao-154-KH-UBND" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "1. Truyền thông, nâng cao nhận ", "2. Đào tạo tập huấnbồi dưỡng cá"]
    summary = list(book["Tổng hợp"].iter_rows(values_only=True))
    assert summary[0][:4] == ("Nhóm", "Nhóm nhiệm vụ", "Số hoạt động", "Tiến độ (%)")
    assert summary[1][:4] == (1, "Truyền thông, nâng cao nhận thức", 2, 50.0)
    assert summary[2][:4] == (2, "Đào tạo: tập huấn/bồi dưỡng [cán bộ]", 1, 40.0)
    assert summary[3][1:4] == ("Toàn kế hoạch", 3, 46.7)
    assert summary[3][6:8] == (105_000_000, 57_000_000)
    ws1 = list(book.worksheets[1].iter_rows(values_only=True))
    assert ws1[1][1] == "Phát hành cẩm nang" and ws1[1][7] == "Hoàn thành" and ws1[1][8] == 100
    assert ws1[2][1].startswith("=HYPERLINK") and ws1[2][7] == "Quá hạn"  # kept as text, not a formula
    assert book.worksheets[1].cell(row=3, column=2).data_type == "s"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pdf_is_a_vietnamese_administrative_report(members: dict[str, Any], report_plan: Plan, client_for: Any,
                                                   tmp_path: Any, language: str, settings: Any) -> None:
    """Issued in Vietnamese, also to someone who reads the site in English."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    client = client_for(members["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(
        reverse("plans:report", args=[report_plan.pk, "pdf"]), {"number": "25/BC-UBND", "report_date": "2019-12-20"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN QUẬN",
                     "Số: 25/BC-UBND", "Hoàn Kiếm, ngày 20 tháng 12 năm 2019", "BÁO CÁO",
                     "Kết quả thực hiện Kế hoạch số 154/KH-UBND", "Truyền thông, nâng cao nhận thức",
                     "Phát hành cẩm nang", "Tập huấn cán bộ quản lý", "Đã phát hành 1.000 cuốn cẩm nang.",
                     "46,7%", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"):
        assert expected in flat, expected


def test_reports_and_page_share_the_selector(members: dict[str, Any], report_plan: Plan) -> None:
    overview = selectors.plan_overview(members["district"], report_plan, as_of=date(2019, 12, 20),
                                       with_narratives=True)
    assert [w.workstream.order for w in overview.workstreams] == [1, 2]
    assert round(overview.progress, 1) == 46.7
    assert [r.activity.title for r in overview.overdue] == ['=HYPERLINK("http://x")', "Tập huấn cán bộ quản lý"]
    earlier = selectors.plan_overview(members["district"], report_plan, as_of=date(2019, 10, 1))
    assert [r.activity.title for r in earlier.overdue] == ['=HYPERLINK("http://x")']
    assert overview.workstreams[0].rows[0].narrative == "Đã phát hành 1.000 cuốn cẩm nang."
