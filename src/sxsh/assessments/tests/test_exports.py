import io
import shutil
import subprocess
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_xlsx_report_contains_options_with_feasibility(users: dict[str, Any], client_for: Any, assessment: Any,
                                                       option: Any) -> None:
    response = client_for(users["district"]).get(reverse("assessments:assessment_export", args=[assessment.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["Giải pháp"].iter_rows(values_only=True))
    assert rows[1][1] == "Thay đèn LED"
    assert rows[1][7] == 264456711  # NPV, rounded
    assert rows[1][9] == pytest.approx(3.5)


def test_pdf_report(users: dict[str, Any], client_for: Any, assessment: Any, option: Any, tmp_path: Any) -> None:
    response = client_for(users["consultant"]).get(reverse("assessments:assessment_pdf", args=[assessment.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run([shutil.which("pdftotext") or "/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert "BÁO CÁO" in text
    assert "Thay đèn LED" in text
    assert "264.456.711" in text


def test_exports_are_scoped(make_user: Any, client_for: Any, other_facility: Any, assessment: Any) -> None:
    from sxsh.core.roles import Role

    stranger = client_for(make_user(Role.ENTERPRISE, username="dn3", with_facilities=[other_facility]))
    assert stranger.get(reverse("assessments:assessment_export", args=[assessment.pk])).status_code == 404
    assert stranger.get(reverse("assessments:assessment_pdf", args=[assessment.pk])).status_code == 404


def test_exports_in_english_and_the_header(users: dict[str, Any], client_for: Any, assessment: Any, option: Any,
                                          tmp_path: Any, settings: Any) -> None:
    """The English interface used to get a 500 (a "/" in a sheet title); both files are official documents
    with the header block, in Vietnamese, set in Liberation Serif only."""
    from sxsh.testing.documents import assert_official_fonts, pdf_text, table

    client = client_for(users["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("assessments:assessment_export", args=[assessment.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    first = book.worksheets[0]
    heading = [first.cell(row=i, column=1).value for i in range(1, 8)]
    assert heading[0] == "CÔNG TY DỆT MAY HÀNG BẠC" and "BÁO CÁO" in heading  # the facility: no committee above
    assert any(str(line).startswith("Hoàn Kiếm, ngày ") for line in heading)
    headers, rows = table(book["Giải pháp"])
    assert rows[0][1] == "Thay đèn LED" and headers[5] == "Đầu tư (đồng)"
    money = book["Giải pháp"].cell(row=book["Giải pháp"].max_row, column=6)
    assert money.number_format == '#,##0 "₫"' and money.value == 350_000_000
    pdf = client.get(reverse("assessments:assessment_pdf", args=[assessment.pk]))
    assert pdf.status_code == 200
    assert_official_fonts(pdf.content, tmp_path)
    text = " ".join(pdf_text(pdf.content, tmp_path).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "/BC-SXSH" in text and "Thay đèn LED" in text
