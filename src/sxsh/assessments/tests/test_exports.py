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
    assert any(str(line).startswith("Hàng Bạc, ngày ") for line in heading)  # the facility's ward
    headers, rows = table(book["Giải pháp"])
    assert rows[0][1] == "Thay đèn LED" and headers[5] == "Đầu tư (đồng)"
    money = book["Giải pháp"].cell(row=book["Giải pháp"].max_row, column=6)
    assert money.number_format == '#,##0 "₫"' and money.value == 350_000_000
    pdf = client.get(reverse("assessments:assessment_pdf", args=[assessment.pk]))
    assert pdf.status_code == 200
    assert_official_fonts(pdf.content, tmp_path)
    text = " ".join(pdf_text(pdf.content, tmp_path).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "/BC-SXSH" in text and "Thay đèn LED" in text


def test_docx_report_has_the_pdf_header_sections_and_figures(users: dict[str, Any], client_for: Any,
                                                             assessment: Any, option: Any, facility: Any,
                                                             series: Any, tmp_path: Any, settings: Any) -> None:
    """The Word report beside the PDF: the same header block, the options' feasibility and the M&V result, in
    Vietnamese for a reader of the English interface; LibreOffice opens it with Liberation Serif only."""
    from sxsh.testing.documents import (
        assert_official_fonts,
        docx_text,
        docx_to_pdf,
        first_page_png,
        ink_share,
        pdf_text,
        table,
    )

    from .conftest import load_mv_case

    load_mv_case(facility, series)
    client = client_for(users["consultant"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("assessments:assessment_docx", args=[assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert f'filename="bao-cao-danh-gia-sxsh-{assessment.pk}.docx"' in response["Content-Disposition"]
    text, tables = docx_text(response.content)
    left, right = tables[0][0]
    assert "CÔNG TY DỆT MAY HÀNG BẠC" in left and "/BC-SXSH" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and ", ngày " in right
    for expected in ("BÁO CÁO", "Kết quả đánh giá sản xuất sạch hơn tại", "1. Thông tin chung",
                     "4. Giải pháp SXSH và phân tích khả thi", "5. Kết quả đo lường và kiểm chứng",
                     "Điện theo sản lượng", "mô hình hợp lệ theo tiêu chí EnPI Lite"):
        assert expected in text, expected
    options = next(t for t in tables if t[0][:2] == ["Hạng", "Giải pháp"])
    assert options[1][:5] == ["1", "Thay đèn LED", "EM", "350.000.000 ₫", "264.456.711 ₫"]
    assert options[1][6] == "3,50"
    pdf = client.get(reverse("assessments:assessment_pdf", args=[assessment.pk]))
    assert_official_fonts(pdf.content, tmp_path)  # the M&V charts' text too
    flat = " ".join(pdf_text(pdf.content, tmp_path).split())
    assert "264.456.711" in flat and options[1][7] in flat  # the same tCO2e figure in both
    converted = docx_to_pdf(response.content, tmp_path)
    assert_official_fonts(converted, tmp_path)
    assert "Thay đèn LED" in " ".join(pdf_text(converted, tmp_path).split())
    page = first_page_png(converted, tmp_path)
    assert ink_share(page, (0.15, 0.03, 0.95, 0.15)) > 0.02 and ink_share(page, (0.0, 0.0, 0.12, 1.0)) < 0.001
    # The workbook holds the same M&V section: the model, its validity, the savings and the sentence of the DOCX.
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("assessments:assessment_export", args=[assessment.pk])).content))
    headers, rows = table(book["Đo lường và kiểm chứng"])
    assert headers[:3] == ["Phân tích", "Mô hình hợp lệ", "R²"]
    result = next(r for r in rows if r[0] == "Điện theo sản lượng")
    assert result[1] == "Có" and result[3] > 0 and result[8] in text
    assert book["Đo lường và kiểm chứng"].cell(row=book["Đo lường và kiểm chứng"].max_row, column=3).number_format == "0.000"
