"""The demo's plan 154/KH-UBND and its 2019 ward report read exactly as they were reported.

Every page, PDF, DOCX and XLSX of them is turned into plain text and compared with ``golden/demo_2019.txt``
(recorded before programmes, roles by level and units through time were added). Only today's date
and computation timestamps, which change from run to run, are masked. After a deliberate change of
what 2019 says, write the file again with ``SXSH_WRITE_GOLDEN=1``.
"""

import html
import io
import os
import re
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

GOLDEN = Path(__file__).parent / "golden" / "demo_2019.txt"


def _mask(text: str) -> str:
    text = re.sub(r"\d{2}:\d{2}(:\d{2})? \d{2}/\d{2}/\d{4}", "<timestamp>", text)
    today = timezone.localdate()
    text = text.replace(f"ngày {today:%d} tháng {today:%m} năm {today:%Y}", "ngày <today>")
    return text.replace(today.strftime("%d/%m/%Y"), "<today>")


def _main_text(body: bytes) -> str:
    page = body.decode()
    main = page[page.index('<main id="main"'):page.index("</main>")]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", main, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", main))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _pdf_text(body: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True,  # noqa: S607
                         text=True).stdout
    # content-stream order, line breaks dropped: a change of font or column width does not count
    return textwrap.fill(" ".join(out.split()), 110)


def _xlsx_text(body: bytes) -> str:
    book = load_workbook(io.BytesIO(body), read_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"[{sheet.title}]")
        lines.extend(" | ".join("" if c is None else str(c) for c in row) for row in sheet.iter_rows(values_only=True))
    return "\n".join(lines)


def _docx_text(body: bytes) -> str:
    from sxsh.testing.documents import docx_text

    text, tables = docx_text(body)
    rows = [" | ".join(cells) for grid in tables for cells in grid]
    return "\n".join([line for line in text.splitlines() if line.strip()] + rows)


def _documents(tmp_path: Path) -> tuple[str, dict[str, bytes]]:
    from sxsh.accounts.models import User
    from sxsh.indicators.models import Report
    from sxsh.plans.models import Plan

    reader = Client()  # the ward officer reads them: no edit buttons, whose set may grow, only the content
    reader.force_login(User.objects.get(username="phuong"))
    plan = Plan.objects.get(number="154/KH-UBND")
    ward_report = Report.objects.get(unit__name="Hàng Bạc", year=2019, period_kind="year")
    parts: list[tuple[str, str]] = []

    issuer = Client()  # the district officer issues the plan's report: the district's achieved values are in scope
    issuer.force_login(User.objects.get(username="quan"))

    def get(url: str, client: Client = reader) -> bytes:
        response = client.get(url)
        assert response.status_code == 200, url
        return response.content

    parts.append(("plan page", _main_text(get(reverse("plans:plan_detail", args=[plan.pk])))))
    parts.append(("plan timeline", _main_text(get(reverse("plans:plan_timeline", args=[plan.pk])))))
    for workstream in plan.workstreams.order_by("order"):
        for activity in workstream.activities.order_by("order"):
            body = _main_text(get(reverse("plans:activity_detail", args=[activity.pk])))
            parts.append((f"activity {workstream.order}.{activity.order}", body.split("Nhật ký thay đổi")[0]))
    dated = "?number=01/BC-UBND&report_date=2019-12-31"  # the same report, dated 31/12/2019, in every format
    report = {fmt: get(reverse("plans:report", args=[plan.pk, fmt]) + dated, issuer) for fmt in ("pdf", "docx", "xlsx")}
    parts.append(("plan report pdf", _pdf_text(report["pdf"], tmp_path)))
    parts.append(("plan report docx", _docx_text(report["docx"])))
    parts.append(("plan report xlsx", _xlsx_text(report["xlsx"])))
    parts.append(("ward report page", _main_text(get(reverse("indicators:report_detail", args=[ward_report.pk])))))
    parts.append(("ward report pdf", _pdf_text(get(reverse("indicators:report_export", args=[ward_report.pk, "pdf"])),
                                               tmp_path)))
    parts.append(("ward report docx", _docx_text(get(reverse("indicators:report_export", args=[ward_report.pk, "docx"])))))
    parts.append(("ward report xlsx", _xlsx_text(get(reverse("indicators:report_export",
                                                             args=[ward_report.pk, "xlsx"])))))
    return "".join(f"=== {name}\n{_mask(text)}\n" for name, text in parts), report


def _same_targets_in_every_format(report: dict[str, bytes], tmp_path: Path) -> None:
    """The 2019 report's targets: achieved values and assessments agree across PDF, DOCX and XLSX."""
    from sxsh.calc.money import format_number
    from sxsh.testing.documents import docx_text, table, workbook

    _headers, rows = table(workbook(report["xlsx"])["Chỉ tiêu"])
    assert all(r[5] is not None for r in rows), "the district's 2019 values are in the report"
    docx_rows = docx_text(report["docx"])[1][-2][1:]
    pdf = " ".join(_pdf_text(report["pdf"], tmp_path).split())
    for xlsx_row, docx_row in zip(rows, docx_rows, strict=True):
        decimals = 1 if xlsx_row[2] == "%" else 0
        achieved = format_number(xlsx_row[5], decimals)
        assert (docx_row[1], docx_row[5], docx_row[6]) == (xlsx_row[1], achieved, xlsx_row[6])
        assert f"{achieved} {xlsx_row[6]}" in pdf


@pytest.mark.django_db
def test_plan_154_and_its_2019_reports_read_as_reported(tmp_path: Path, settings: Any) -> None:
    settings.SXSH_DEMO = True
    call_command("load_demo", stdout=io.StringIO())
    text, report = _documents(tmp_path)
    _same_targets_in_every_format(report, tmp_path)
    if os.environ.get("SXSH_WRITE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
