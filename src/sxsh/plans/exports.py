"""The progress report (PDF, DOCX and XLSX), built from :func:`selectors.plan_overview` on the report's date.

The three files carry the same header block (:func:`sxsh.core.documents.official_header`), the same date
("tính đến ngày …", overdue as of that day, figures from the history of updates) and the same targets
with achieved values and assessments.
"""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from sxsh.calc.money import format_number, format_vnd
from sxsh.core import docxfile
from sxsh.core.documents import AdministrativeHeader, official_header
from sxsh.core.pdf import render_pdf
from sxsh.core.tabular import Column, Sheet, Value, decimals_format, write_xlsx
from sxsh.directory import bodies
from sxsh.directory.models import Organisation, OrganisationKind

from .models import Programme
from .selectors import PlanOverview, TargetRow, WorkstreamSummary


def _pct(value: float) -> float:
    return round(value, 1)


def activity_headers() -> list[Column]:
    return [Column(_("STT"), "code", 7), Column(_("Hoạt động"), "name", 40), Column(_("Đơn vị chủ trì"), "text", 26),
            Column(_("Đơn vị phối hợp"), "text", 26), Column(_("Đối tượng"), "text", 20), Column(_("Bắt đầu"), "date"),
            Column(_("Hạn hoàn thành"), "date"), Column(_("Tình trạng"), "text", 15), Column(_("Tiến độ (%)"), "share"),
            Column(_("Trọng số"), "number", 9), Column(_("Kinh phí (đồng)"), "money"), Column(_("Đã chi (đồng)"), "money"),
            Column(_("Nguồn kinh phí"), "text", 18), Column(_("Chương trình liên kết"), "text", 24),
            Column(_("Cập nhật gần nhất"), "date")]


def activity_rows(summary: WorkstreamSummary) -> Iterator[list[Any]]:
    labels = dict(Programme.choices)
    for index, row in enumerate(summary.rows, start=1):
        a = row.activity
        yield [
            f"{summary.workstream.order}.{index}", a.title, a.responsible.name,
            "; ".join(o.name for o in a.coordinating.all()), a.target_audience, a.start_date, a.due_date,
            str(row.status_label), _pct(row.percent), float(a.weight), a.budget, a.spent,
            str(a.funding_source or ""), "; ".join(str(labels[p]) for p in a.programmes if p in labels),
            a.last_update_on,
        ]


def summary_headers() -> list[Column]:
    return [Column(_("Nhóm"), "int", 7), Column(_("Nhóm nhiệm vụ"), "name", 42), Column(_("Số hoạt động"), "int"),
            Column(_("Tiến độ (%)"), "share"), Column(_("Hoàn thành"), "int"), Column(_("Quá hạn"), "int"),
            Column(_("Kinh phí (đồng)"), "money"), Column(_("Đã chi (đồng)"), "money")]


def summary_rows(overview: PlanOverview) -> Iterator[list[Any]]:
    for ws in overview.workstreams:
        yield [ws.workstream.order, ws.workstream.title, len(ws.rows), _pct(ws.progress),
               ws.counts.get("done", 0), ws.counts.get("overdue", 0), ws.budget, ws.spent]
    whole = _("Toàn %(kind)s") % {"kind": overview.plan.get_document_type_display().lower()}
    yield ["", whole, overview.activity_count, _pct(overview.progress),
           {s: n for s, _l, n in overview.counts}.get("done", 0),
           len(overview.overdue), overview.budget, overview.spent]


def target_headers() -> list[Column]:
    return [Column(_("STT"), "int", 6), Column(_("Chỉ tiêu"), "name", 46), Column(_("Đơn vị tính"), "text", 12),
            Column(_("Năm"), "int", 7), Column(_("Mục tiêu"), "number"), Column(_("Đạt được"), "number"),
            Column(_("Đánh giá"), "text", 16)]


def target_cells(rows: list[TargetRow]) -> list[list[Any]]:
    """The targets table of every format: numbers (XLSX keeps them as numbers with the indicator's decimals)."""
    return [[i, r.target.name, r.target.unit_of_measure, r.target.year,
             Value(float(r.target.target_value), decimals_format(r.decimals)),
             Value(float(r.achieved), decimals_format(r.decimals)) if r.achieved is not None else "",
             r.assessment_label] for i, r in enumerate(rows, start=1)]


def target_texts(rows: list[TargetRow]) -> list[list[Any]]:
    """The same table as text for the PDF and DOCX (1.234,5)."""
    return [[i, r.target.name, r.target.unit_of_measure, r.target.year,
             format_number(r.target.target_value, r.decimals) + (
                 "" if getattr(r.target, "target_high", None) is None else "–" + format_number(r.target.target_high,
                                                                                             r.decimals)),
             format_number(r.achieved, r.decimals) if r.achieved is not None else "—",
             r.assessment_label] for i, r in enumerate(rows, start=1)]


def report_header(overview: PlanOverview, number: str = "") -> AdministrativeHeader:
    """The header of the progress report: issued by the plan's owner on the report's date (the issuer, or
    the successor recorded by then), with recipients named from that owner's unit."""
    plan = overview.plan
    owner = plan.owner_on(overview.as_of)
    unit = owner.unit
    subject = _("Kết quả thực hiện %(plan)s về %(title)s") % {
        "plan": plan.reference, "title": plan.title[:1].lower() + plan.title[1:]}
    by_committee = owner.kind == OrganisationKind.PEOPLES_COMMITTEE
    return official_header(
        unit, number=number or f"      /BC-{bodies.symbol(owner.kind)}", issued_on=overview.as_of,
        document_type=_("BÁO CÁO"), subject=subject, body="" if by_committee else bodies.header_body(owner),
        under_committee=by_committee or owner.kind in bodies.UNDER_COMMITTEE,
        recipients=recipients(owner), signing_authority=bodies.signers(owner.kind),
    )


def recipients(owner: Organisation) -> list[str]:
    """The committee's own leaders and the province's Department for a committee; the Ministry and the
    province's committee for a Department; the committee of its unit for any other body."""
    unit = owner.unit
    if owner.kind == OrganisationKind.PEOPLES_COMMITTEE:
        return [f"Thường trực {bodies.party_committee(unit)}, HĐND {unit.kind.title}", bodies.department_name(unit),
                f"Chủ tịch, các Phó Chủ tịch UBND {unit.kind.title}", "Các đơn vị chủ trì, phối hợp", "Lưu: VT, KT"]
    if owner.kind in (OrganisationKind.DOIT, OrganisationKind.DEPARTMENT):
        return ["Bộ Công Thương (để báo cáo)", f"{bodies.committee_name(unit)} (để báo cáo)",
                "Các đơn vị chủ trì, phối hợp", f"Lưu: VT, {bodies.symbol(owner.kind)}"]
    return [f"{bodies.committee_name(unit)} (để báo cáo)", "Các đơn vị chủ trì, phối hợp", "Lưu: VT"]


def file_name(overview: PlanOverview, ext: str) -> str:
    """"bao-cao-154-KH-UBND-20191231.pdf": the plan number and the report's own date."""
    return f"bao-cao-{overview.plan.number}-{overview.as_of:%Y%m%d}.{ext}"


def intro(overview: PlanOverview) -> str:
    plan = overview.plan
    return _("Thực hiện %(k)s số %(n)s ngày %(d)s của %(i)s về %(t)s, %(o)s báo cáo kết quả thực hiện tính đến "
             "ngày %(asof)s như sau:") % {
        "k": plan.get_document_type_display(), "n": plan.number, "d": plan.issued_on.strftime("%d/%m/%Y"),
        "i": plan.issuer.name, "t": plan.title, "o": plan.owner_on(overview.as_of).name,
        "asof": overview.as_of.strftime("%d/%m/%Y")}


def progress_xlsx(overview: PlanOverview, number: str = "") -> bytes:
    heading = [*report_header(overview, number).lines(), intro(overview)]
    sheets: list[Sheet] = [Sheet(_("Tổng hợp"), summary_headers(), summary_rows(overview), heading=heading)]
    for ws in overview.workstreams:
        sheets.append(Sheet(f"{ws.workstream.order}. {ws.workstream.title}", activity_headers(), activity_rows(ws)))
    sheets.append(Sheet(_("Chỉ tiêu"), target_headers(), target_cells(overview.target_rows)))
    return write_xlsx(sheets)


def budget_text(overview: PlanOverview) -> str:
    return _("chưa có") if overview.budget is None else format_vnd(overview.budget)


def progress_pdf(overview: PlanOverview, number: str = "") -> bytes:
    return render_pdf("plans/report_pdf.html", {
        "header": report_header(overview, number), "overview": overview, "orientation": "portrait",
        "owner": overview.plan.owner_on(overview.as_of),
        "intro": intro(overview), "targets": target_texts(overview.target_rows),
        "budget": budget_text(overview), "spent": format_vnd(overview.spent),
    })


def progress_docx(overview: PlanOverview, number: str = "") -> bytes:
    """The PDF's content in Word: the same sections, tables and figures."""
    header = report_header(overview, number)
    document = docxfile.new_document(header)
    docxfile.para(document, intro(overview), center=False)
    docxfile.heading(document, _("I. KẾT QUẢ CHUNG"))
    counts = "; ".join(f"{label}: {n}" for _s, label, n in overview.counts)
    kind = overview.plan.get_document_type_display()
    docxfile.para(document, _("%(kind)s gồm %(w)s nhóm nhiệm vụ với %(a)s hoạt động; tiến độ chung (bình quân có "
                              "trọng số) đạt %(p)s%%. %(c)s.") % {
        "kind": kind, "w": len(overview.workstreams), "a": overview.activity_count, "p": format_number(overview.progress, 1),
        "c": counts}, center=False)
    share = f" ({format_number(overview.spent_percent, 1)}%)" if overview.budget else ""
    docxfile.para(document, _("Kinh phí %(kind)s: %(b)s; đã chi: %(s)s.") % {
        "kind": kind.lower(), "b": budget_text(overview), "s": format_vnd(overview.spent) + share}, center=False)
    docxfile.table(document, [(_("TT"), 10), (_("Nhóm nhiệm vụ"), 67), (_("Số hoạt động"), 20), (_("Tiến độ (%)"), 18),
                              (_("Kinh phí (đồng)"), 25), (_("Đã chi (đồng)"), 25)],
                   [[ws.workstream.order, ws.workstream.title, len(ws.rows), format_number(ws.progress, 1),
                     format_number(ws.budget), format_number(ws.spent)] for ws in overview.workstreams]
                   + [["", _("Tổng cộng"), overview.activity_count, format_number(overview.progress, 1),
                       format_number(overview.budget), format_number(overview.spent)]], numeric=(2, 3, 4, 5))
    docxfile.heading(document, _("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ"))
    for ws in overview.workstreams:
        docxfile.para(document, f"{ws.workstream.order}. {ws.workstream.title} "
                      + _("(tiến độ %(p)s%%)") % {"p": format_number(ws.progress, 1)}, italic=True, center=False)
        docxfile.table(document, [(_("TT"), 10), (_("Hoạt động"), 40), (_("Chủ trì"), 22), (_("Thời hạn"), 20),
                                  (_("Tình trạng"), 18), (_("Tiến độ (%)"), 14), (_("Kết quả"), 41)],
                       [[f"{ws.workstream.order}.{i}", r.activity.title,
                         r.activity.responsible.short_name or r.activity.responsible.name,
                         r.activity.due_date.strftime("%d/%m/%Y"), r.status_label, format_number(r.percent),
                         r.narrative or "—"] for i, r in enumerate(ws.rows, start=1)], numeric=(5,))
    section = 3
    if overview.overdue:
        docxfile.heading(document, _("III. CÁC HOẠT ĐỘNG CHẬM TIẾN ĐỘ"))
        for r in overview.overdue:
            docxfile.para(document, _("- %(t)s (%(o)s; hạn %(d)s; đạt %(p)s%%).") % {
                "t": r.activity.title, "o": r.activity.responsible.name, "d": r.activity.due_date.strftime("%d/%m/%Y"),
                "p": format_number(r.percent)}, center=False)
        section = 4
    if overview.target_rows:
        docxfile.heading(document, _("%(n)s. CHỈ TIÊU") % {"n": "IV" if section == 4 else "III"})
        docxfile.table(document, [(_("STT"), 12), (_("Chỉ tiêu"), 58), (_("Đơn vị tính"), 20), (_("Năm"), 13),
                                  (_("Mục tiêu"), 20), (_("Đạt được"), 20), (_("Đánh giá"), 22)],
                       target_texts(overview.target_rows), numeric=(3, 4, 5))
    docxfile.para(document, _("Trên đây là báo cáo kết quả thực hiện %(k)s số %(n)s của %(i)s./.") % {
        "k": overview.plan.get_document_type_display(), "n": overview.plan.number,
        "i": overview.plan.owner_on(overview.as_of).name}, center=False)
    docxfile.signature(document, header)
    return docxfile.to_bytes(document)



#: The report's builders by file extension.
FORMATS = {"pdf": progress_pdf, "docx": progress_docx, "xlsx": progress_xlsx}
