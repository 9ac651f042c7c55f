"""What the events tell registrants: a seat from the waiting list (with a link to decline it), the reminder the
day before, and the feedback form and certificate once their session has ended."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.notifications.models import Kind
from sxsh.notifications.services import Message, Recipient, notify

from .models import EventStatus, Registration, RegistrationStatus, Session

#: Follow-ups are sent for sessions that ended at most this long ago (never for years-old events at start-up).
FOLLOW_UP_WINDOW = timedelta(days=2)


def _recipient(registration: Registration) -> Recipient:
    """The registrant by e-mail; their account too (listed in the application) when one has that address."""
    user = get_user_model().objects.filter(email__iexact=registration.email, is_active=True).first()
    return Recipient(user=user, email=registration.email, name=registration.full_name)


def _moment(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%H:%M} {local:%d/%m/%Y}"


def promoted(registration: Registration, *, base: str = "") -> None:
    from .services import site_url

    event = registration.event
    notify(kind=Kind.WAITLIST_PROMOTED, recipients=[_recipient(registration)], obj=registration, base=base,
           occasion=f"promoted:{registration.pk}", build=lambda r: Message(
               subject=_("Bạn đã có chỗ: %(title)s") % {"title": event.title},
               lines=[_("Đã có chỗ trống: đăng ký %(code)s của bạn cho sự kiện “%(title)s” đã được xác nhận.")
                      % {"code": registration.code, "title": event.title},
                      _("Nếu bạn không tham dự được, xin từ chối chỗ để nhường cho người tiếp theo trong danh sách chờ.")],
               url=reverse("events:confirmation", args=[registration.code]),
               link_label=_("Xem mã QR và thông tin đăng ký"),
               links=[(_("Từ chối chỗ này"), site_url(reverse("events:cancel") + f"?ma={registration.code}"))]))


def _reminder(registration: Registration, session: Session) -> Message:
    event = registration.event
    return Message(
        subject=_("Nhắc lịch: %(title)s vào %(when)s") % {"title": event.title, "when": _moment(session.starts_at)},
        lines=[_("Sự kiện “%(title)s” bắt đầu lúc %(when)s tại %(venue)s.")
               % {"title": event.title, "when": _moment(session.starts_at), "venue": event.venue},
               _("Mã đăng ký của bạn: %(code)s. Vui lòng mang mã hoặc mã QR để điểm danh.") % {"code": registration.code}],
        url=reverse("events:confirmation", args=[registration.code]), link_label=_("Xem mã QR"),
        links=[(_("Không tham dự được? Hủy đăng ký"), reverse("events:cancel") + f"?ma={registration.code}")])


def _follow_up(registration: Registration) -> Message:
    event = registration.event
    return Message(
        subject=_("Phiếu đánh giá và giấy chứng nhận: %(title)s") % {"title": event.title},
        lines=[_("Cảm ơn bạn đã tham dự “%(title)s”.") % {"title": event.title},
               _("Phiếu đánh giá và giấy chứng nhận tham dự của bạn đã mở.")],
        url=reverse("events:feedback", args=[registration.code]), link_label=_("Trả lời phiếu đánh giá"),
        links=[(_("Giấy chứng nhận tham dự (PDF)"), reverse("events:certificate", args=[registration.code]))])


def send_reminders(now: datetime | None = None) -> int:
    """Remind every confirmed registrant of the events with a session tomorrow (once per registrant and day)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    sessions = (Session.objects.unscoped("the reminder task reads every published event's sessions")
                .filter(starts_at__date=tomorrow, event__status=EventStatus.PUBLISHED)
                .select_related("event").order_by("starts_at"))
    first: dict[int, Session] = {}
    for session in sessions:
        first.setdefault(session.event_id, session)
    told = 0
    for session in first.values():
        registrations = Registration.objects.unscoped("the reminder task tells every confirmed registrant").filter(
            event=session.event, status=RegistrationStatus.CONFIRMED)
        for registration in registrations.select_related("event"):
            message = _reminder(registration, session)
            told += len(notify(kind=Kind.EVENT_REMINDER, recipients=[_recipient(registration)], obj=registration,
                               occasion=f"reminder:{registration.pk}:{tomorrow:%Y%m%d}",
                               build=lambda r, m=message: m))  # type: ignore[misc]
    return told


def send_follow_ups(now: datetime | None = None) -> int:
    """Tell each attendee once that their feedback form and certificate are open (their session has ended)."""
    now = now or timezone.now()
    registrations = (Registration.objects.unscoped("the follow-up task tells every attendee")
                     .filter(attendances__isnull=False).exclude(event__status=EventStatus.CANCELLED)
                     .annotate(opens=Min("attendances__session__ends_at"))
                     .filter(opens__lte=now, opens__gte=now - FOLLOW_UP_WINDOW).select_related("event"))
    return sum(follow_up(registration) for registration in registrations)


def follow_up(registration: Registration, *, acting_user: Any = None, base: str = "") -> int:
    """Tell the attendee their feedback form and certificate are open: once per registration, whether the
    periodic job or the officer's "e-mail attendees" button comes first. Returns how many were told (0 or 1)."""
    message = _follow_up(registration)
    return len(notify(kind=Kind.FOLLOW_UP_OPEN, recipients=[_recipient(registration)], obj=registration,
                      occasion=f"follow-up:{registration.pk}", acting_user=acting_user, base=base,
                      build=lambda r: message))
