"""Reading and writing tables (CSV and XLSX) for imports and exports.

Readers check the file by its content, not its name, and stop at limits so that a huge or hostile file
gets a clear message instead of exhausting time and memory: rows, columns and, for XLSX, the unzipped
size of the whole archive, of the shared strings and of the sheet, all read from the zip directory before
anything is decompressed (a 2.4 MB "zip bomb" that unzips to 648 MB is refused at once). The declared sizes
also bound the actual ones: Python's zip reader stops at a member's declared size and then checks its CRC.
XLSX is read with calamine (Rust, ≈ 10× openpyxl's read-only mode); calamine lays a sheet out in full in
memory, so the sheet's extent (last row × last column, from the cells' references) is bounded first, in the
same pass through Python's zip reader that checks every member's CRC. Writers stream rows (openpyxl
write-only mode).
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineError, CalamineWorkbook

from sxsh.calc.text import fold

XLSX_MAGIC = b"PK\x03\x04"
BINARY_MAGICS = (b"%PDF", b"\x89PNG", b"\xff\xd8", b"GIF8", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"Rar!", b"7z")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


#: Limits of the reading side; a real import (20,000 rows of a dozen columns) stays far below them.
MAX_COLUMNS = 200
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # every member of the XLSX together
MAX_SHARED_STRINGS_BYTES = 24 * 1024 * 1024  # loaded whole by openpyxl
MAX_SHEET_BYTES = 48 * 1024 * 1024
MAX_MEMBERS = 500
MAX_EMPTY_ROWS = 10_000  # blank rows skipped; beyond this the file is refused (a sheet of a million blanks)
MAX_SHEET_CELLS = 4_000_000  # last row × last column of a worksheet (laid out in full by the reader)


class TableError(ValueError):
    """A file that cannot be read as a table; the message is for the user (Vietnamese)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]]  # data rows, without the header row


@dataclass
class Preview:
    """An import checked row by row before anything is saved (shown by ``import_summary.html``).

    ``rows`` carry their own ``errors``; the import may be confirmed only when ``is_valid``.
    """

    rows: list[Any]
    file_errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and all(not r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def sniff_kind(head: bytes) -> str:
    """"xlsx", "csv" or "" from the first bytes of a file."""
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head.startswith(BINARY_MAGICS) or any(b < 9 or 13 < b < 32 for b in head if b != 27):
        return ""
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A multi-byte character may be cut at the end of the sample.
        if exc.start < len(head) - 4:
            return ""
    return "csv"


def read_table(upload: IO[bytes], *, max_rows: int, max_bytes: int) -> Table:
    """Read a CSV (UTF-8, comma or semicolon) or the first sheet of an XLSX file."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise TableError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    head = upload.read(4096)
    upload.seek(0)
    kind = sniff_kind(head)
    if kind == "xlsx":
        return _read_xlsx(upload, max_rows)
    if kind == "csv":
        return _read_csv(upload, max_rows, max_bytes)
    raise TableError(_("Tệp không phải CSV hoặc Excel (XLSX). Hãy lưu tệp dưới dạng .xlsx hoặc .csv (UTF-8)."))


def _too_large_unzipped() -> TableError:
    return TableError(_("Tệp Excel quá lớn khi giải nén (tối đa %(mb)s MB dữ liệu): hãy chia thành nhiều tệp nhỏ hơn.")
                      % {"mb": MAX_UNZIPPED_BYTES // (1024 * 1024)})


def check_xlsx_sizes(upload: IO[bytes]) -> None:
    """Refuse an XLSX whose zip directory declares too much data, before any member is decompressed."""
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải định dạng XLSX.")) from exc
    finally:
        upload.seek(0)
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise _too_large_unzipped()
    for member in members:
        name = member.filename.lower()
        if name.endswith("sharedstrings.xml") and member.file_size > MAX_SHARED_STRINGS_BYTES:
            raise _too_large_unzipped()
        if name.startswith("xl/worksheets/") and member.file_size > MAX_SHEET_BYTES:
            raise _too_large_unzipped()


def _too_many(max_rows: int) -> TableError:
    return TableError(_("Tệp có quá nhiều dòng: tối đa %(n)s dòng dữ liệu mỗi lần nhập.") % {"n": f"{max_rows:,}".replace(",", ".")})


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _finish(rows: Iterator[Sequence[Any]], max_rows: int) -> Table:
    try:
        header_row = next(rows)
    except StopIteration:
        raise TableError(_("Tệp trống: không có dòng tiêu đề.")) from None
    headers = [str(h).strip() if h is not None else "" for h in list(header_row)[: MAX_COLUMNS + 1]]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise TableError(_("Dòng đầu tiên phải là dòng tiêu đề cột."))
    if len(headers) > MAX_COLUMNS:
        raise TableError(_("Tệp có quá nhiều cột: tối đa %(n)s cột.") % {"n": MAX_COLUMNS})
    data: list[list[Any]] = []
    empty = 0
    for row in rows:
        values = [_clean(v) for v in list(row)[: len(headers)]]
        if all(v in (None, "") for v in values):
            empty += 1
            if empty > MAX_EMPTY_ROWS:
                raise _too_many(max_rows)
            continue
        if len(data) >= max_rows:
            raise _too_many(max_rows)
        data.append(values + [None] * (len(headers) - len(values)))
    if not data:
        raise TableError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return Table(headers, data)


def _read_xlsx(upload: IO[bytes], max_rows: int) -> Table:
    check_xlsx_sizes(upload)
    check_xlsx_extent(upload)
    try:
        workbook = CalamineWorkbook.from_filelike(upload)
        rows = workbook.get_sheet_by_index(0).iter_rows()  # from A1, as the file is
        return _finish(rows, max_rows)
    except TableError:
        raise
    except (CalamineError, OSError, ValueError, IndexError) as exc:  # malformed XML, zip or cell reference
        raise _broken_xlsx() from exc
    finally:
        upload.seek(0)


def _broken_xlsx() -> TableError:
    return TableError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải định dạng XLSX."))


#: a cell's or a row's reference (`` r="AB12"``, `` r="12"``); text holding one only makes the bound stricter
_REFERENCE = re.compile(rb'\sr="([A-Za-z]*)([0-9]*)"')
_CHUNK = 1024 * 1024


def check_xlsx_extent(upload: IO[bytes]) -> None:
    """Refuse a worksheet whose cells reach beyond ``MAX_SHEET_CELLS`` (a lone cell at XFD1048576 would
    make the reader allocate the whole sheet) or whose member fails its CRC (cut at its declared size)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            for member in archive.namelist():
                if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                    rows, columns = _extent(archive, member)
                    if rows * columns > MAX_SHEET_CELLS:
                        raise TableError(_("Trang tính có ô dữ liệu ở quá xa (dòng %(row)s, cột %(col)s): hãy xóa "
                                           "các ô thừa ngoài bảng dữ liệu rồi tải lại.") % {"row": rows, "col": columns})
    except TableError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _broken_xlsx() from exc
    finally:
        upload.seek(0)


def _extent(archive: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """The last row and column any reference in ``member`` names, read in 1 MB chunks."""
    rows = columns = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            references = _REFERENCE.findall(data)
            if references:
                letters = max((r[0].upper() for r in references), key=lambda x: (len(x), x))
                digits = max((r[1] for r in references), key=lambda x: (len(x), x))
                if len(letters) > 3 or len(digits) > 7:
                    raise ValueError("cell reference out of range")
                rows, columns = max(rows, int(digits or 0)), max(columns, _column_number(letters))
            tail = data[-32:]
    return rows, max(columns, 1)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _read_csv(upload: IO[bytes], max_rows: int, max_bytes: int) -> Table:
    raw = upload.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise TableError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from exc
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        return _finish(csv.reader(io.StringIO(text), delimiter=delimiter), max_rows)
    except csv.Error as exc:  # a field over the csv module's limit (128 KB), a NUL byte
        raise TableError(_("Không đọc được tệp CSV: có ô quá dài hoặc ký tự không hợp lệ.")) from exc


def header_index(headers: Sequence[str], aliases: Mapping[str, Sequence[Any]]) -> dict[str, int]:
    """Map each field to its column, matching headers without diacritics or case."""
    folded = [fold(h) for h in headers]
    found: dict[str, int] = {}
    for key, names in aliases.items():
        for name in names:
            if fold(str(name)) in folded:
                found[key] = folded.index(fold(str(name)))
                break
    return found


# --- writing ----------------------------------------------------------------------------------------

#: Column kinds and their spreadsheet number formats (Excel codes; shown the Vietnamese way in a Vietnamese
#: locale: 1.234.567 ₫, 12,5, 31/12/2019).
FORMATS = {
    "text": "General", "code": "@", "int": "#,##0", "number": "#,##0.0", "money": '#,##0 "₫"',
    "share": "0.0", "date": "DD/MM/YYYY", "datetime": "DD/MM/YYYY HH:MM",
}
WIDTHS = {"text": 24, "name": 42, "code": 14, "int": 11, "number": 13, "money": 17, "share": 10, "date": 12,
          "datetime": 17}
SHEET_TITLE_BAD = set("[]:*?/\\")


@dataclass(frozen=True)
class Column:
    """A column of an export: its header, kind (a key of ``FORMATS``, or "name": wide text), width and, where
    the kind's format does not fit (R² "0.000", p-values "0.0000"), its own number format."""

    header: str
    kind: str = "text"
    width: float | None = None
    format: str = ""

    @property
    def number_format(self) -> str:
        return self.format or FORMATS.get(self.kind, "General")


@dataclass(frozen=True)
class Value:
    """A cell with its own number format (e.g. an indicator value with the indicator's decimals)."""

    value: Any
    number_format: str = "General"


def decimals_format(decimals: int) -> str:
    """"#,##0" or "#,##0.0…" with ``decimals`` places."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


@dataclass
class Sheet:
    """One sheet: title rows (``heading``, e.g. an official header) above a table of ``columns`` × ``rows``."""

    title: str
    columns: Sequence[Column | str]
    rows: Iterable[Sequence[Any]]
    heading: Sequence[str] = ()


def sheet_title(text: str, used: set[str] | None = None) -> str:
    """A valid, unique sheet title: no ``[]:*?/\\``, at most 31 characters."""
    title = "".join(c for c in str(text) if c not in SHEET_TITLE_BAD)[:31].strip().strip("'") or "Sheet"
    if used is not None:
        base, n = title, 1
        while title in used:
            n += 1
            title = f"{base[:31 - len(str(n)) - 1]}~{n}"
        used.add(title)
    return title


def _as_sheet(item: "Sheet | tuple[str, Sequence[Any], Iterable[Sequence[Any]]]") -> Sheet:
    return item if isinstance(item, Sheet) else Sheet(item[0], item[1], item[2])


def _column(spec: Column | str) -> Column:
    return spec if isinstance(spec, Column) else Column(str(spec))


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time.min)  # Excel dates are days: the same cell
    return value


_AUTO_KINDS = frozenset({"text", "name"})  # columns whose cells take their format from their value


def _auto_format(value: Any, column: Column) -> str:
    """The format of a cell: the column's, or from the value where the column is plain text."""
    if column.kind not in _AUTO_KINDS:
        return column.number_format
    if isinstance(value, datetime):
        return FORMATS["datetime"]
    if isinstance(value, date):
        return FORMATS["date"]
    if isinstance(value, int) and not isinstance(value, bool):
        return FORMATS["int"]
    if isinstance(value, float | Decimal):
        return FORMATS["number"]
    return "General"


def _cell(sheet: Any, pool: dict[tuple[int, str], Any], index: int, value: Any, column: Column) -> Any:
    """What ``sheet.append`` is given for one value: the value itself where openpyxl's own cell writes it as
    it should be (no number format, text that cannot be read as a formula), else the column's cell of that
    number format, reused row after row (a write-only sheet writes each row as it is appended), so that no
    cell nor style is built per value."""
    own = ""
    if isinstance(value, Value):
        own, value = value.number_format, value.value
    text = isinstance(value, str)
    number_format = own if own and not text else _auto_format(value, column)
    as_text = text and (value.startswith("=") or column.kind == "code")  # text, never a formula nor a number
    if number_format == "General" and not as_text:
        return _value(value)  # a blank here is no cell; a blank of a number column keeps its format
    cell = pool.get((index, number_format))
    if cell is None:
        cell = pool[(index, number_format)] = WriteOnlyCell(sheet)
        if number_format != "General":
            cell.number_format = number_format
    cell.value = _value(value)
    if as_text:
        cell.data_type = "s"
    return cell


def write_xlsx(sheets: Iterable["Sheet | tuple[str, Sequence[Any], Iterable[Sequence[Any]]]"]) -> bytes:
    """An XLSX file a clerk can print, written in streaming mode (openpyxl write-only).

    Each sheet: its title rows in bold, then the bold header row (frozen, repeated on every printed page,
    with an autofilter), columns with widths and number formats by kind, A4 fitted to the page width.
    Text that looks like a formula stays text. ``sheets`` are :class:`Sheet` or (title, headers, rows).
    """
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for item in sheets:
        spec = _as_sheet(item)
        columns = [_column(c) for c in spec.columns]
        sheet = workbook.create_sheet(title=sheet_title(spec.title, used))
        for index, column in enumerate(columns, start=1):
            width = column.width or WIDTHS.get(column.kind, 20)
            sheet.column_dimensions[get_column_letter(index)].width = width
        header_row = len(spec.heading) + (2 if spec.heading else 1)
        sheet.freeze_panes = f"A{header_row + 1}"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if len(columns) > 7 else "portrait"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        for line in spec.heading:
            cell = WriteOnlyCell(sheet, line)
            cell.font = bold
            sheet.append([cell])
        if spec.heading:
            sheet.append([])
        headers = []
        for column in columns:
            cell = WriteOnlyCell(sheet, column.header)
            cell.font, cell.alignment = bold, wrap
            headers.append(cell)
        sheet.append(headers)
        count = 0
        pool: dict[tuple[int, str], Any] = {}
        plain_text = [column.kind in _AUTO_KINDS for column in columns]  # text as it is, without a call
        for row in spec.rows:
            sheet.append([value if type(value) is str and plain and value[:1] != "=" else
                          _cell(sheet, pool, index, value, column)
                          for index, (value, column, plain) in enumerate(zip(row, columns, plain_text, strict=False))])
            count += 1
        last = get_column_letter(max(1, len(columns)))
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
        sheet.print_title_rows = f"{header_row}:{header_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(columns: Sequence[Column | str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a BOM so that Excel shows Vietnamese correctly; code columns (tax codes) keep their
    leading zeros (a leading tab marks them as text) and no cell can run as a formula."""
    specs = [_column(c) for c in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in specs])
    for row in rows:
        writer.writerow([_csv_cell(v, c) for v, c in zip(row, specs, strict=False)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Any, column: Column) -> Any:
    if isinstance(value, Value):
        value = value.value
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # no formula injection when the CSV is opened in a spreadsheet
    if column.kind == "code" and value not in (None, ""):
        return "\t" + str(value)  # text, so a spreadsheet keeps "0100109106" as typed
    return "" if value is None else value
