"""The progress report (XLSX and PDF), built from :func:`selectors.plan_overview` like the overview page."""

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from sxsh.calc.money import format_vnd
from sxsh.core.pdf import AdministrativeHeader, render_pdf
from sxsh.core.tabular import write_xlsx

from .models import Plan, Programme
from .selectors import PlanOverview, WorkstreamSummary


def _pct(value: float) -> float:
    return round(value, 1)


def activity_headers() -> list[str]:
    return [_("STT"), _("Hoạt động"), _("Đơn vị chủ trì"), _("Đơn vị phối hợp"), _("Đối tượng"), _("Bắt đầu"),
            _("Hạn hoàn thành"), _("Tình trạng"), _("Tiến độ (%)"), _("Trọng số"), _("Kinh phí (đồng)"),
            _("Đã chi (đồng)"), _("Nguồn kinh phí"), _("Chương trình liên kết"), _("Cập nhật gần nhất")]


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


def summary_rows(overview: PlanOverview) -> Iterator[list[Any]]:
    for ws in overview.workstreams:
        yield [ws.workstream.order, ws.workstream.title, len(ws.rows), _pct(ws.progress),
               ws.counts.get("done", 0), ws.counts.get("overdue", 0), ws.budget, ws.spent]
    yield ["", _("Toàn kế hoạch"), overview.activity_count, _pct(overview.progress),
           {s: n for s, _l, n in overview.counts}.get("done", 0),
           len(overview.overdue), overview.budget, overview.spent]


def sheet_title(summary: WorkstreamSummary) -> str:
    bad = set("[]:*?/\\")
    title = "".join(c for c in f"{summary.workstream.order}. {summary.workstream.title}" if c not in bad)
    return title[:31]


def progress_xlsx(overview: PlanOverview) -> bytes:
    summary_headers = [_("Nhóm"), _("Nhóm nhiệm vụ"), _("Số hoạt động"), _("Tiến độ (%)"), _("Hoàn thành"),
                       _("Quá hạn"), _("Kinh phí (đồng)"), _("Đã chi (đồng)")]
    sheets: list[tuple[str, list[str], Any]] = [(_("Tổng hợp"), summary_headers, summary_rows(overview))]
    used: set[str] = set()
    for ws in overview.workstreams:
        title = sheet_title(ws)
        while title in used:
            title = title[:28] + f"~{len(used)}"
        used.add(title)
        sheets.append((title, activity_headers(), activity_rows(ws)))
    return write_xlsx(sheets)


def issuing_place(plan: Plan) -> str:
    """"Hoàn Kiếm" for a plan of quận Hoàn Kiếm: the unit name without its kind, for the place-and-date line."""
    name = plan.unit.name
    for prefix in ("Thành phố ", "Tỉnh ", "Quận ", "Huyện ", "Thị xã ", "Phường ", "Xã ", "Thị trấn "):
        if name.lower().startswith(prefix.lower()):
            return name[len(prefix):]
    return name


def report_header(overview: PlanOverview, number: str = "", report_date: date | None = None) -> AdministrativeHeader:
    plan = overview.plan
    issuing_body = plan.issuer.name.upper()
    parent = plan.unit.parent
    subject = _("Kết quả thực hiện Kế hoạch số %(number)s ngày %(date)s của %(issuer)s về %(title)s") % {
        "number": plan.number, "date": plan.issued_on.strftime("%d/%m/%Y"), "issuer": plan.issuer.name,
        "title": plan.title[:1].lower() + plan.title[1:],
    }
    return AdministrativeHeader(
        parent_body="",
        issuing_body=issuing_body,
        number=number or "      /BC-UBND",
        place=issuing_place(plan),
        issued_on=report_date or overview.as_of,
        document_type=_("BÁO CÁO"),
        subject=subject,
        recipients=[
            _("Thường trực Quận ủy, HĐND quận") if parent else _("Thường trực cấp ủy, HĐND"),
            _("Sở Công Thương Hà Nội") if parent and parent.code == "ha-noi" else _("Sở Công Thương"),
            _("Chủ tịch, các Phó Chủ tịch UBND quận"),
            _("Các đơn vị chủ trì, phối hợp"),
            _("Lưu: VT, KT"),
        ],
        signing_authority=[_("TM. ỦY BAN NHÂN DÂN"), _("KT. CHỦ TỊCH"), _("PHÓ CHỦ TỊCH")],
        signer_name="",
    )


def progress_pdf(overview: PlanOverview, number: str = "", report_date: date | None = None) -> bytes:
    header = report_header(overview, number, report_date)
    return render_pdf("plans/report_pdf.html", {
        "header": header, "overview": overview, "orientation": "portrait",
        "budget": _("chưa có") if overview.budget is None else format_vnd(overview.budget),
        "spent": format_vnd(overview.spent),
    })
