"""Exports built from the same selectors as the pages: XLSX (several sheets), PDF and DOCX reports."""

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.calc.text import slugify_vi
from sxsh.core.pdf import AdministrativeHeader, render_pdf
from sxsh.core.tabular import write_xlsx
from sxsh.directory.models import AdministrativeUnit, UnitLevel

from . import selectors
from .models import Report, ReportStatus, View
from .periods import Period
from .selectors import Row

#: The indicators of the by-ward table of a district report (the full matrix is in the XLSX).
WARD_TABLE_CODES = ("cp_aware_share", "cp_applying_share", "key_sector_facilities", "supporting_industry_facilities",
                    "facilities_supported")


def file_name(stem: str, unit: AdministrativeUnit, period: Period, ext: str) -> str:
    return f"{stem}-{slugify_vi(unit.name)}-{period.year}-{period.key}.{ext}"


def _cell_value(value: Any) -> Any:
    return float(value) if value is not None else selectors.NO_DATA_TEXT


def _stamp(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def view_label(view: str) -> str:
    return str(View(view).label)


def indicator_headers() -> list[str]:
    return [_("STT"), _("Mã"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Giá trị"), _("Mục tiêu"), _("Đánh giá"),
            _("Tử số"), _("Mẫu số"), _("Số bản ghi"), _("Số liệu tính lúc"), _("Ghi chú")]


def indicator_rows(rows: list[Row]) -> list[list[Any]]:
    return [
        [i, r.code, r.name, r.unit_label, _cell_value(r.value), r.target_text, r.status_label,
         None if r.numerator is None else float(r.numerator),
         None if r.denominator is None else float(r.denominator), r.record_count, _stamp(r.computed_at), r.remark]
        for i, r in enumerate(rows, start=1)
    ]


def value_headers() -> list[str]:
    return [_("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Kỳ"), _("Từ ngày"), _("Đến ngày"), _("Địa bàn"),
            _("Cấp"), _("Mã ngành"), _("Ngành"), _("Tử số"), _("Mẫu số"), _("Giá trị"), _("Số bản ghi"),
            _("Số bản ghi chưa xếp được"), _("Cách xem"), _("Số liệu tính lúc"), _("Ghi chú")]


def value_rows(values: Iterable[tuple[Any, ...]]) -> Iterator[list[Any]]:
    """The data export's rows from ``selectors.export_values`` tuples: numbers as numbers, dates as dates,
    an empty value where there is no data (a zero or missing denominator)."""
    kinds = {kind: str(label) for kind, label in UnitLevel.choices}
    views = {view: str(label) for view, label in View.choices}
    labels: dict[tuple[str, int, int], str] = {}
    all_sectors = _("Tất cả các ngành")
    for (code, name, unit_label, kind, year, number, start, end, unit, unit_kind, sector_code, sector_name,
         numerator, denominator, value, count, unplaced, view, computed_at, note, is_estimate) in values:
        label = labels.get((kind, year, number))
        if label is None:
            label = labels[(kind, year, number)] = Period(kind, year, number).label
        yield [code, name, unit_label, label, start, end, unit, kinds.get(unit_kind, unit_kind), sector_code or "",
               sector_name or all_sectors, numerator, denominator, value, count, unplaced, views.get(view, view),
               timezone.localtime(computed_at) if computed_at else None,
               note or (str(selectors.ESTIMATE_TEXT) if is_estimate else "")]


def values_xlsx(rows: Iterable[tuple[Any, ...]]) -> bytes:
    return write_xlsx([(_("Giá trị chỉ tiêu"), value_headers(), value_rows(rows))])


def trend_sheet(rows: list[Row]) -> tuple[str, list[str], list[list[Any]]]:
    years = sorted({y for r in rows for y, _v in r.trend})
    headers = [_("Chỉ tiêu"), _("Đơn vị tính"), *[str(y) for y in years]]
    body = []
    for r in rows:
        by_year = dict(r.trend)
        body.append([r.short_name, r.unit_label, *[_cell_value(by_year.get(y)) for y in years]])
    return _("Xu hướng"), headers, body


def dashboard_xlsx(user: Any, data: selectors.Dashboard) -> bytes:
    info = [
        [_("Địa bàn"), str(data.unit)], [_("Kỳ"), data.period.label], [_("Cách xem"), view_label(data.filters.view)],
        [_("Ngành"), str(data.sector) if data.sector else _("Tất cả")], [_("Số liệu tính lúc"), _stamp(data.computed_at)],
    ]
    chart = data.chart_row.short_name if data.chart_row else ""
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (_("Chỉ tiêu"), indicator_headers(), indicator_rows(data.rows)),
        (_("Theo địa bàn"), [_("Địa bàn"), chart], [[b.label, _cell_value(b.value)] for b in data.units_bars]),
        (_("Theo ngành"), [_("Mã ngành"), _("Tên ngành"), chart],
         [[b.label, b.title, _cell_value(b.value)] for b in data.sector_bars]),
        trend_sheet(data.rows),
        (_("Thông tin"), [_("Mục"), _("Giá trị")], info),
    ]
    return write_xlsx(sheets)


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


def committee(unit: AdministrativeUnit | None) -> str:
    """"ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM": the body's line from the unit's kind and name."""
    if unit is None:
        return ""
    return f"ỦY BAN NHÂN DÂN {unit.full_name}".upper()


def report_header(report: Report) -> AdministrativeHeader:
    unit = report.unit
    period = Period(report.period_kind, report.year, report.period_no)
    is_ward = unit.level == UnitLevel.COMMUNE
    place = unit.parent.name if is_ward and unit.parent else unit.name
    issued: date = timezone.localtime(report.reviewed_at or report.submitted_at or timezone.now()).date()
    if is_ward:
        recipients = [f"Phòng Kinh tế quận {place}", f"UBND quận {place} (để báo cáo)", "Lưu: VT"]
    else:
        parent = f"UBND {unit.parent.kind.title} {unit.parent.name}" if unit.parent else "UBND cấp trên"
        recipients = ["Sở Công Thương", f"{parent} (để báo cáo)", "Lưu: VT, KT"]
    return AdministrativeHeader(
        parent_body=committee(unit.parent),
        issuing_body=committee(unit),
        number=report.number or f"{report.pk}/BC-UBND",
        place=place,
        issued_on=issued,
        document_type="BÁO CÁO",
        subject=f"Kết quả thực hiện Kế hoạch hành động sản xuất sạch hơn trong công nghiệp {period.label}",
        recipients=recipients,
        signing_authority=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        signer_name="",
    )


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
    headers = [_("Phường"), *[f"{r.short_name} ({r.unit_label})" for r in doc.ward_codes]]
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
        [_("Ý kiến của quận"), report.review_comment],
    ]
    if not doc.has_data:
        info.insert(0, [_("Lưu ý"), doc.no_data_message])
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (_("Chỉ tiêu"), indicator_headers(), indicator_rows(doc.rows)),
    ]
    if doc.wards:
        wards_headers = [_("Phường"), *[r.short_name for r in doc.rows]]
        wards_body = []
        for name, ward_rows in doc.wards:
            by_code = {r.code: r for r in ward_rows}
            wards_body.append([name, *[_cell_value(by_code[r.code].value) if r.code in by_code else
                                       selectors.NO_DATA_TEXT for r in doc.rows]])
        sheets.append((_("Theo phường"), wards_headers, wards_body))
    sheets.append(trend_sheet(doc.rows))
    sheets.append((_("Thông tin"), [_("Mục"), _("Giá trị")], info))
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
    """The same layout as the PDF: header table, document type, subject, body, recipients and signature."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = report_document(user, report)
    h = doc.header
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]

    def para(cell_or_doc: Any, text: str, *, bold: bool = False, italic: bool = False, underline: bool = False,
             center: bool = True, size: int | None = None) -> Any:
        p = cell_or_doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        return p

    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left._element.remove(left.paragraphs[0]._element)
    right._element.remove(right.paragraphs[0]._element)
    if h.parent_body:
        para(left, h.parent_body, size=12)
    para(left, h.issuing_body, bold=True, size=12)
    para(left, f"Số: {h.number}")
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True)
    para(right, h.place_and_date, italic=True)

    para(document, h.document_type, bold=True, size=14)
    para(document, h.subject, bold=True)
    if doc.is_draft:
        para(document, _("(Dự thảo – số liệu chưa được phê duyệt)"), italic=True, size=11)

    para(document, _("I. ĐÁNH GIÁ CHUNG"), bold=True, center=False)
    for text in _paragraphs(report.narrative) or [_("(Chưa có nội dung đánh giá.)")]:
        para(document, text, center=False)
    if not doc.has_data:
        para(document, doc.no_data_message, italic=True, center=False)
    para(document, _("II. KẾT QUẢ CÁC CHỈ TIÊU"), bold=True, center=False)
    headers = [_("STT"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Giá trị"), _("Mục tiêu"), _("Đánh giá")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for i, r in enumerate(doc.rows, start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, [str(i), r.name, r.unit_label, r.value_text, r.target_text, r.status_label],
                              strict=True):
            cell.text = text
    if doc.wards:
        ward_headers, ward_body = ward_matrix(doc)
        para(document, _("III. KẾT QUẢ THEO PHƯỜNG"), bold=True, center=False)
        wt = document.add_table(rows=1, cols=len(ward_headers))
        wt.style = "Table Grid"
        for cell, text in zip(wt.rows[0].cells, ward_headers, strict=True):
            cell.text = str(text)
        for row in ward_body:
            for cell, text in zip(wt.add_row().cells, row, strict=True):
                cell.text = str(text)
    para(document, _("Số liệu tính lúc: %(t)s.") % {"t": _stamp(doc.computed_at) or "—"}, italic=True, center=False,
         size=11)

    foot = document.add_table(rows=1, cols=2)
    rec, sign = foot.rows[0].cells
    rec._element.remove(rec.paragraphs[0]._element)
    sign._element.remove(sign.paragraphs[0]._element)
    para(rec, "Nơi nhận:", bold=True, italic=True, center=False, size=12)
    for recipient in h.recipients:
        para(rec, f"- {recipient};", center=False, size=11)
    for line in h.signing_authority:
        para(sign, line, bold=True)
    para(sign, "\n\n\n" + h.signer_name, bold=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
