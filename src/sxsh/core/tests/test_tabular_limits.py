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
