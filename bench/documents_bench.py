"""Official document figures: the demo plan's progress report (154/KH-UBND, dated 31/12/2019, as the district
issues it) built in PDF, DOCX and XLSX from the database, each against the bare library writing the same
content already prepared (WeasyPrint on the rendered HTML, python-docx with the same tables, openpyxl with the
same rows): the ratio is the share of the time that is the library's own."""

import io
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from . import report
from .figures import bench_user, plain_xlsx, timed

REPEAT = 3


def _docx_plain(tables: list[list[list[str]]], paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for grid in tables:
        table = document.add_table(rows=len(grid), cols=len(grid[0]))
        for row, values in zip(table.rows, grid, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _figure(fmt: str, ours: float, baseline: float, baseline_name: str) -> None:
    report.figure(f"document_plan_report_{fmt}", ours * 1000, "ms", ours / baseline, baseline_name, baseline * 1000)


def run() -> None:
    from weasyprint import HTML

    from sxsh.calc.money import format_vnd
    from sxsh.plans import exports, selectors
    from sxsh.plans.models import Plan
    from sxsh.testing.documents import docx_text

    plan = Plan.objects.filter(number="154/KH-UBND").first()
    if plan is None:
        report.skipped("document_plan_report", "the demo plan 154/KH-UBND is not loaded")
        return
    user = bench_user("district", "hoan-kiem")
    day = date(2019, 12, 31)

    def overview() -> Any:
        return selectors.plan_overview(user, plan, as_of=day, with_narratives=True)

    with translation.override("vi"):
        pdf_seconds, _pdf = timed(lambda: exports.progress_pdf(overview(), "01/BC-UBND"), REPEAT)
        data = overview()
        html = render_to_string("plans/report_pdf.html", {
            "header": exports.report_header(data, "01/BC-UBND"), "overview": data, "orientation": "portrait",
            "intro": exports.intro(data), "targets": exports.target_texts(data.target_rows),
            "budget": exports.budget_text(data), "spent": format_vnd(data.spent),
        })
        weasy_seconds, _ = timed(lambda: HTML(string=html, base_url=".").write_pdf(), REPEAT)
        _figure("pdf", pdf_seconds, weasy_seconds, "weasyprint_same_html")

        docx_seconds, body = timed(lambda: exports.progress_docx(overview(), "01/BC-UBND"), REPEAT)
        text, tables = docx_text(body)
        plain_seconds, _ = timed(lambda: _docx_plain(tables, text.splitlines()), REPEAT)
        _figure("docx", docx_seconds, plain_seconds, "python_docx_same_tables")

        xlsx_seconds, _xlsx = timed(lambda: exports.progress_xlsx(overview(), "01/BC-UBND"), REPEAT)
        rows = [list(r) for ws in data.workstreams for r in exports.activity_rows(ws)]
        headers = [c.header for c in exports.activity_headers()]
        openpyxl_seconds, _ = timed(lambda: plain_xlsx(headers, rows), REPEAT)
        _figure("xlsx", xlsx_seconds, openpyxl_seconds, "openpyxl_same_rows")
    report.note(f"document_plan_report: plan {plan.number} as of {day:%d/%m/%Y} read by a district officer "
                f"({data.activity_count} activities, {len(data.target_rows)} targets), best of {REPEAT}; the XLSX baseline "
                f"writes the activity rows only")
