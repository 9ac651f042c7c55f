"""Assessment report as XLSX sheets: process, balances, waste costs, options with feasibility, results."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from . import analysis
from .models import Assessment


def assessment_sheets(assessment: Assessment) -> list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]:
    steps = list(assessment.process_steps.all())
    flows = [(step, flow) for step in steps for flow in step.flows.all()]
    balances = [analysis.balance(step, list(step.flows.all())) for step in steps]
    options = analysis.ranked_options(assessment.options.all())
    return [
        (_("Đánh giá"), [_("Trường"), _("Giá trị")], [
            (_("Cơ sở"), assessment.facility.name),
            (_("Tên đợt đánh giá"), assessment.title),
            (_("Hình thức"), assessment.get_kind_display()),
            (_("Chuyên gia"), assessment.consultant.get_full_name() if assessment.consultant else ""),
            (_("Ngày bắt đầu"), assessment.start_date),
            (_("Bước hiện tại"), assessment.get_current_step_display()),
            (_("Dữ liệu minh họa"), _("Có") if assessment.is_illustrative else _("Không")),
        ]),
        (_("Dòng vào ra"), [_("Công đoạn"), _("Chiều"), _("Loại"), _("Tên"), _("Lượng"), _("Đơn vị"),
                            _("Chi phí (đồng)")],
         [(str(s), f.get_direction_display(), f.get_kind_display(), f.name, f.quantity, f.unit, f.cost)
          for s, f in flows]),
        (_("Cân bằng vật chất"), [_("Công đoạn"), _("Đầu vào (tấn)"), _("Đầu ra (tấn)"), _("Chênh lệch (%)"),
                                  _("Cảnh báo")],
         [(str(b.step), b.inputs_t, b.outputs_t, float(b.difference_share * 100), b.warning) for b in balances]),
        (_("Chi phí dòng thải"), [_("Dòng thải"), _("Mua"), _("Lưu giữ"), _("Vận chuyển"), _("Nhân công"),
                                  _("Xử lý"), _("Thải bỏ"), _("Tổng")],
         [(w.name, w.purchase_cost, w.storage_cost, w.handling_cost, w.labour_cost, w.treatment_cost,
           w.disposal_cost, w.full_cost) for w in assessment.waste_streams.all()]),
        (_("Giải pháp"), [_("Xếp hạng"), _("Giải pháp"), _("Nhóm"), _("Sàng lọc"), _("Trạng thái"),
                          _("Đầu tư (đồng)"), _("Lợi ích ròng (đồng/năm)"), _("NPV (đồng)"), _("IRR (%)"),
                          _("Hoàn vốn giản đơn (năm)"), _("Hoàn vốn có chiết khấu (năm)"), _("tCO2e/năm")],
         [(f.rank, o.title, o.category, o.get_screening_display(), o.get_status_display(), o.investment,
           f.net_saving, round(f.npv), f.irr_percent, f.simple_payback, f.discounted_payback, f.tco2e)
          for o, f in options]),
    ]
