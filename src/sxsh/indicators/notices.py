"""What the report workflow tells people: reviewers when a report comes in, its authors when it is decided."""

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from sxsh.core.roles import REVIEWERS
from sxsh.notifications.models import Kind
from sxsh.notifications.services import Message, Recipient, notify

from .models import Report


def reviewers_of(report: Report) -> list[Any]:
    """The active officers (administrators aside) who may approve or return ``report``: the services' rule."""
    from .services import can_review

    candidates = get_user_model().objects.filter(is_active=True, is_superuser=False, role__in=REVIEWERS)
    return [u for u in candidates if can_review(u, report)
            and Report.objects.restrict(u, "change").filter(pk=report.pk).exists()]


def _url(report: Report) -> str:
    return reverse("indicators:report_detail", args=[report.pk])


def report_submitted(report: Report, *, acting_user: Any) -> None:
    notify(kind=Kind.REPORT_SUBMITTED, recipients=[Recipient(user=u) for u in reviewers_of(report)], obj=report,
           acting_user=acting_user, build=lambda r: Message(
               subject=_("Báo cáo chờ xem xét: %(report)s") % {"report": report},
               lines=[_("%(unit)s đã gửi %(report)s; báo cáo đang chờ anh/chị phê duyệt hoặc trả lại.")
                      % {"unit": report.unit, "report": report}],
               url=_url(report), link_label=_("Xem và xem xét báo cáo")))


def report_decided(report: Report, *, acting_user: Any) -> None:
    """Returned or approved: the people who prepared and submitted it are told, with the reviewer's comment."""
    returned = report.status == "returned"
    authors = {u.pk: u for u in (report.submitted_by, report.prepared_by) if u is not None}
    lines = [_("%(report)s đã bị trả lại để sửa và gửi lại.") % {"report": report} if returned
             else _("%(report)s đã được phê duyệt; số liệu đã được chốt.") % {"report": report}]
    if report.review_comment:
        lines.append(_("Ý kiến: %(comment)s") % {"comment": report.review_comment})
    subject = (_("Báo cáo bị trả lại: %(report)s") if returned else _("Báo cáo đã được phê duyệt: %(report)s"))
    notify(kind=Kind.REPORT_RETURNED if returned else Kind.REPORT_APPROVED, obj=report, acting_user=acting_user,
           recipients=[Recipient(user=u) for u in authors.values()], build=lambda r: Message(
               subject=subject % {"report": report}, lines=lines, url=_url(report),
               link_label=_("Mở báo cáo")))
