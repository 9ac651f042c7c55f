from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import REVIEWERS, STAFF_ROLES
from sxsh.core.todo import Todo

ITEMS = [
    MenuItem(_("Chỉ tiêu"), "indicators:dashboard", roles=STAFF_ROLES, order=60),
    MenuItem(_("Báo cáo định kỳ"), "indicators:report_list", roles=STAFF_ROLES, order=61),
]


def _awaiting(user: Any) -> Any:
    from .selectors import awaiting_review

    return awaiting_review(user).order_by("submitted_at", "pk")


def _returned(user: Any) -> Any:
    from .models import ReportStatus
    from .selectors import reports_for

    return reports_for(user, "change").filter(status=ReportStatus.RETURNED).order_by("reviewed_at", "pk")


def _report_link(report: Any) -> str:
    return reverse("indicators:report_detail", args=[report.pk])


def _report_label(report: Any) -> str:
    return f"{report.unit} – {report.period_label}"


TODO = [
    Todo(_("Báo cáo chờ bạn xem xét"), rows=_awaiting, roles=REVIEWERS, order=10, link=_report_link,
         label=_report_label, url=lambda user, first: reverse("indicators:report_list") + "#awaiting"),
    Todo(_("Báo cáo bị trả lại cần sửa"), rows=_returned, roles=STAFF_ROLES, order=11, link=_report_link,
         label=_report_label, url=lambda user, first: reverse("indicators:report_list"), admin=False),
]
