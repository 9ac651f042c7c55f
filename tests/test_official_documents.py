"""Every official document of the demo, downloaded as a reader of the English interface would: each in PDF,
DOCX and XLSX (the certificate, landscape, in the three formats in ``events/tests/test_documents.py``), issued
in Vietnamese with the Decree 30 header; the PDF and the DOCX (opened by LibreOffice) set in Liberation Serif
only, their first page rendered to PNG with the header drawn at the top and the 30 mm left margin clear; the
XLSX with the header as title rows above a frozen, filtered, printable table."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sxsh.testing.documents import (
    assert_official_fonts,
    docx_text,
    docx_to_pdf,
    first_page_png,
    ink_share,
    pdf_text,
    workbook,
)

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _documents() -> dict[str, Callable[[str], str]]:
    """URL builders by document for a format ("pdf", "docx", "xlsx")."""
    from sxsh.assessments.models import Assessment
    from sxsh.events.models import Event
    from sxsh.indicators.models import Report
    from sxsh.plans.models import Plan

    plan = Plan.objects.get(number="154/KH-UBND")
    report = Report.objects.get(unit__name="Hàng Bạc", year=2019, period_kind="year")
    event = Event.objects.filter(registrations__isnull=False).order_by("pk").first()
    assert event is not None
    assessment = Assessment.objects.order_by("pk").first()
    assert assessment is not None
    return {
        "plan report": lambda f: reverse("plans:report", args=[plan.pk, f]) + "?report_date=2019-12-31",
        "ward report": lambda f: reverse("indicators:report_export", args=[report.pk, f]),
        "assessment report": lambda f: reverse(
            {"pdf": "assessments:assessment_pdf", "docx": "assessments:assessment_docx",
             "xlsx": "assessments:assessment_export"}[f], args=[assessment.pk]),
        "attendance list": lambda f: (reverse("events:export_attendance", args=[event.pk]) if f == "xlsx"
                                      else reverse("events:attendance_document", args=[event.pk, f])),
    }


def _assert_page_one(pdf: bytes, tmp_path: Path, name: str) -> None:
    assert_official_fonts(pdf, tmp_path)
    assert NATIONAL_TITLE in " ".join(pdf_text(pdf, tmp_path).split()), name
    page = first_page_png(pdf, tmp_path)
    assert ink_share(page, (0.15, 0.03, 0.95, 0.15)) > 0.02, f"{name}: no header block at the top of page 1"
    assert ink_share(page, (0.0, 0.0, 0.12, 1.0)) < 0.001, f"{name}: something in the left margin"


@pytest.mark.slow
@pytest.mark.django_db
def test_every_official_document_in_every_format(tmp_path: Path, settings: Any) -> None:
    from sxsh.accounts.models import User

    settings.SXSH_DEMO = True
    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for name, url in _documents().items():
        bodies = {}
        for fmt in ("pdf", "docx", "xlsx"):
            response = client.get(url(fmt))
            assert response.status_code == 200, (name, fmt)
            assert "filename*=UTF-8''" in response["Content-Disposition"], (name, fmt)
            bodies[fmt] = response.content
        _assert_page_one(bodies["pdf"], tmp_path, f"{name} (PDF)")
        converted = docx_to_pdf(bodies["docx"], tmp_path)
        _assert_page_one(converted, tmp_path, f"{name} (DOCX)")
        _text, tables = docx_text(bodies["docx"])
        assert NATIONAL_TITLE in tables[0][0][1], name
        sheet = workbook(bodies["xlsx"]).worksheets[0]
        heading = [sheet.cell(row=i, column=1).value or "" for i in range(1, 8)]
        assert any(", ngày " in line for line in heading), (name, heading)
        assert sheet.freeze_panes and sheet.auto_filter.ref and sheet.page_setup.fitToWidth == 1, name
        assert sheet.print_title_rows, name
