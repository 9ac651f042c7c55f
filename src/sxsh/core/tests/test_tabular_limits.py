"""Hostile spreadsheets (zip bombs, endless blank rows, huge CSV cells) are refused fast, in little memory."""

import io
import time
import tracemalloc
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook

from sxsh.core import tabular
from sxsh.core.tabular import TableError, read_table

MB = 1024 * 1024


def _small_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tên cơ sở", "Mã số thuế"])
    sheet.append(["Cơ sở A", "0100109106"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bomb(member: str, unzipped_mb: int) -> bytes:
    """A real XLSX whose ``member`` is replaced by ``unzipped_mb`` MB of valid, highly compressible XML."""
    source = zipfile.ZipFile(io.BytesIO(_small_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for info in source.infolist():
            if info.filename != member:
                bomb.writestr(info, source.read(info.filename))
        with bomb.open(member, "w", force_zip64=True) as stream:
            if member.endswith("sharedStrings.xml"):
                stream.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                             b'spreadsheetml/2006/main">')
                chunk = b"<si><t>" + b"A" * 1000 + b"</t></si>"
                closing = b"</sst>"
            else:
                stream.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                             b'spreadsheetml/2006/main"><sheetData>')
                chunk = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
                closing = b"</sheetData></worksheet>"
            block = chunk * (MB // len(chunk))
            for _ in range(unzipped_mb):
                stream.write(block)
            stream.write(closing)
    return out.getvalue()


@pytest.fixture(scope="module")
def shared_strings_bomb() -> bytes:
    return xlsx_bomb("xl/sharedStrings.xml", 648)


def _measure(data: bytes) -> tuple[str, float, int]:
    """The refusal's message, seconds and peak Python memory (bytes) of reading ``data``."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(TableError) as refused:
            read_table(io.BytesIO(data), max_rows=20_000, max_bytes=20 * MB)
        return str(refused.value), time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_in_under_a_second_and_a_few_mb(shared_strings_bomb: bytes) -> None:
    """648 MB of shared strings in a file of a few MB took ~23 s and 1.2 GB before the limits."""
    assert len(shared_strings_bomb) < 5 * MB
    message, seconds, peak = _measure(shared_strings_bomb)
    assert message == "Tệp Excel quá lớn khi giải nén (tối đa 64 MB dữ liệu): hãy chia thành nhiều tệp nhỏ hơn."
    assert seconds < 1.0, seconds
    assert peak < 4 * MB, peak


def test_a_sheet_over_its_limit_is_refused(monkeypatch: Any) -> None:
    monkeypatch.setattr(tabular, "MAX_SHEET_BYTES", 2 * MB)
    message, seconds, peak = _measure(xlsx_bomb("xl/worksheets/sheet1.xml", 3))
    assert "quá lớn khi giải nén" in message
    assert seconds < 1.0 and peak < 4 * MB


def test_a_member_lying_about_its_size_is_cut_at_the_declared_size() -> None:
    """The zip directory says 1 KB, the data is 50 MB: reading stops at 1 KB and the CRC check refuses it."""
    data = bytearray(xlsx_bomb("xl/worksheets/sheet1.xml", 50))
    # The central directory's entry (the last mention of the name) holds the uncompressed size at offset 24.
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/worksheets/sheet1.xml") + 1)
    data[central + 24:central + 28] = (1024).to_bytes(4, "little")
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml").file_size == 1024
    message, seconds, peak = _measure(bytes(data))
    assert message == "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải định dạng XLSX."
    assert seconds < 1.0 and peak < 8 * MB


def test_endless_blank_rows_stop_early(monkeypatch: Any) -> None:
    """Blank rows are skipped, but only so many: the reader stops at the limit, not at the end of the sheet."""
    monkeypatch.setattr(tabular, "MAX_EMPTY_ROWS", 100)
    header = "Tên cơ sở,Mã số thuế\n"
    rows_read = []
    original = tabular._clean
    monkeypatch.setattr(tabular, "_clean", lambda v: rows_read.append(v) or original(v))
    message = _measure((header + ",\n" * 200_000 + "A,1\n").encode())[0]
    assert "quá nhiều dòng" in message
    assert len(rows_read) <= 2 * 101  # two cells per row read: it stopped after the limit


def test_too_many_columns_and_huge_csv_cells_are_refused() -> None:
    assert "quá nhiều cột" in _measure((",".join(f"c{i}" for i in range(500)) + "\n1\n").encode())[0]
    message = _measure(("Tên\n" + '"' + "x" * 200_000 + '"\n').encode())[0]
    assert message == "Không đọc được tệp CSV: có ô quá dài hoặc ký tự không hợp lệ."


def test_an_ordinary_file_is_still_read() -> None:
    table = read_table(io.BytesIO(_small_xlsx()), max_rows=10, max_bytes=MB)
    assert table.headers == ["Tên cơ sở", "Mã số thuế"] and table.rows == [["Cơ sở A", "0100109106"]]


def _sheet(cells: dict[str, Any]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_lone_cell_far_away_is_refused_before_the_sheet_is_laid_out() -> None:
    """calamine builds the sheet's whole rectangle: one cell at XFD1048576 would ask for 17 billion cells."""
    data = _sheet({"A1": "Tên cơ sở", "B1": "Mã số thuế", "A2": "Cơ sở A", "XFD1048576": "x"})
    message, seconds, _ = _measure(data)
    assert message == ("Trang tính có ô dữ liệu ở quá xa (dòng 1048576, cột 16384): hãy xóa các ô thừa ngoài bảng "
                       "dữ liệu rồi tải lại.")
    assert seconds < 1.0


def _with_far_cell(data: bytes, reference: bytes) -> bytes:
    """``data`` with one more cell at ``reference`` (written as given, in its own row 1048576)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for info in archive.infolist():
            body = archive.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                far = b'<row r="1048576"><c r="' + reference + b'" t="inlineStr"><is><t>x</t></is></c></row>'
                body = body.replace(b"</sheetData>", far + b"</sheetData>")
            copy.writestr(info, body)
    return out.getvalue()


def test_a_lower_case_or_overlong_reference_does_not_slip_past_the_bound() -> None:
    data = _sheet({"A1": "Tên cơ sở", "A2": "Cơ sở A"})
    assert "quá xa (dòng 1048576, cột 16384)" in _measure(_with_far_cell(data, b"xfd1048576"))[0]
    message = _measure(_with_far_cell(data, b"AAAA1048576"))[0]
    assert message == "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải định dạng XLSX."


def test_values_keep_their_types_and_a_sheet_starting_lower_has_no_header() -> None:
    from datetime import datetime

    data = _sheet({"A1": "Tên", "B1": "Số", "C1": "Ngày", "D1": "Tỷ lệ", "A2": " Cơ sở A ", "B2": 12,
                   "C2": datetime(2024, 3, 1), "D2": 0.25, "A4": "Cơ sở B"})
    table = read_table(io.BytesIO(data), max_rows=10, max_bytes=MB)
    assert table.headers == ["Tên", "Số", "Ngày", "Tỷ lệ"]
    assert table.rows[0][:2] == ["Cơ sở A", 12] and table.rows[0][3] == 0.25
    assert table.rows[0][2].year == 2024 and table.rows[0][2].month == 3  # a date cell stays a date
    assert table.rows[1][0] == "Cơ sở B"  # the blank row between is skipped
    assert "tiêu đề" in _measure(_sheet({"B3": "Tên", "B4": "Cơ sở A"}))[0]
