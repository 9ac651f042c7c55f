"""The header block, the typeface and DOCX layout of official documents."""

import subprocess
from datetime import date
from pathlib import Path

import pytest

from sxsh.core import docxfile
from sxsh.core.documents import date_line, official_header
from sxsh.directory.models import AdministrativeUnit


def test_date_line_follows_decree_30() -> None:
    assert date_line("Hà Nội", date(2019, 8, 8)) == "Hà Nội, ngày 08 tháng 8 năm 2019"
    assert date_line("Hoàn Kiếm", date(2020, 1, 5)) == "Hoàn Kiếm, ngày 05 tháng 01 năm 2020"
    assert date_line("Hoàn Kiếm", date(2020, 2, 29)) == "Hoàn Kiếm, ngày 29 tháng 02 năm 2020"
    assert date_line("Hoàn Kiếm", date(2019, 12, 31)) == "Hoàn Kiếm, ngày 31 tháng 12 năm 2019"
    assert date_line("Hoàn Kiếm", date(2019, 3, 10)) == "Hoàn Kiếm, ngày 10 tháng 3 năm 2019"


@pytest.mark.django_db
def test_header_wording_comes_from_the_unit(reference: None) -> None:
    ward = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-bac/")
    header = official_header(ward, document_type="BÁO CÁO", subject="S", number="3/BC-UBND",
                             issued_on=date(2019, 2, 1))
    assert (header.parent_body, header.issuing_body, header.place) == (
        "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "ỦY BAN NHÂN DÂN PHƯỜNG HÀNG BẠC", "Hàng Bạc")
    assert header.place_and_date == "Hàng Bạc, ngày 01 tháng 02 năm 2019"
    assert header.lines()[:3] == ["ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "ỦY BAN NHÂN DÂN PHƯỜNG HÀNG BẠC", "Số: 3/BC-UBND"]
    division = official_header(ward.parent, body="Phòng Kinh tế quận Hoàn Kiếm", document_type="", subject="",
                               number="", issued_on=date(2019, 2, 1))
    assert (division.parent_body, division.issuing_body, division.number_line) == (
        "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "PHÒNG KINH TẾ QUẬN HOÀN KIẾM", "")
    independent = official_header(ward, body="Trung tâm tư vấn", under_committee=False, document_type="",
                                  subject="", number="", issued_on=date(2019, 2, 1))
    assert independent.parent_body == ""


@pytest.mark.django_db
def test_place_is_the_issuing_units_own_name_at_every_level(reference: None) -> None:
    """Decree 30: the place is the official name of the unit where the issuing body sits. A commune directly
    under its province since 1/7/2025 writes its own name (not the province's, nor a district that is gone); a
    unit named by a number writes its full name."""
    from sxsh.core.documents import place_of
    from sxsh.directory.models import UnitKind, UnitLevel

    province = AdministrativeUnit.objects.get(path="/ha-noi/")
    ward_2025 = AdministrativeUnit.objects.create(
        name="Hoàn Kiếm", code="phuong-hoan-kiem", level=UnitLevel.COMMUNE, parent=province,
        kind=UnitKind.objects.get(code="phuong"), valid_from=date(2025, 7, 1))
    header = official_header(ward_2025, document_type="BÁO CÁO", subject="S", number="7/BC-UBND",
                             issued_on=date(2025, 12, 31))
    assert (header.parent_body, header.issuing_body) == ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
                                                         "ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM")
    assert header.place_and_date == "Hoàn Kiếm, ngày 31 tháng 12 năm 2025"
    commune = AdministrativeUnit.objects.create(
        name="Sóc Sơn", code="xa-soc-son", level=UnitLevel.COMMUNE, parent=province,
        kind=UnitKind.objects.get(code="xa"), valid_from=date(2025, 7, 1))
    assert place_of(commune) == "Sóc Sơn" and place_of(province) == "Hà Nội"
    assert official_header(commune, document_type="", subject="", number="", issued_on=date(2025, 8, 1)
                           ).place_and_date == "Sóc Sơn, ngày 01 tháng 8 năm 2025"
    assert place_of(AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/")) == "Hoàn Kiếm"
    numbered = AdministrativeUnit(name="12", level=UnitLevel.COMMUNE, parent=province,
                                  kind=UnitKind.objects.get(code="phuong"))
    assert place_of(numbered) == "Phường 12"


def _liberation_serif() -> str:
    return subprocess.run(["fc-match", "-f", "%{file}", "Liberation Serif"], capture_output=True, text=True,  # noqa: S607
                          check=True).stdout


def test_liberation_serif_2_covers_vietnamese() -> None:
    """The face WeasyPrint gets for "Liberation Serif" is 2.x and has U+1EA0–1EF9 (ạ…ỹ) and ơ, ư."""
    path = _liberation_serif()
    assert "liberation2" in path, f"Liberation Serif resolves to {path}: install fonts-liberation2"
    charset = subprocess.run(["fc-query", "-f", "%{charset}", path], capture_output=True, text=True,  # noqa: S607
                             check=True).stdout
    ranges = [tuple(int(x, 16) for x in part.split("-")) if "-" in part else (int(part, 16), int(part, 16))
              for part in charset.split()]

    def covered(cp: int) -> bool:
        return any(lo <= cp <= hi for lo, hi in ranges)

    assert all(covered(cp) for cp in range(0x1EA0, 0x1EFA))
    assert all(covered(cp) for cp in (0x01A0, 0x01A1, 0x01AF, 0x01B0, 0x0110, 0x0111))


def test_docx_national_title_fits_its_column_on_one_line() -> None:
    """The right column of the header is wide enough for the national title in 12 pt bold (no "VIỆT / NAM")."""
    from PIL import ImageFont

    bold = _liberation_serif().replace("Regular", "Bold")
    font = ImageFont.truetype(bold, 1200)  # 12 pt at 100 units per point
    title_mm = font.getlength("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") / 100 * 25.4 / 72
    cell_margins_mm = 2 * 1.9
    assert title_mm < docxfile.HEAD_WIDTHS_MM[1] - cell_margins_mm
    assert sum(docxfile.HEAD_WIDTHS_MM) == docxfile.TEXT_WIDTH_MM


def test_docx_styles_use_liberation_serif_in_every_script_slot() -> None:
    from docx.oxml.ns import qn

    from sxsh.core.documents import AdministrativeHeader

    header = AdministrativeHeader("", "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "1/BC-UBND", "Hoàn Kiếm", date(2019, 1, 2),
                                  "BÁO CÁO", "Chủ đề")
    document = docxfile.new_document(header)
    grid = docxfile.table(document, [("Chỉ tiêu", 100), ("Giá trị", 65)], [["Tỷ lệ cơ sở áp dụng", "12,5"]] * 3)
    normal = document.styles["Normal"].element.rPr.rFonts
    assert {normal.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Liberation Serif"}
    assert normal.get(qn("w:asciiTheme")) is None
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Liberation Serif"
    first = grid.rows[0]
    assert first._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in grid.rows)  # never split
    assert [round(c.width.mm) for c in first.cells] == [100, 65]


def test_docx_opens_in_libreoffice_with_one_typeface(tmp_path: Path) -> None:
    """Converted by LibreOffice (where installed), the DOCX embeds only Liberation Serif and keeps the title whole."""
    from sxsh.core.documents import AdministrativeHeader
    from sxsh.testing.documents import assert_official_fonts, docx_to_pdf, pdf_text

    header = AdministrativeHeader("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "1/BC-UBND",
                                  "Hoàn Kiếm", date(2019, 1, 2), "BÁO CÁO", "Kết quả thực hiện kế hoạch")
    document = docxfile.new_document(header)
    for i in range(60):
        docxfile.para(document, f"Đoạn {i}: sản xuất sạch hơn, tiết kiệm năng lượng ở các cơ sở.", center=False)
    docxfile.signature(document, header)
    body = docx_to_pdf(docxfile.to_bytes(document), tmp_path)
    assert_official_fonts(body, tmp_path)
    text = pdf_text(body, tmp_path, layout=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # on one line
    pages = text.split("\f")
    assert len(pages) >= 2 and pages[1].strip().splitlines()[0].strip() == "2"  # page number from page 2 only
    assert not pages[0].strip().splitlines()[0].strip().isdigit()


