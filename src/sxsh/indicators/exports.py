"""Exports built from the same selectors as the pages: XLSX (several sheets), PDF and DOCX reports."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.calc.text import slugify_vi
from sxsh.core import docxfile
from sxsh.core.documents import AdministrativeHeader, official_header
from sxsh.core.pdf import render_pdf
from sxsh.core.tabular import Column, Sheet, Value, decimals_format, write_xlsx
from sxsh.directory import bodies
from sxsh.directory.models import AdministrativeUnit, OrganisationKind, UnitLevel

from . import selectors, subjects
from .models import Report, ReportStatus, View
from .periods import Period
from .selectors import Row

#: The indicators of the by-ward table of a district report (the full matrix is in the XLSX).
WARD_TABLE_CODES = ("cp_aware_share", "cp_applying_share", "key_sector_facilities", "supporting_industry_facilities",
                    "facilities_supported")


def file_name(stem: str, unit: AdministrativeUnit, period: Period, ext: str) -> str:
    return f"{stem}-{slugify_vi(unit.name)}-{period.year}-{period.key}.{ext}"


def _cell_value(value: Any, decimals: int = 1) -> Any:
    """A number with its decimals, or "không có dữ liệu" (never 0)."""
    return Value(float(value), decimals_format(decimals)) if value is not None else selectors.NO_DATA_TEXT


def _stamp(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def view_label(view: str) -> str:
    return str(View(view).label)


def indicator_headers() -> list[Column]:
    return [Column(_("STT"), "int", 6), Column(_("Mã"), "code", 20), Column(_("Chỉ tiêu"), "name", 50),
            Column(_("Đơn vị tính"), "text", 12), Column(_("Giá trị"), "number"), Column(_("Mục tiêu"), "text", 16),
            Column(_("Đánh giá"), "text", 16), Column(_("Tử số"), "number"), Column(_("Mẫu số"), "number"),
            Column(_("Số bản ghi"), "int"), Column(_("Số liệu tính lúc"), "text", 17),
            Column(_("Ghi chú"), "name", 40)]


def indicator_rows(rows: list[Row]) -> list[list[Any]]:
    return [
        [i, r.code, r.name, r.unit_label, _cell_value(r.value, r.decimals), r.target_text, r.status_label,
         None if r.numerator is None else float(r.numerator),
         None if r.denominator is None else float(r.denominator), r.record_count, _stamp(r.computed_at), r.remark]
        for i, r in enumerate(rows, start=1)
    ]


def trend_sheet(rows: list[Row]) -> Sheet:
    years = sorted({y for r in rows for y, _v in r.trend})
    headers = [Column(_("Chỉ tiêu"), "name", 36), Column(_("Đơn vị tính"), "text", 12),
               *[Column(str(y), "number") for y in years]]
    body = []
    for r in rows:
        by_year = dict(r.trend)
        body.append([r.short_name, r.unit_label, *[_cell_value(by_year.get(y), r.decimals) for y in years]])
    return Sheet(_("Xu hướng"), headers, body)


def dashboard_xlsx(user: Any, data: selectors.Dashboard) -> bytes:
    info = [
        [_("Địa bàn"), str(data.unit)], [_("Kỳ"), data.period.label], [_("Cách xem"), view_label(data.filters.view)],
        [_("Ngành"), str(data.sector) if data.sector else _("Tất cả")], [_("Số liệu tính lúc"), _stamp(data.computed_at)],
    ]
    chart = data.chart_row.short_name if data.chart_row else ""
    decimals = data.chart_row.decimals if data.chart_row else 1
    sheets: list[Sheet] = [
        Sheet(_("Chỉ tiêu"), indicator_headers(), indicator_rows(data.rows)),
        Sheet(_("Theo địa bàn"), [Column(_("Địa bàn"), "name", 30), Column(chart, "number", 20)],
              [[b.label, _cell_value(b.value, decimals)] for b in data.units_bars]),
        Sheet(_("Theo ngành"), [Column(_("Mã ngành"), "code", 10), Column(_("Tên ngành"), "name"),
                                Column(chart, "number", 20)],
              [[b.label, b.title, _cell_value(b.value, decimals)] for b in data.sector_bars]),
        trend_sheet(data.rows),
        Sheet(_("Thông tin"), info_columns(), info),
    ]
    return write_xlsx(sheets)


def info_columns() -> list[Column]:
    return [Column(_("Mục"), "text", 24), Column(_("Giá trị"), "name", 60)]


# --- reports ------------------------------------------------------------------------------------------

@dataclass
class ReportDocument:
    report: Report
    header: AdministrativeHeader
    rows: list[Row]
    wards: list[tuple[str, list[Row]]]
    ward_codes: list[Row]  # the indicators shown in the by-ward table (from the first ward's rows)
    has_data: bool
    is_draft: bool
    computed_at: datetime | None
    period: Period

    @property
    def no_data_message(self) -> str:
        return _("Không có số liệu chỉ tiêu cho %(p)s: mọi chỉ tiêu được ghi là “không có dữ liệu”.") % {
            "p": self.period.label}


def report_header(report: Report) -> AdministrativeHeader:
    """The header of a periodic report, from data: a commune's or district's committee issues its own, the
    Department of Industry and Trade the province's; recipients are the reviewing unit's bodies."""
    unit = report.unit
    issued: date = timezone.localtime(report.reviewed_at or report.submitted_at or timezone.now()).date()
    subject = subjects.subject_of(report)
    if unit.level == UnitLevel.PROVINCE:
        department = bodies.department_of(unit)
        return official_header(
            unit, number=report.number, issued_on=issued, document_type="BÁO CÁO", subject=subject,
            body=bodies.header_body(department) if department else "Sở Công Thương",
            recipients=["Bộ Công Thương (để báo cáo)", f"{bodies.committee_name(unit)} (để báo cáo)", f"Lưu: VT, {bodies.report_symbol(unit)}"],
            signing_authority=bodies.signers(OrganisationKind.DOIT),
        )
    return official_header(
        unit, number=report.number, issued_on=issued, document_type="BÁO CÁO", subject=subject,
        recipients=report_recipients(report), signing_authority=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    )


def report_recipients(report: Report) -> list[str]:
    """A commune's report goes to its reviewing unit (the district's economic office up to 30/6/2025, the
    province's Department after); a district's to the Department and the province's committee."""
    unit = report.unit
    above = selectors.report_approver(report) if unit.level == UnitLevel.COMMUNE else unit.parent
    if above is None:
        return ["Lưu: VT"]
    if above.level == UnitLevel.PROVINCE:
        first = bodies.department_name(above)
    else:
        office = bodies.organisation_of(above, OrganisationKind.ECONOMIC_DIVISION)
        first = office.name if office else f"Phòng Kinh tế {above.kind.title} {above.name}"
    return [first, f"{bodies.committee_name(above)} (để báo cáo)",
            "Lưu: VT" if unit.level == UnitLevel.COMMUNE else "Lưu: VT, KT"]


def report_document(user: Any, report: Report) -> ReportDocument:
    rows = selectors.report_rows(user, report)
    wards = selectors.report_ward_rows(user, report)
    ward_codes = [r for r in rows if r.code in WARD_TABLE_CODES]
    stamps = [r.computed_at for r in rows if r.computed_at]
    return ReportDocument(
        report=report, header=report_header(report), rows=rows, wards=wards, ward_codes=ward_codes,
        has_data=any(r.value is not None for r in rows), is_draft=report.status != ReportStatus.APPROVED,
        computed_at=max(stamps) if stamps else None, period=Period(report.period_kind, report.year, report.period_no),
    )


def ward_matrix(doc: ReportDocument) -> tuple[list[str], list[list[Any]]]:
    codes = [r.code for r in doc.ward_codes]
    headers = [_("Địa bàn"), *[f"{r.short_name} ({r.unit_label})" for r in doc.ward_codes]]
    body = []
    for name, ward_rows in doc.wards:
        by_code = {r.code: r for r in ward_rows}
        body.append([name, *[by_code[c].value_text if c in by_code else selectors.display(None) for c in codes]])
    return headers, body


def report_xlsx(user: Any, report: Report) -> bytes:
    doc = report_document(user, report)
    info = [
        [_("Đơn vị báo cáo"), report.unit.name], [_("Kỳ báo cáo"), doc.period.label],
        [_("Số văn bản"), doc.header.number], [_("Trạng thái"), report.get_status_display()],
        [_("Số liệu tính lúc"), _stamp(doc.computed_at)],
        [_("Số liệu chốt lúc"), _stamp(report.snapshot_at)],
        [_("Nội dung đánh giá"), report.narrative],
        [_("Ý kiến của đơn vị xem xét"), report.review_comment],
    ]
    if not doc.has_data:
        info.insert(0, [_("Lưu ý"), doc.no_data_message])
    sheets: list[Sheet] = [
        Sheet(_("Chỉ tiêu"), indicator_headers(), indicator_rows(doc.rows), heading=doc.header.lines()),
    ]
    if doc.wards:
        wards_headers = [Column(_("Địa bàn"), "name", 24), *[Column(r.short_name, "number", 14) for r in doc.rows]]
        wards_body = []
        for name, ward_rows in doc.wards:
            by_code = {r.code: r for r in ward_rows}
            wards_body.append([name, *[_cell_value(by_code[r.code].value, r.decimals) if r.code in by_code else
                                       selectors.NO_DATA_TEXT for r in doc.rows]])
        sheets.append(Sheet(_("Theo địa bàn"), wards_headers, wards_body, heading=doc.header.lines()))
    sheets.append(trend_sheet(doc.rows))
    sheets.append(Sheet(_("Thông tin"), info_columns(), info))
    return write_xlsx(sheets)


def report_pdf(user: Any, report: Report) -> bytes:
    doc = report_document(user, report)
    headers, body = ward_matrix(doc)
    return render_pdf("indicators/documents/report.html", {
        "header": doc.header, "doc": doc, "ward_headers": headers, "ward_body": body,
    })


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def report_docx(user: Any, report: Report) -> bytes:
    """The same layout and figures as the PDF (header block, body, recipients and signature)."""
    doc = report_document(user, report)
    document = docxfile.new_document(
        doc.header, draft_note=_("(Dự thảo – số liệu chưa được phê duyệt)") if doc.is_draft else "")
    docxfile.heading(document, _("I. ĐÁNH GIÁ CHUNG"))
    for text in _paragraphs(report.narrative) or [_("(Chưa có nội dung đánh giá.)")]:
        docxfile.para(document, text, center=False)
    if not doc.has_data:
        docxfile.para(document, doc.no_data_message, italic=True, center=False)
    docxfile.heading(document, _("II. KẾT QUẢ CÁC CHỈ TIÊU"))
    columns = [(_("STT"), 12), (_("Chỉ tiêu"), 63), (_("Đơn vị tính"), 18), (_("Giá trị"), 24), (_("Mục tiêu"), 26),
               (_("Đánh giá"), 22)]
    docxfile.table(document, columns, [[i, r.name, r.unit_label, "\n".join(filter(None, [r.value_text, r.remark])),
                                        r.target_text, r.status_label]
                                       for i, r in enumerate(doc.rows, start=1)], numeric=(0, 3, 4))
    if doc.wards:
        ward_headers, ward_body = ward_matrix(doc)
        docxfile.heading(document, _("III. KẾT QUẢ THEO ĐỊA BÀN"))
        rest = (docxfile.TEXT_WIDTH_MM - 40) / max(1, len(ward_headers) - 1)
        docxfile.table(document, [(h, 40 if i == 0 else rest) for i, h in enumerate(ward_headers)], ward_body,
                       numeric=range(1, len(ward_headers)))
    docxfile.para(document, _("Số liệu tính lúc: %(t)s.") % {"t": _stamp(doc.computed_at) or "—"}, italic=True,
                  center=False, size=11)
    docxfile.signature(document, doc.header)
    return docxfile.to_bytes(document)


REPORT_FORMATS = {"xlsx": report_xlsx, "pdf": report_pdf, "docx": report_docx}


def report_file(user: Any, report: Report, fmt: str) -> tuple[str, bytes]:
    """The file name and bytes of ``report``'s official document in ``fmt`` (a key of ``REPORT_FORMATS``)."""
    period = Period(report.period_kind, report.year, report.period_no)
    return file_name("bao-cao", report.unit, period, fmt), REPORT_FORMATS[fmt](user, report)
