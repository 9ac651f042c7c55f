"""XLSX sheets: the assessment report (process, balances, waste costs, options with feasibility) and a
facility's monitoring (series, readings, M&V models with validity and savings, results per stream)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from sxsh.core.tabular import Column, Sheet

from . import analysis
from .models import Assessment
from .selectors import Monitoring

TupleSheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def assessment_sheets(assessment: Assessment, heading: Sequence[str] = ()) -> list[Sheet]:
    """The workbook: the header block above the first sheet, columns typed (money, shares, dates)."""
    steps = list(assessment.process_steps.all())
    flows = [(step, flow) for step in steps for flow in step.flows.all()]
    balances = [analysis.balance(step, list(step.flows.all())) for step in steps]
    options = analysis.ranked_options(assessment.options.all())
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
    ]


def _reasons(result: analysis.MVResult) -> str:
    """Why an M&V model is not valid (empty when it is), as on the page."""
    ranges = [_("Biến “%(d)s” trong kỳ báo cáo nằm ngoài phạm vi kỳ cơ sở (và ngoài 3 độ lệch chuẩn).") % {"d": d}
              for d in result.out_of_range]
    return " ".join([*result.errors, *result.problems, *ranges])


def monitoring_sheets(data: Monitoring) -> list[TupleSheet]:
    """The monitoring page of one facility (``selectors.monitoring``) as sheets, every month included."""
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
        streams.append((_("Tiền tiết kiệm (đồng)"), "", combined["vnd"], "₫"))
        streams.append((_("tCO2e tránh được"), "; ".join(combined["tco2e_missing"]) or combined["tco2e_estimate"],
                        combined["tco2e"], "tCO2e"))
    return [
        (_("Chuỗi số liệu"), [_("Tên"), _("Loại"), _("Đơn vị"), _("Đơn giá (đồng)")],
         [(s.name, s.get_resource_display(), s.unit, s.unit_price) for s in data.series]),
        (_("Số liệu hằng tháng"), [_("Tháng"), *(f"{s.name} ({s.unit})" for s in data.series)],
         [(month, *values) for month, values in data.table]),
        (_("Mô hình M&V"), [
            _("Phân tích"), _("Chuỗi tiêu thụ"), _("Đơn vị"), _("Biến tác động"), _("Kỳ cơ sở từ"), _("Kỳ cơ sở đến"),
            _("Kỳ báo cáo từ"), _("Kỳ báo cáo đến"), _("Hợp lệ"), _("Lý do chưa hợp lệ"), "R²", _("Kiểm định F (p)"),
            _("Số tháng kỳ cơ sở"), _("Tiết kiệm"), _("Tiết kiệm (%)"), _("Tiền tiết kiệm (đồng)"), _("tCO2e tránh được"),
            _("Hệ số phát thải dùng"), _("Ghi chú tCO2e")], models),
        (_("Hệ số hồi quy"), [_("Phân tích"), _("Hệ số"), _("Giá trị"), _("Sai số chuẩn"), "p"], coefficients),
        (_("Tiết kiệm hằng tháng"), [_("Phân tích"), _("Tháng"), _("Thực tế"), _("Đường cơ sở điều chỉnh"),
                                     _("Tiết kiệm"), "CUSUM"], months),
        (_("Kết quả theo dòng"), [_("Dòng tài nguyên"), _("Nguồn số liệu"), _("Tiết kiệm"), _("Đơn vị")], streams),
    ]
