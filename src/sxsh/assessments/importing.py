"""Monthly readings import: one row per month, one column per series of the facility.

Every row is checked and every error shown before anything is saved; the import is all-or-nothing.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from sxsh.calc.text import fold
from sxsh.core.tabular import Preview, Table, TableError, read_table

from .models import MonitoringSeries, Reading

MONTH_HEADERS = ("thang", "ky", "month", "period", "thoi gian")


@dataclass
class ReadingRow:
    line: int
    raw_period: str
    raw_values: list[str]
    period: date | None = None
    cleaned: dict[int, Decimal] = field(default_factory=dict)  # series id -> value
    errors: list[str] = field(default_factory=list)
    replaces: int = 0  # readings already stored for this month

    @property
    def action(self) -> str:
        return _("Cập nhật %(n)s số liệu") % {"n": self.replaces} if self.replaces else _("Thêm mới")


@dataclass
class ReadingsPreview(Preview):
    rows: list[ReadingRow]
    series: list[MonitoringSeries] = field(default_factory=list)

    @property
    def series_ids(self) -> set[int]:
        return {s.pk for s in self.series}


def parse_month(value: Any) -> date | None:
    if isinstance(value, datetime):
        return date(value.year, value.month, 1)
    if isinstance(value, date):
        return date(value.year, value.month, 1)
    text = str(value or "").strip()
    patterns = (
        (r"(\d{1,2})[/.-](\d{4})", lambda m: (int(m[2]), int(m[1]))),
        (r"(\d{4})[/.-](\d{1,2})", lambda m: (int(m[1]), int(m[2]))),
        (r"\d{1,2}[/.-](\d{1,2})[/.-](\d{4})", lambda m: (int(m[2]), int(m[1]))),
        (r"(\d{4})[/.-](\d{1,2})[/.-]\d{1,2}", lambda m: (int(m[1]), int(m[2]))),
    )
    for pattern, pick in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            year, month = pick(match)
            if 1 <= month <= 12 and 1990 <= year <= 2100:
                return date(year, month, 1)
            return None
    return None


def parse_number(value: Any) -> Decimal | None:
    """``1.234,5`` (Vietnamese), ``1234.5`` or a number cell; None when not a number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = str(value or "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def preview_from_upload(facility_id: int, upload: IO[bytes]) -> ReadingsPreview:
    try:
        table = read_table(upload, max_rows=settings.SXSH_IMPORT_MAX_ROWS, max_bytes=settings.SXSH_UPLOAD_MAX_BYTES)
    except TableError as exc:
        return ReadingsPreview(rows=[], file_errors=[str(exc)])
    return validate_table(facility_id, table)


def validate_table(facility_id: int, table: Table) -> ReadingsPreview:
    headers = [fold(h) for h in table.headers]
    month_col = next((i for i, h in enumerate(headers) if h in MONTH_HEADERS), None)
    if month_col is None:
        return ReadingsPreview(rows=[], file_errors=[_("Thiếu cột “Tháng” (ví dụ 01/2020).")])
    by_name = {fold(s.name): s for s in MonitoringSeries.objects.unscoped(
        "the series of the facility the caller checked in scope").filter(facility_id=facility_id)}
    columns: list[tuple[int, MonitoringSeries]] = []
    unknown = []
    for index, header in enumerate(headers):
        if index == month_col or not header:
            continue
        series = by_name.get(header) or by_name.get(re.sub(r"\s*\(.*\)$", "", header))
        if series is None:
            unknown.append(table.headers[index])
        else:
            columns.append((index, series))
    if unknown:
        return ReadingsPreview(rows=[], file_errors=[
            _("Cột không khớp chuỗi số liệu nào của cơ sở: %(c)s. Các chuỗi hiện có: %(s)s.") % {
                "c": ", ".join(unknown), "s": ", ".join(s.name for s in by_name.values()) or "—"}])
    if not columns:
        return ReadingsPreview(rows=[], file_errors=[_("Tệp không có cột số liệu nào.")])
    series_list = [s for _i, s in columns]
    existing: dict[date, int] = {}
    for period in Reading.objects.unscoped("readings of the series above").filter(series__in=series_list).values_list(
            "period", flat=True):
        existing[period] = existing.get(period, 0) + 1

    rows: list[ReadingRow] = []
    seen: dict[date, int] = {}
    for line, raw in enumerate(table.rows, start=2):
        row = ReadingRow(line=line, raw_period=_show(raw[month_col]), raw_values=[_show(raw[i]) for i, _s in columns])
        row.period = parse_month(raw[month_col])
        if row.period is None:
            row.errors.append(_("Tháng “%(v)s” không hợp lệ: ghi dạng 01/2020.") % {"v": row.raw_period})
        elif row.period in seen:
            row.errors.append(_("Tháng %(m)s trùng với dòng %(l)s.") % {"m": f"{row.period:%m/%Y}",
                                                                       "l": seen[row.period]})
        else:
            seen[row.period] = line
            row.replaces = existing.get(row.period, 0)
        for index, series in columns:
            number = parse_number(raw[index])
            if number is None:
                row.errors.append(_("%(s)s: thiếu hoặc không phải số.") % {"s": series.name})
            elif number < 0:
                row.errors.append(_("%(s)s: không được âm.") % {"s": series.name})
            elif number >= Decimal("1e13"):
                row.errors.append(_("%(s)s: giá trị quá lớn.") % {"s": series.name})
            else:
                row.cleaned[series.pk] = number
        rows.append(row)
    preview = ReadingsPreview(rows=rows, series=series_list)
    months = sorted(seen)
    if months:
        gaps = _gaps(months)
        if gaps:
            preview.file_errors.append(_("Thiếu số liệu các tháng: %(m)s (chuỗi tháng phải liên tục).") % {
                "m": ", ".join(f"{m:%m/%Y}" for m in gaps[:24])})
    return preview


def _gaps(months: list[date]) -> list[date]:
    present = set(months)
    gaps = []
    year, month = months[0].year, months[0].month
    while (year, month) < (months[-1].year, months[-1].month):
        if date(year, month, 1) not in present:
            gaps.append(date(year, month, 1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return gaps


def _show(value: Any) -> str:
    if isinstance(value, datetime | date):
        return f"{value:%m/%Y}"
    return "" if value is None else str(value)
