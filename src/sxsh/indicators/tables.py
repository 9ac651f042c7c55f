"""The indicators app's listed kinds, each declared once (``core.tables``): reports (bulk: approve several)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core import tables as t

from . import selectors, services
from .forms import ApproveForm
from .models import PeriodKind, Report, ReportStatus


class ReportFilters(t.FilterSet):
    unit = t.related("unit", lambda request: selectors.units_for(request.user), _("Đơn vị"))
    status = t.choice("status", ReportStatus.choices, _("Trạng thái"))
    period_kind = t.choice("period_kind", PeriodKind.choices, _("Kỳ báo cáo"))
    year = t.django_filters.NumberFilter(field_name="year", label=_("Năm"), min_value=1900, max_value=2100)


class ReportTable(t.Table):
    unit = t.Column(_("Đơn vị"), accessor="unit__name", order_by="unit__path", linkify=lambda record: reverse(
        "indicators:report_detail", args=[record.pk]))
    period = t.Column(_("Kỳ"), accessor="period_label", order_by=("year", "period_kind", "period_no"))
    number = t.Column(_("Số"), kind="code")
    subject = t.Column(_("Trích yếu"), kind="name")
    status = t.TagColumn(_("Trạng thái"))
    submitted_at = t.DateColumn(_("Gửi lúc"), kind="datetime")
    approver = t.Column(_("Đơn vị xem xét"), accessor="approver__name")
    reviewed_at = t.DateColumn(_("Xem xét lúc"), kind="datetime")


def _approve(*, acting_user: Any, obj: Report, comment: str = "") -> Report:
    return services.approve_report(acting_user=acting_user, report=obj, comment=comment)


REPORTS = t.register(t.Listing(
    name="reports", title=_("Báo cáo định kỳ"), model=Report, rows=lambda user: selectors.reports_for(user),
    filterset=ReportFilters, table=ReportTable, ordering=("-year", "-period_no", "unit__path"),
    filename="bao-cao-dinh-ky", page="indicators:report_list", export="indicators:report_list_export",
    default_columns=("unit", "period", "number", "status", "submitted_at"),
    detail=t.url("indicators:report_detail"),
    actions=(t.BulkAction("approve", _("Phê duyệt"), rows=lambda user: selectors.awaiting_review(user),
                          perform=_approve, form=ApproveForm),),
))
