"""The assessment report (header block, process, balances, waste costs, options with feasibility, M&V) as
PDF context, DOCX and XLSX sheets, and a facility's monitoring (series, readings, M&V models with validity and
savings, results per stream) as XLSX sheets."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.calc.money import format_number, format_vnd
from sxsh.core import docxfile
from sxsh.core.documents import AdministrativeHeader, official_header
from sxsh.core.tabular import FORMATS, Column, Sheet, Value
from sxsh.directory import bodies

from . import analysis, selectors
from .models import Assessment
from .selectors import Monitoring

#: Number formats of the M&V statistics (the kinds' one decimal would show a p-value of 0.03 as 0.0).
R2_FORMAT, P_FORMAT, COEFFICIENT_FORMAT = "0.000", "0.0000", "#,##0.0000"


def report_header(assessment: Assessment) -> AdministrativeHeader:
    """The assessment report is issued by the consultant's organisation (in its own unit), else by the
    facility (in its ward); no committee above either."""
    consultant = assessment.consultant
    organisation = consultant.organisation if consultant else None
    return official_header(
        organisation.unit if organisation else assessment.facility.ward,
        body=organisation.name if organisation else assessment.facility.name, under_committee=False,
        number="      /BC-SXSH", issued_on=timezone.localdate(), document_type=_("BÁO CÁO"),
        subject=_("Kết quả đánh giá sản xuất sạch hơn tại %(f)s") % {"f": assessment.facility.name},
        recipients=[assessment.facility.name, bodies.economic_office(assessment.facility.ward), _("Lưu")],
        signing_authority=[_("CHUYÊN GIA TƯ VẤN")],
        signer_name=consultant.get_full_name() if consultant else "",
    )


@dataclass
class AssessmentReport:
    """What the PDF and the DOCX of an assessment report show, read once."""

    header: AdministrativeHeader
    assessment: Assessment
    balances: list[analysis.Balance]
    waste_streams: list[Any]
    results: list[analysis.MVResult]
    options: list[tuple[Any, analysis.OptionFigures]]
    tasks_done: int


def assessment_report(user: Any, assessment: Assessment) -> AssessmentReport:
    steps = list(assessment.process_steps.all())
    return AssessmentReport(
        header=report_header(assessment), assessment=assessment,
        balances=[analysis.balance(s, list(s.flows.all())) for s in steps],
        waste_streams=list(assessment.waste_streams.all()),
        results=[analysis.mv_result(item) for item in selectors.analyses_for(user, assessment.facility_id)],
        options=analysis.ranked_options(assessment.options.all()),
        tasks_done=sum(1 for t in assessment.tasks.all() if t.done),
    )


def tco2e_text(tco2e: float | None, note: str, estimate: str) -> str:
    """"12,3", "12,3 (ước tính: …)" or "Chưa có số liệu: <reason>": never 0 for a missing factor."""
    if tco2e is None:
        return _("Chưa có số liệu") + (f": {note}" if note else "")
    return format_number(tco2e, 1) + (f" ({estimate})" if estimate else "")


def _option_cells(option: Any, f: analysis.OptionFigures) -> list[str]:
    ranked = f.rank is not None
    title = option.title + (f" ({option.rejection_reason})" if option.rejection_reason else "")
    return [
        str(f.rank) if ranked else "—", title, option.category, format_vnd(option.investment),
        format_vnd(f.npv) if ranked else "—",
        f"{format_number(f.irr_percent, 1)}%" if ranked and f.irr_percent is not None else "—",
        format_number(f.simple_payback, 2) if ranked and f.simple_payback is not None else "—",
        tco2e_text(f.tco2e, f.tco2e_note, f.tco2e_estimate), option.get_status_display(),
    ]


def _mv_paragraph(r: analysis.MVResult) -> str:
    if not r.is_valid or r.model is None:
        return " ".join([_("Không báo cáo tiết kiệm: mô hình chưa hợp lệ."), *r.errors, *r.problems])
    text = _("Tiết kiệm %(s)s %(u)s (%(p)s%% so với đường cơ sở điều chỉnh); R² = %(r2)s; mô hình hợp lệ theo "
             "tiêu chí EnPI Lite.") % {"s": format_number(r.savings), "u": r.analysis.target.unit,
                                         "p": format_number(r.savings_percent, 1), "r2": format_number(r.model.r2, 3)}
    if r.savings_vnd is not None:
        text += " " + _("Giá trị") + f": {format_vnd(r.savings_vnd)}."
    if r.tco2e is not None or r.tco2e_note:
        text += " " + _("Giảm phát thải") + f": {tco2e_text(r.tco2e, r.tco2e_note, r.tco2e_estimate)} tCO2e."
    return text


def report_docx(report: AssessmentReport) -> bytes:
    """The PDF's sections, tables and figures in Word (the M&V charts are in the PDF only)."""
    a, header = report.assessment, report.header
    document = docxfile.new_document(header)
    if a.is_illustrative:
        docxfile.para(document, _("Dữ liệu minh họa, không phải số liệu chính thức."), italic=True, center=False,
                      size=11)
    docxfile.heading(document, "1. " + _("Thông tin chung"))
    general = _("Cơ sở: %(f)s, địa chỉ %(a)s. Hình thức: %(k)s, bắt đầu ngày %(s)s.") % {
        "f": a.facility.name, "a": a.facility.address, "k": a.get_kind_display(),
        "s": a.start_date.strftime("%d/%m/%Y") if a.start_date else ""}
    if a.consultant:
        general += " " + _("Chuyên gia tư vấn") + f": {a.consultant.get_full_name() or a.consultant.username}."
    general += " " + _("Bước hiện tại") + f": {a.get_current_step_display()}; " + _(
        "đã hoàn thành %(n)s/18 nhiệm vụ.") % {"n": report.tasks_done}
    docxfile.para(document, general, center=False)
    docxfile.heading(document, "2. " + _("Công đoạn sản xuất và cân bằng vật chất"))
    docxfile.table(document, [(_("Công đoạn"), 55), (_("Đầu vào (tấn)"), 27), (_("Đầu ra (tấn)"), 27),
                              (_("Nhận xét"), 56)],
                   [[f"{b.step.order}. {b.step.name}", format_number(b.inputs_t, 3), format_number(b.outputs_t, 3),
                     b.warning or _("Cân bằng")] for b in report.balances], numeric=(1, 2))
    docxfile.heading(document, "3. " + _("Chi phí dòng thải"))
    docxfile.table(document, [(_("Dòng thải"), 85), (_("Nguyên liệu bị thải"), 40), (_("Tổng chi phí/năm"), 40)],
                   [[w.name, format_vnd(w.purchase_cost), format_vnd(w.full_cost)] for w in report.waste_streams]
                   or [["—", "", ""]], numeric=(1, 2))
    docxfile.heading(document, "4. " + _("Giải pháp SXSH và phân tích khả thi"))
    docxfile.table(document, [(_("Hạng"), 13), (_("Giải pháp"), 28), (_("Nhóm"), 14), (_("Đầu tư"), 26), ("NPV", 26),
                              ("IRR", 14), (_("Hoàn vốn (năm)"), 14), ("tCO2e/" + _("năm"), 16),
                              (_("Trạng thái"), 14)],
                   [_option_cells(o, f) for o, f in report.options], numeric=(0, 3, 4, 5, 6), size=10)
    docxfile.heading(document, "5. " + _("Kết quả đo lường và kiểm chứng"))
    for r in report.results:
        docxfile.para(document, r.analysis.name, italic=True, center=False)
        docxfile.para(document, _mv_paragraph(r), center=False)
    if not report.results:
        docxfile.para(document, _("Chưa có phân tích đo lường và kiểm chứng."), center=False)
    docxfile.signature(document, header)
    return docxfile.to_bytes(document)


def assessment_sheets(report: AssessmentReport) -> list[Sheet]:
    """The report's workbook: the header block above the first sheet, the PDF's sections as sheets (flows,
    balances, waste costs, options, M&V results), columns typed (money, shares, dates)."""
    assessment, heading, balances, options = report.assessment, report.header.lines(), report.balances, report.options
    flows = [(b.step, flow) for b in balances for flow in b.step.flows.all()]
    return [
        Sheet(_("Đánh giá"), [Column(_("Trường"), "text", 24), Column(_("Giá trị"), "name", 50)], heading=heading, rows=[
            (_("Cơ sở"), assessment.facility.name),
            (_("Tên đợt đánh giá"), assessment.title),
            (_("Hình thức"), assessment.get_kind_display()),
            (_("Chuyên gia"), assessment.consultant.get_full_name() if assessment.consultant else ""),
            (_("Ngày bắt đầu"), assessment.start_date),
            (_("Bước hiện tại"), assessment.get_current_step_display()),
            (_("Dữ liệu minh họa"), _("Có") if assessment.is_illustrative else _("Không")),
        ]),
        Sheet(_("Dòng vào ra"), [Column(_("Công đoạn"), "name", 30), Column(_("Chiều"), "text", 10),
                                 Column(_("Loại"), "text", 14), Column(_("Tên"), "name", 30), Column(_("Lượng"), "number"),
                                 Column(_("Đơn vị"), "text", 10), Column(_("Chi phí (đồng)"), "money")],
              [(str(s), f.get_direction_display(), f.get_kind_display(), f.name, f.quantity, f.unit, f.cost)
               for s, f in flows]),
        Sheet(_("Cân bằng vật chất"), [Column(_("Công đoạn"), "name", 30), Column(_("Đầu vào (tấn)"), "number"),
                                       Column(_("Đầu ra (tấn)"), "number"), Column(_("Chênh lệch (%)"), "share"),
                                       Column(_("Cảnh báo"), "name")],
              [(str(b.step), b.inputs_t, b.outputs_t, float(b.difference_share * 100), b.warning) for b in balances]),
        Sheet(_("Chi phí dòng thải"), [Column(_("Dòng thải"), "name", 30), *[Column(h, "money") for h in (
            _("Mua"), _("Lưu giữ"), _("Vận chuyển"), _("Nhân công"), _("Xử lý"), _("Thải bỏ"), _("Tổng"))]],
              [(w.name, w.purchase_cost, w.storage_cost, w.handling_cost, w.labour_cost, w.treatment_cost,
                w.disposal_cost, w.full_cost) for w in assessment.waste_streams.all()]),
        Sheet(_("Giải pháp"), [Column(_("Xếp hạng"), "int", 8), Column(_("Giải pháp"), "name", 40),
                               Column(_("Nhóm"), "code", 8), Column(_("Sàng lọc"), "text", 16),
                               Column(_("Trạng thái"), "text", 16), Column(_("Đầu tư (đồng)"), "money"),
                               Column(_("Lợi ích ròng (đồng/năm)"), "money"), Column(_("NPV (đồng)"), "money"),
                               Column(_("IRR (%)"), "share"), Column(_("Hoàn vốn giản đơn (năm)"), "number"),
                               Column(_("Hoàn vốn có chiết khấu (năm)"), "number"), Column(_("tCO2e/năm"), "number"),
                               Column(_("Ghi chú tCO2e"), "name", 40)],
              [(f.rank, o.title, o.category, o.get_screening_display(), o.get_status_display(), o.investment,
                f.net_saving, round(f.npv), f.irr_percent, f.simple_payback, f.discounted_payback, f.tco2e,
                f.tco2e_note or f.tco2e_estimate)
               for o, f in options]),
        Sheet(_("Đo lường và kiểm chứng"), [
            Column(_("Phân tích"), "name", 30), Column(_("Mô hình hợp lệ"), "text", 12), Column("R²", "number", 8, R2_FORMAT),
            Column(_("Tiết kiệm"), "number"), Column(_("Đơn vị"), "text", 10), Column(_("Tiết kiệm (%)"), "share"),
            Column(_("Giá trị (đồng)"), "money"), Column("tCO2e", "number"), Column(_("Kết luận"), "name", 60)],
              [(r.analysis.name, _("Có") if r.is_valid else _("Không"), r.model.r2 if r.model else None,
                r.savings if r.is_valid else None, r.analysis.target.unit,
                r.savings_percent if r.is_valid else None, r.savings_vnd if r.is_valid else None,
                r.tco2e if r.is_valid else None, _mv_paragraph(r)) for r in report.results]
              or [(_("Chưa có phân tích đo lường và kiểm chứng."), "", None, None, "", None, None, None, "")]),
    ]


def _reasons(result: analysis.MVResult) -> str:
    """Why an M&V model is not valid (empty when it is), as on the page."""
    ranges = [_("Biến “%(d)s” trong kỳ báo cáo nằm ngoài phạm vi kỳ cơ sở (và ngoài 3 độ lệch chuẩn).") % {"d": d}
              for d in result.out_of_range]
    return " ".join([*result.errors, *result.problems, *ranges])


def monitoring_sheets(data: Monitoring) -> list[Sheet]:
    """The monitoring page of one facility (``selectors.monitoring``) as sheets, every month included; typed
    columns (months as dates, money, shares, R² and p-values with their own decimals)."""
    factors = analysis.factor_table()
    results = data.results
    yes, no = _("Có"), _("Không")
    models = [(
        r.analysis.name, r.analysis.target.name, r.analysis.target.unit,
        ", ".join(d.name for d in r.analysis.drivers.all()), r.analysis.baseline_start, r.analysis.baseline_end,
        r.analysis.reporting_start, r.analysis.reporting_end, yes if r.is_valid else no, _reasons(r),
        r.model.r2 if r.model else None, r.model.f_p_value if r.model else None, r.model.n if r.model else None,
        r.savings, r.savings_percent, r.savings_vnd, r.tco2e, analysis.factors_used(r, factors),
        r.tco2e_note or r.tco2e_estimate,
    ) for r in results]
    coefficients = [
        (r.analysis.name, _("Hằng số") if key == "intercept" else key, value, r.model.std_errors[key],
         r.model.p_values[key])
        for r in results if r.model for key, value in r.model.coefficients.items()
    ]
    months = [
        (r.analysis.name, month, actual, predicted, predicted - actual, cusum)
        for r in results if r.model
        for month, actual, predicted, cusum in zip(r.reporting_months, r.reporting_actual, r.reporting_predicted,
                                                   r.cusum, strict=True)
    ]
    combined = data.combined or {}
    streams: list[Sequence[Any]] = [
        (s.label, _("Đo đạc (M&V hợp lệ)") if s.is_measured else _("Ước tính (giải pháp đã thực hiện)"), s.amount,
         s.unit) for s in data.streams
    ]
    if combined:
        streams.append((_("Tiền tiết kiệm (đồng)"), "", Value(combined["vnd"], FORMATS["money"]), "₫"))
        streams.append((_("tCO2e tránh được"), "; ".join(combined["tco2e_missing"]) or combined["tco2e_estimate"],
                        combined["tco2e"], "tCO2e"))
    analysis_name = Column(_("Phân tích"), "name", 30)
    heading = [data.facility.name, _("Số liệu giám sát và kết quả đo lường, kiểm chứng (M&V)"),
               _("Xuất ngày %(d)s") % {"d": timezone.localdate().strftime("%d/%m/%Y")}]
    return [
        Sheet(_("Chuỗi số liệu"), [Column(_("Tên"), "name", 30), Column(_("Loại"), "text", 18),
                                   Column(_("Đơn vị"), "text", 10), Column(_("Đơn giá (đồng)"), "money")],
              [(s.name, s.get_resource_display(), s.unit, s.unit_price) for s in data.series], heading=heading),
        Sheet(_("Số liệu hằng tháng"), [Column(_("Tháng"), "date"),
                                        *(Column(f"{s.name} ({s.unit})", "number", 16) for s in data.series)],
              [(month, *values) for month, values in data.table]),
        Sheet(_("Mô hình M&V"), [
            analysis_name, Column(_("Chuỗi tiêu thụ"), "text", 18), Column(_("Đơn vị"), "text", 10),
            Column(_("Biến tác động"), "text", 24), Column(_("Kỳ cơ sở từ"), "date"), Column(_("Kỳ cơ sở đến"), "date"),
            Column(_("Kỳ báo cáo từ"), "date"), Column(_("Kỳ báo cáo đến"), "date"), Column(_("Hợp lệ"), "text", 8),
            Column(_("Lý do chưa hợp lệ"), "name", 40), Column("R²", "number", 9, R2_FORMAT),
            Column(_("Kiểm định F (p)"), "number", 12, P_FORMAT), Column(_("Số tháng kỳ cơ sở"), "int"),
            Column(_("Tiết kiệm"), "number", 14), Column(_("Tiết kiệm (%)"), "share"),
            Column(_("Tiền tiết kiệm (đồng)"), "money"), Column(_("tCO2e tránh được"), "number"),
            Column(_("Hệ số phát thải dùng"), "name", 40), Column(_("Ghi chú tCO2e"), "name", 40)], models),
        Sheet(_("Hệ số hồi quy"), [analysis_name, Column(_("Hệ số"), "text", 18),
                                   Column(_("Giá trị"), "number", 16, COEFFICIENT_FORMAT),
                                   Column(_("Sai số chuẩn"), "number", 16, COEFFICIENT_FORMAT),
                                   Column("p", "number", 10, P_FORMAT)], coefficients),
        Sheet(_("Tiết kiệm hằng tháng"), [analysis_name, Column(_("Tháng"), "date"), Column(_("Thực tế"), "number", 14),
                                          Column(_("Đường cơ sở điều chỉnh"), "number", 16),
                                          Column(_("Tiết kiệm"), "number", 14), Column("CUSUM", "number", 14)], months),
        Sheet(_("Kết quả theo dòng"), [Column(_("Dòng tài nguyên"), "name", 30), Column(_("Nguồn số liệu"), "name", 34),
                                       Column(_("Tiết kiệm"), "number", 16), Column(_("Đơn vị"), "text", 10)], streams),
    ]
