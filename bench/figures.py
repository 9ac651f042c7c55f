"""Figures measured inside one Django process against one database (run as a subprocess per database).

``python -m bench.figures GROUP [GROUP…] --label sqlite`` prints figure lines; ``--pages`` prints the
portal pages to load as JSON.
"""

import argparse
import io
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from sxsh.core.request_context import reset_request_id, set_request_id  # noqa: E402

from . import report  # noqa: E402
from .config import Config  # noqa: E402


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def bench_user(role: str, unit_code: str | None = None) -> Any:
    from sxsh.accounts.models import User
    from sxsh.directory.models import AdministrativeUnit

    unit = AdministrativeUnit.objects.get(code=unit_code, level="district") if unit_code else None
    if role == "doit":
        unit = AdministrativeUnit.objects.get(parent=None, code="ha-noi")
    user, _ = User.objects.update_or_create(
        username=f"bench-{role}", defaults={"role": role, "unit": unit, "is_active": True}
    )
    return user


# --------------------------------------------------------------------------- import / export
def import_export(config: Config, label: str) -> None:
    from django.test import RequestFactory
    from openpyxl import load_workbook

    from sxsh.calc import taxcode
    from sxsh.core.tables import export_file
    from sxsh.directory import importing, services
    from sxsh.directory.models import AdministrativeUnit
    from sxsh.directory.tables import FACILITIES

    officer = bench_user("district", "th-001")
    wards = list(AdministrativeUnit.objects.filter(parent__code="th-001", level="commune").order_by("code"))
    headers = [str(names[0]) for names in importing.COLUMNS.values()]
    rows = []
    serial = 0
    while len(rows) < config.import_rows:
        code = taxcode.with_check_digit(f"07{serial:07d}")
        serial += 1
        if code is None:
            continue
        i = len(rows)
        ward = wards[i % len(wards)]
        rows.append([
            f"Công ty TNHH Nhập thử {i}", code, f"{i} Phố Nhập, phường {ward.name}", ward.name,
            ["C10", "C14", "C25", "C26"][i % 4], "Không", "Nhỏ", 10 + i % 90, "Nguyễn Văn Nhập",
            "0912345678", f"nhap{i}@example.vn",
        ])
    data = plain_xlsx(headers, rows)

    def openpyxl_read() -> int:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True)) - 1
        wb.close()
        return count

    def sxsh_import() -> int:
        token = set_request_id("bench-import")
        try:
            with transaction.atomic():
                preview = importing.preview_from_upload(officer, io.BytesIO(data))
                if not preview.is_valid:
                    raise RuntimeError(f"bench import file invalid: {preview.file_errors or preview.rows[0].errors}")
                created, updated = services.import_facilities(acting_user=officer, preview=preview)
                transaction.set_rollback(True)  # leave the bench database as it was
            return created + updated
        finally:
            reset_request_id(token)

    base_seconds, n = timed(openpyxl_read, repeat=3)
    seconds, imported = timed(sxsh_import, repeat=3)  # best of 3 as the baseline (each run rolled back)
    assert n == imported == len(rows), (n, imported)
    base_rate, rate = n / base_seconds, imported / seconds
    report.figure(f"facility_import_{label}", rate, "rows/s", rate / base_rate, "openpyxl_read", base_rate)

    request = RequestFactory().get("/")
    request.user = bench_user("doit")
    selection = FACILITIES.select(request, request.GET)  # what the page's "Xuất Excel" exports, every column

    def sxsh_export() -> int:
        return len(export_file(selection, "xlsx")[1])

    n = export_figure(f"facility_export_{label}", [c.header for c in selection.export_columns()],
                      list(selection.values(selection.queryset)), sxsh_export)
    report.note(f"facility_export_{label}: {n} rows (the whole synthetic city, read through the DoIT scope)")


def plain_xlsx(headers: list[str], rows: list[list[Any]]) -> bytes:
    """openpyxl's own write-only workbook of already prepared rows (the baseline of the export figures)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_figure(name: str, headers: list[str], materialised: list[list[Any]], ours: Callable[[], Any]) -> int:
    """Print ``name`` in rows/s: ``ours`` (reading, formatting and writing the XLSX) against openpyxl's own
    write-only workbook of the same rows, already materialised; returns the number of rows."""
    plain = [[v.replace(tzinfo=None) if isinstance(v, datetime) else v for v in row]  # as openpyxl takes them
             for row in materialised]
    base_seconds, _ = timed(lambda: plain_xlsx(headers, plain), repeat=2)
    seconds, _ = timed(ours, repeat=2)
    n = len(materialised)
    base_rate, rate = n / base_seconds, n / seconds
    report.figure(name, rate, "rows/s", rate / base_rate, "openpyxl_write", base_rate)
    return n


# --------------------------------------------------------------------------- M&V
def mv(config: Config, label: str) -> None:
    try:
        from sxsh.calc import mv as mv_module
    except ImportError:
        report.skipped("mv_fits", "sxsh.calc.mv has not landed")
        return
    from . import mv_bench

    mv_bench.run(mv_module, config)


# --------------------------------------------------------------------------- indicators
def indicators(config: Config, label: str) -> None:
    try:
        from . import indicators_bench
    except ImportError:
        report.skipped(f"indicators_recompute_{label}", "the indicators app (services, periods) has not landed")
        return
    indicators_bench.run(config, label)


# --------------------------------------------------------------------------- pages
def pages() -> dict[str, str]:
    """The public pages to load: the home page, and one article once outreach has landed."""
    found = {"home": "/"}
    try:
        from . import pages as app_pages
    except ImportError:
        return found
    found.update(app_pages.find())
    return found


# --------------------------------------------------------------------------- official documents
def documents(config: Config, label: str) -> None:
    from . import documents_bench

    documents_bench.run()


GROUPS = {"import_export": import_export, "mv": mv, "indicators": indicators, "documents": documents}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("groups", nargs="*")
    parser.add_argument("--label", default=connection.vendor)
    parser.add_argument("--pages", action="store_true")
    args = parser.parse_args()
    if args.pages:
        print(json.dumps(pages()))
        return
    config = Config()
    for group in args.groups:
        GROUPS[group](config, args.label)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
