"""Files out: the XLSX writer's layout and formats, CSV codes as text, and RFC 6266 download names."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import unquote

from openpyxl import load_workbook

from sxsh.core.downloads import content_disposition, file_response
from sxsh.core.tabular import Column, Sheet, Value, sheet_title, write_csv, write_xlsx
from sxsh.testing.documents import table


def test_content_disposition_survives_any_plan_number() -> None:
    header = content_disposition("bao-cao-2384/QĐ-UBND-20191231.pdf")
    assert header.isascii() and "=?utf-8?" not in header.lower()
    assert header.startswith('attachment; filename="bao-cao-2384-qd-ubnd-20191231.pdf"; filename*=UTF-8\'\'')
    assert unquote(header.split("''", 1)[1]) == "bao-cao-2384-QĐ-UBND-20191231.pdf"
    response = file_response(b"%PDF", 'Báo cáo "Hàng Bạc"\n.pdf', inline=True)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="bao-cao-hang-bac-.pdf"')
    assert "\n" not in response["Content-Disposition"]


def test_sheet_titles_are_valid_and_unique() -> None:
    used: set[str] = set()
    assert sheet_title("Inputs/outputs", used) == "Inputsoutputs"
    assert sheet_title("Inputs/outputs", used) == "Inputsoutputs~2"
    assert sheet_title("[a]:*?\\b" + "x" * 40) == "ab" + "x" * 29
    assert sheet_title("///") == "Sheet"


def test_xlsx_is_printable_and_typed() -> None:
    rows = [["0100109106", "Công ty Dệt may", date(2019, 12, 31), Decimal("1234567"), 12.345, 7,
             Value(Decimal("3.14159"), "#,##0.00"), "=1+1"]]
    body = write_xlsx([Sheet("Cơ sở/Đơn vị", [
        Column("Mã số thuế", "code"), Column("Tên", "name"), Column("Ngày", "date"), Column("Kinh phí", "money"),
        Column("Tỷ lệ (%)", "share"), Column("Số", "int"), Column("Giá trị", "number"), Column("Ghi chú")],
        rows, heading=["ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "Số: 1/BC-UBND"])])
    sheet = load_workbook(io.BytesIO(body))["Cơ sởĐơn vị"]
    assert [sheet.cell(row=1, column=1).value, sheet.cell(row=1, column=1).font.b] == [
        "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", True]
    headers, data = table(sheet)
    assert headers[0] == "Mã số thuế" and sheet.cell(row=4, column=1).font.b and sheet.freeze_panes == "A5"
    cells = sheet[5]
    assert [c.number_format for c in cells] == ["@", "General", "DD/MM/YYYY", '#,##0 "₫"', "0.0", "#,##0", "#,##0.00",
                                                "General"]
    assert data[0][0] == "0100109106" and cells[0].data_type == "s"
    assert data[0][2] == datetime(2019, 12, 31) and data[0][3] == 1234567 and data[0][7] == "=1+1"
    assert cells[7].data_type == "s"  # a formula stays text
    assert sheet.auto_filter.ref == "A4:H5" and sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width > 2 * sheet.column_dimensions["F"].width


def test_each_row_keeps_its_own_values_and_formats_when_cells_are_reused() -> None:
    """The writer reuses one cell per column and number format from row to row: every row still reads back
    with its own value, type and format, whatever the rows before it held (text, numbers, dates, formulas,
    own formats, blanks)."""
    rows = [
        ["0100109106", "=SUM(A1:A2)", 7, date(2019, 12, 31), Value(Decimal("1.5"), "#,##0.0")],
        ["0200000001", "Công ty A", 12.5, datetime(2020, 1, 2, 8, 30), Value(3, "#,##0")],
        [None, 8, None, "chưa có", Value(Decimal("2.25"), "#,##0.00")],
        ["=1+1", "=A1", 9, date(2021, 3, 4), None],
    ]
    body = write_xlsx([Sheet("Dòng", [Column("Mã", "code"), Column("Ghi chú"), Column("Số", "int"),
                                      Column("Ngày"), Column("Giá trị", "number")], rows)])
    sheet = load_workbook(io.BytesIO(body)).active
    read = [[(c.value, c.number_format, c.data_type) for c in sheet[n]] for n in range(2, 6)]
    assert read == [
        [("0100109106", "@", "s"), ("=SUM(A1:A2)", "General", "s"), (7, "#,##0", "n"),
         (datetime(2019, 12, 31), "DD/MM/YYYY", "d"), (1.5, "#,##0.0", "n")],
        [("0200000001", "@", "s"), ("Công ty A", "General", "s"), (12.5, "#,##0", "n"),
         (datetime(2020, 1, 2, 8, 30), "DD/MM/YYYY HH:MM", "d"), (3, "#,##0", "n")],
        [(None, "@", "n"), (8, "#,##0", "n"), (None, "#,##0", "n"), ("chưa có", "General", "s"),
         (2.25, "#,##0.00", "n")],
        [("=1+1", "@", "s"), ("=A1", "General", "s"), (9, "#,##0", "n"), (datetime(2021, 3, 4), "DD/MM/YYYY", "d"),
         (None, "#,##0.0", "n")],
    ]


def test_old_style_sheets_still_write_and_numbers_get_formats() -> None:
    body = write_xlsx([("Danh sách", ["A", "B"], ([i, date(2020, 1, i + 1)] for i in range(3)))])
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.freeze_panes == "A2" and sheet["A2"].number_format == "#,##0"
    assert sheet["B2"].number_format == "DD/MM/YYYY"


def test_csv_keeps_codes_as_text_and_refuses_formulas() -> None:
    body = write_csv([Column("Mã số thuế", "code"), "Tên", "Ngày"],
                     [["0100109106", "=HYPERLINK(\"x\")", date(2019, 8, 8)], [None, "-5", None]])
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Mã số thuế", "Tên", "Ngày"]
    assert rows[1] == ["\t0100109106", "'=HYPERLINK(\"x\")", "08/08/2019"]
    assert rows[2] == ["", "'-5", ""]
