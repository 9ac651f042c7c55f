"""Writes of the events app: atomic, with the acting user, each writing its audit record.

The seat guarantee: :func:`register` and :func:`cancel_registration` lock the event row
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite every transaction is ``BEGIN IMMEDIATE``, which
serialises writers) before counting seats, so the last seat is never given twice.
"""

import re
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail.message import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core import audit
from sxsh.core.numbering import next_number
from sxsh.core.roles import STAFF_ROLES
from sxsh.core.scoping import HELD, allows, ensure_in_scope, is_admin
from sxsh.tasks import mail

from . import codes, selectors
from .models import (
    ACTIVE,
    Attendance,
    Audience,
    Event,
    EventStatus,
    Feedback,
    Registration,
    RegistrationStatus,
    Session,
)


class EventError(Exception):
    """A refused write; ``message`` is for the user (Vietnamese), ``field`` names the form field if any."""

    def __init__(self, message: str, field: str | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.row = row


@dataclass
class Participant:
    full_name: str
    organisation_name: str
    audience: str
    phone: str
    email: str
    position: str = ""
    facility_id: int | None = None
    tax_code: str = ""  # a claim on a facility of the directory, attached only once confirmed


_PHONE = re.compile(r"^0\d{9,10}$")


def normalise_phone(value: str) -> str | None:
    """Digits only, ``+84``/``84`` turned into ``0``; ``None`` when not a Vietnamese phone number."""
    digits = re.sub(r"[\s.()-]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _PHONE.match(digits) else None


def _clean_participant(p: Participant) -> tuple[Participant, str]:
    """The participant cleaned, and the tax code it claims (normalised; "" for none)."""
    name = " ".join((p.full_name or "").split())
    if not name:
        raise EventError(_("Vui lòng nhập họ và tên."), "full_name")
    if not (p.organisation_name or "").strip():
        raise EventError(_("Vui lòng nhập tên cơ quan hoặc cơ sở."), "organisation_name")
    if p.audience not in Audience.values:
        raise EventError(_("Vui lòng chọn đối tượng tham dự."), "audience")
    phone = normalise_phone(p.phone)
    if phone is None:
        raise EventError(_("Số điện thoại không hợp lệ: cần 10–11 chữ số, bắt đầu bằng 0 (hoặc +84)."), "phone")
    email = (p.email or "").strip().lower()
    try:
        validate_email(email)
    except Exception:
        raise EventError(_("Địa chỉ thư điện tử không hợp lệ."), "email") from None
    claimed = ""
    if p.facility_id is None and (p.tax_code or "").strip():
        from sxsh.calc import taxcode

        # Only the format is checked: whether a facility has this code is not told (the answer is the same).
        claimed = taxcode.normalise(p.tax_code)
        if not taxcode.is_valid(claimed):
            raise EventError(_("Mã số thuế không hợp lệ: 10 chữ số (chi nhánh thêm -001)."), "tax_code")
    return Participant(
        full_name=name[:150], organisation_name=p.organisation_name.strip()[:255], audience=p.audience,
        phone=phone, email=email, position=(p.position or "").strip()[:150], facility_id=p.facility_id,
    ), claimed


def _check_window(event: Event) -> None:
    now = timezone.now()
    if event.status != EventStatus.PUBLISHED:
        raise EventError(_("Sự kiện này không nhận đăng ký."))
    if event.is_past:
        raise EventError(_("Sự kiện đã diễn ra, không thể đăng ký."))
    if now < event.registration_opens:
        raise EventError(_("Chưa đến thời gian mở đăng ký cho sự kiện này."))
    if now > event.registration_closes:
        raise EventError(_("Đã hết hạn đăng ký cho sự kiện này."))


def _check_duplicate(event: Event, p: Participant) -> None:
    active = event.registrations.filter(ACTIVE)
    if active.filter(email=p.email).exists():
        raise EventError(_("Địa chỉ thư điện tử này đã được dùng để đăng ký sự kiện này. "
                           "Nếu cần, hãy tra cứu hoặc hủy đăng ký cũ bằng mã đăng ký."), "email")
    if active.filter(phone=p.phone).exists():
        raise EventError(_("Số điện thoại này đã được dùng để đăng ký sự kiện này."), "phone")


def _unique_code() -> str:
    while True:
        code = codes.new_code()
        if not Registration.objects.unscoped("codes are unique site-wide").filter(code=code).exists():
            return code


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _lock_event(event_id: int) -> Event:
    return Event.objects.unscoped("lock the event the caller already holds").select_for_update().get(pk=event_id)


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _full_message(event: Event) -> str:
    return _("Sự kiện đã đủ %(n)s chỗ. Đánh dấu “Vượt sức chứa” nếu vẫn nhận người này.") % {"n": event.capacity}


def _create(event: Event, p: Participant, acting_user: Any, walk_in: bool, claimed: str = "") -> Registration:
    """Create the registration; the caller holds the event row lock, so the seat count cannot change under us."""
    confirmed = _confirmed_count(event)
    status = RegistrationStatus.CONFIRMED if walk_in or confirmed < event.capacity else RegistrationStatus.WAITLISTED
    registration = Registration.objects.create(
        event=event, code=_unique_code(), full_name=p.full_name, organisation_name=p.organisation_name,
        position=p.position, audience=p.audience, phone=p.phone, email=p.email, facility_id=p.facility_id,
        claimed_tax_code=claimed, status=status, is_walk_in=walk_in, registered_by=_user(acting_user),
    )
    after = registration.audit_snapshot()
    if walk_in and confirmed >= event.capacity:
        # Admitted at the door beyond the capacity, explicitly (see :func:`register`).
        after = {**after, "over_capacity": True, "capacity": event.capacity, "confirmed": confirmed + 1}
    audit.record(acting_user=acting_user, action="events.registration.created", obj=registration, after=after)
    base = BASE_URL.get()
    transaction.on_commit(lambda: _with_base(base, send_confirmation, registration.pk))
    return registration


@transaction.atomic
def register(
    *, acting_user: Any, event_id: int, participant: Participant, walk_in: bool = False, over_capacity: bool = False
) -> Registration:
    """Register one participant: a seat while there is one, else the waiting list.

    Walk-ins (registered at the door by an officer) skip the window check and get a seat while there
    is one; when the event is full they are refused unless the officer says ``over_capacity=True``
    (the person is physically there), and the audit record then says the seat was over capacity.
    The event row is locked first, so two officers cannot both take the last seat.
    """
    event = _lock_event(event_id)
    p, claimed = _clean_participant(participant)
    if not walk_in:
        _check_window(event)
    _check_duplicate(event, p)
    if walk_in and not over_capacity and _confirmed_count(event) >= event.capacity:
        raise EventError(_full_message(event), "over_capacity")
    return _create(event, p, acting_user, walk_in, claimed)


@transaction.atomic
def register_many(
    *, acting_user: Any, event_id: int, facility_id: int, participants: Sequence[Participant]
) -> list[Registration]:
    """An enterprise representative registers several staff of their facility: all or none."""
    holds_facility = getattr(acting_user, "is_authenticated", False) and facility_id in getattr(
        acting_user, "facility_ids", [])
    if not (holds_facility or allows(acting_user, Registration, "change")):
        raise PermissionDenied
    if not participants:
        raise EventError(_("Vui lòng nhập ít nhất một người tham dự."))
    event = _lock_event(event_id)
    _check_window(event)
    cleaned: list[Participant] = []
    for index, participant in enumerate(participants):
        try:
            p, _claimed = _clean_participant(Participant(**{**participant.__dict__, "facility_id": facility_id}))
            _check_duplicate(event, p)
        except EventError as exc:
            exc.row = index
            raise
        for other in cleaned:
            if other.email == p.email or other.phone == p.phone:
                raise EventError(_("Hai người trong danh sách trùng thư điện tử hoặc số điện thoại."),
                                 "email", row=index)
        cleaned.append(p)
    return [_create(event, p, acting_user, walk_in=False) for p in cleaned]


def _promote(event: Event, acting_user: Any) -> list[Registration]:
    promoted = []
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("created_at", "pk")
    for registration in waiting[: max(event.capacity - confirmed, 0)]:
        before = registration.audit_snapshot()
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at", "updated_at", "search_text"])
        audit.record(acting_user=acting_user, action="events.registration.promoted", obj=registration,
                     before=before, after=registration.audit_snapshot())
        pk, base = registration.pk, BASE_URL.get()
        transaction.on_commit(lambda pk=pk, base=base: _with_base(base, send_promotion, pk))  # type: ignore[misc]
        promoted.append(registration)
    return promoted


@transaction.atomic
def cancel_registration(*, acting_user: Any, registration_id: int, by_registrant: bool = False) -> list[Registration]:
    """Cancel a registration and give freed seats to the first in line. Returns those promoted.

    Officers cancel registrations in their scope; a registrant cancels their own (the caller has
    checked the code and e-mail, see :func:`cancel_by_code`).
    """
    if not by_registrant and not Registration.objects.restrict(acting_user, "change").filter(
            pk=registration_id).exists():
        raise PermissionDenied
    event_id = Registration.objects.unscoped("checked in scope above, or the registrant's own").values_list(
        "event_id", flat=True).get(pk=registration_id)
    event = _lock_event(event_id)
    registration = event.registrations.get(pk=registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        raise EventError(_("Đăng ký này đã được hủy trước đó."))
    if event.is_past:
        raise EventError(_("Sự kiện đã diễn ra, không thể hủy đăng ký."))
    before = registration.audit_snapshot()
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at", "search_text"])
    audit.record(acting_user=acting_user, action="events.registration.cancelled", obj=registration,
                 before=before, after={**registration.audit_snapshot(), "by_registrant": by_registrant})
    return _promote(event, acting_user)


def cancel_by_code(*, code: str, email: str) -> Registration:
    """The registrant cancels with their code and e-mail (both must match)."""
    parsed = codes.parse_code(code)
    registration = (
        Registration.objects.unscoped("the registrant's own code and e-mail").filter(
            code=parsed, email=(email or "").strip().lower()).first() if parsed else None
    )
    if registration is None:
        raise EventError(_("Không tìm thấy đăng ký với mã và địa chỉ thư điện tử này."), "code")
    cancel_registration(acting_user=None, registration_id=registration.pk, by_registrant=True)
    registration.refresh_from_db()
    return registration


def can_check_in(user: Any, event: Event) -> bool:
    from .selectors import staff_events

    return staff_events(user).filter(pk=event.pk).exists()


def _default_session(event: Event) -> Session | None:
    sessions = list(event.sessions.all())
    if not sessions:
        return None
    now = timezone.now()
    today = timezone.localdate()
    for s in sessions:
        if s.starts_at <= now <= s.ends_at:
            return s
    same_day = [s for s in sessions if timezone.localtime(s.starts_at).date() == today]
    upcoming = [s for s in same_day if s.starts_at > now]
    if upcoming:
        return upcoming[0]
    if same_day:
        return same_day[-1]
    future = [s for s in sessions if s.starts_at > now]
    return future[0] if future else sessions[-1]


@dataclass
class CheckIn:
    registration: Registration
    attendance: Attendance
    created: bool


def _session_day(session: Session) -> date:
    return timezone.localtime(session.starts_at).date()


def is_session_day(session: Session) -> bool:
    """Whether today (in the site's time zone) is a day the session runs on."""
    today = timezone.localdate()
    return _session_day(session) <= today <= timezone.localtime(session.ends_at).date()


def _check_day(acting_user: Any, session: Session, override_reason: str) -> dict[str, Any]:
    """Check-in happens on the session's day; on another day only an officer may, with a reason (audited)."""
    if is_session_day(session):
        return {}
    if not override_reason:
        raise EventError(_("Buổi “%(s)s” diễn ra ngày %(d)s: chỉ điểm danh được trong ngày đó. Nếu cần điểm danh "
                           "ngoài ngày (bổ sung danh sách giấy, sửa sai sót), hãy ghi lý do.") % {
            "s": session.title, "d": f"{_session_day(session):%d/%m/%Y}"}, "override_reason")
    if not (is_admin(acting_user) or getattr(acting_user, "role", None) in STAFF_ROLES):
        raise EventError(_("Chỉ cán bộ quản lý mới điểm danh được ngoài ngày diễn ra của buổi."), "override_reason")
    return {"outside_session_day": True, "override_reason": override_reason}


@transaction.atomic
def check_in(
    *, acting_user: Any, event: Event, code: str, session_id: int | None = None, override_reason: str = ""
) -> CheckIn:
    """Mark the holder of ``code`` present at a session (by default the current or next one today).

    Only on the session's day, unless an officer gives ``override_reason`` (kept in the audit record).
    """
    if not can_check_in(acting_user, event):
        raise PermissionDenied
    parsed = codes.parse_code(code)
    if parsed is None:
        raise EventError(_("Mã đăng ký không hợp lệ: mã gồm 8 ký tự chữ và số, ví dụ K7PM2XQA."), "code")
    registration = event.registrations.filter(code=parsed).first()
    if registration is None:
        raise EventError(_("Không có đăng ký nào với mã %(code)s cho sự kiện này. Mã có thể bị gõ sai "
                           "hoặc không phải mã của sự kiện này.") % {"code": parsed}, "code")
    if registration.status == RegistrationStatus.CANCELLED:
        raise EventError(_("Đăng ký %(code)s đã bị hủy.") % {"code": parsed}, "code")
    if registration.status == RegistrationStatus.WAITLISTED:
        raise EventError(_("%(name)s đang trong danh sách chờ, chưa có chỗ.") % {"name": registration.full_name},
                         "code")
    if session_id:
        session = event.sessions.filter(pk=session_id).first()
        if session is None:
            raise EventError(_("Buổi đã chọn không thuộc sự kiện này."), "session")
    else:
        session = _default_session(event)
        if session is None:
            raise EventError(_("Sự kiện chưa có buổi nào để điểm danh."), "session")
    attendance = registration.attendances.filter(session=session).first()
    if attendance is not None:
        return CheckIn(registration, attendance, False)
    override = _check_day(acting_user, session, " ".join((override_reason or "").split())[:300])
    attendance = registration.attendances.create(session=session, checked_in_by=_user(acting_user),
                                                 checked_in_at=timezone.now())
    audit.record(acting_user=acting_user, action="events.attendance.checked_in", obj=attendance,
                 after={**attendance.audit_snapshot(), **override})
    return CheckIn(registration, attendance, True)


@transaction.atomic
def undo_check_in(*, acting_user: Any, event: Event, registration_id: int, session_id: int) -> None:
    if not can_check_in(acting_user, event):
        raise PermissionDenied
    attendance = Attendance.objects.unscoped("an attendance of the event checked in scope above").filter(
        registration_id=registration_id, registration__event=event, session_id=session_id).first()
    if attendance is not None:
        audit.record(acting_user=acting_user, action="events.attendance.removed", obj=attendance,
                     before=attendance.audit_snapshot())
        attendance.delete()


@transaction.atomic
def walk_in(
    *, acting_user: Any, event: Event, participant: Participant, session_id: int | None = None,
    over_capacity: bool = False, override_reason: str = "",
) -> CheckIn:
    """Register someone at the door and check them in at once.

    A full event refuses the walk-in (:class:`EventError` on the ``over_capacity`` field) unless the
    officer explicitly admits them beyond the capacity with ``over_capacity=True``.
    """
    if not can_check_in(acting_user, event):
        raise PermissionDenied
    registration = register(acting_user=acting_user, event_id=event.pk, participant=participant, walk_in=True,
                            over_capacity=over_capacity)
    return check_in(acting_user=acting_user, event=event, code=registration.code, session_id=session_id,
                    override_reason=override_reason)


def attended(registration: Registration) -> bool:
    return registration.attendances.exists()


def follow_up_opens_at(registration: Registration) -> datetime | None:
    """When the attendee's feedback form and certificate open: the end of the first session they attended.

    ``None`` when they attended no session (neither ever opens).
    """
    return registration.event.sessions.filter(attendances__registration=registration).aggregate(
        end=Min("ends_at"))["end"]


def follow_up_is_open(registration: Registration) -> bool:
    """Feedback and the certificate of attendance: only once a session the participant attended has ended."""
    opens = follow_up_opens_at(registration)
    return opens is not None and opens <= timezone.now()


def format_moment(value: datetime) -> str:
    """``16:30 ngày 24/10/2019`` in the site's time zone."""
    local = timezone.localtime(value)
    return _("%(time)s ngày %(date)s") % {"time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}"}


def feedback_not_open_message(opens_at: datetime) -> str:
    return _("Phiếu đánh giá sẽ mở sau khi buổi bạn tham dự kết thúc (lúc %(when)s).") % {
        "when": format_moment(opens_at)}


@transaction.atomic
def submit_feedback(
    *, registration: Registration, content: int, organisation: int, usefulness: int, comment: str = ""
) -> Feedback:
    """Feedback from an attendee (the link carries their registration code); once per registration."""
    registration = Registration.objects.unscoped("lock the registration the caller holds").select_for_update().get(
        pk=registration.pk)
    opens = follow_up_opens_at(registration)
    if opens is None:
        raise EventError(_("Chỉ người đã tham dự sự kiện mới gửi được phiếu đánh giá."))
    if opens > timezone.now():
        raise EventError(feedback_not_open_message(opens))
    if Feedback.objects.unscoped("once per registration the caller holds").filter(registration=registration).exists():
        raise EventError(_("Bạn đã gửi phiếu đánh giá cho sự kiện này. Cảm ơn bạn!"))
    for value in (content, organisation, usefulness):
        if value not in (1, 2, 3, 4, 5):
            raise EventError(_("Điểm đánh giá phải từ 1 đến 5."))
    feedback = Feedback.objects.create(
        registration=registration, content_rating=content, organisation_rating=organisation,
        usefulness_rating=usefulness, comment=(comment or "").strip()[:3000],
    )
    audit.record(acting_user=None, action="events.feedback.created", obj=feedback, after=feedback.audit_snapshot())
    return feedback


@transaction.atomic
def settle_claim(*, acting_user: Any, registration_id: int, accept: bool) -> Registration:
    """Accept or refuse a registration's claim to come from a facility (its tax code).

    The facility's representative settles claims on their own facilities, an officer those of events in
    their scope; accepting attaches the registration to the facility (so it is counted for it).
    """

    registration = selectors.facility_claims(acting_user).select_for_update(of=("self",)).filter(
        pk=registration_id).first()
    if registration is None:
        raise PermissionDenied
    before = registration.audit_snapshot()
    if accept:
        facility = selectors.claimable_facilities(acting_user).filter(tax_code=registration.claimed_tax_code).first()
        if facility is None:
            raise EventError(_("Không có cơ sở sản xuất nào có mã số thuế này trong phạm vi của bạn."))
        registration.facility = facility
    registration.claimed_tax_code = ""
    registration.save()
    audit.record(acting_user=acting_user, obj=registration, before=before, after=registration.audit_snapshot(),
                 action="events.registration.facility_confirmed" if accept else "events.registration.facility_refused")
    return registration


PERSONAL_FIELDS = ("full_name", "position", "phone", "email")


@transaction.atomic
def erase_personal_data(*, acting_user: Any, registration_id: int) -> Registration:
    """Erase a participant's personal data on request; counts (category, facility, attendance) stay.

    The registration is cancelled if still active (its seat goes to the waiting list) and the
    personal values are also removed from earlier audit records of this registration.
    """
    if not Registration.objects.restrict(acting_user, "change").filter(pk=registration_id).exists():
        raise PermissionDenied
    registration = Registration.objects.restrict(acting_user, "change").get(pk=registration_id)
    if registration.status != RegistrationStatus.CANCELLED and not registration.event.is_past:
        cancel_registration(acting_user=acting_user, registration_id=registration_id)
        registration.refresh_from_db()
    registration.full_name = _("(đã xóa theo yêu cầu)")
    registration.position = ""
    registration.phone = f"-{registration.pk}"  # unique placeholders keep the one-per-event constraints
    registration.email = f"da-xoa-{registration.pk}@example.invalid"
    registration.save()
    audit.mask_personal_data(registration, PERSONAL_FIELDS, object_repr=registration.code)
    audit.record(acting_user=acting_user, action="events.registration.erased", obj=registration,
                 object_repr=registration.code)
    return registration


# --- events and sessions -------------------------------------------------------------------------


def refresh_span(event: Event) -> None:
    span = event.sessions.aggregate(start=Min("starts_at"), end=Max("ends_at"))
    Event.objects.filter(pk=event.pk).update(starts_at=span["start"], ends_at=span["end"])
    event.starts_at, event.ends_at = span["start"], span["end"]


EVENT_FIELDS = (
    "kind", "title", "description", "programmes", "organiser", "audiences", "venue", "capacity",
    "registration_opens", "registration_closes", "status", "unit", "materials", "plan_activity", "signer_title",
    "signer_name",
)

#: The kind of a certificate of attendance in its number ("12/GCN").
CERTIFICATE_KIND = "GCN"


@transaction.atomic
def issue_certificate(*, registration: Registration, issued_on: date) -> Registration:
    """Give the registration its certificate number the first time the certificate is issued: the next
    number of the organiser in the year of issue (the same number on every later download)."""
    registration = Registration.objects.unscoped(HELD).select_for_update().select_related("event").get(pk=registration.pk)
    if registration.certificate_number:
        return registration
    number = next_number(body=f"organisation:{registration.event.organiser_id}", kind=CERTIFICATE_KIND,
                         year=issued_on.year)
    registration.certificate_number = f"{number}/{CERTIFICATE_KIND}"
    registration.save(update_fields=["certificate_number"])
    audit.record(acting_user=None, action="events.registration.certificate_issued", obj=registration,
                 after={"certificate_number": registration.certificate_number})
    return registration


@transaction.atomic
def save_event(
    *, acting_user: Any, event: Event, data: dict[str, Any], sessions: Sequence[dict[str, Any]] | None = None
) -> Event:
    """Create or change an event; ``sessions`` (title, starts_at, ends_at, optional id) replaces the list."""
    creating = event.pk is None
    action = "add" if creating else "change"
    if not allows(acting_user, Event, action):
        raise PermissionDenied
    before = None if creating else Event.objects.unscoped("lock the event the caller holds").select_for_update().get(
        pk=event.pk).audit_snapshot()
    for key, value in data.items():
        if key in EVENT_FIELDS:
            setattr(event, key, value)
    event.full_clean(exclude=["co_organisers", "documents", "slug"])  # the slug comes from the title (Event.save)
    event.save()
    if "co_organisers" in data:
        event.co_organisers.set(data["co_organisers"])
    if "documents" in data:
        event.documents.set(data["documents"])
    if sessions is not None:
        keep = []
        for row in sessions:
            session = event.sessions.filter(pk=row["id"]).first() if row.get("id") else None
            session = session or Session(event=event)
            session.title, session.starts_at, session.ends_at = row["title"], row["starts_at"], row["ends_at"]
            session.full_clean()
            session.save()
            keep.append(session.pk)
        event.sessions.exclude(pk__in=keep).filter(attendances__isnull=True).delete()
    refresh_span(event)
    ensure_in_scope(acting_user, event, action)
    audit.record(acting_user=acting_user, action=f"events.event.{'created' if creating else 'changed'}",
                 obj=event, before=before, after=event.audit_snapshot())
    if before is not None and event.status == EventStatus.CANCELLED and before["status"] != EventStatus.CANCELLED:
        pk, base = event.pk, BASE_URL.get()
        transaction.on_commit(lambda: _with_base(base, send_event_cancelled, pk))
    elif event.status == EventStatus.PUBLISHED and not creating:
        _promote(event, acting_user)  # more seats: the waiting list moves up
    return event


# --- e-mail --------------------------------------------------------------------------------------


#: The site's address for links in e-mails and QR codes: ``settings.SXSH_BASE_URL`` when set, else the
#: address of the current request (set by the views), else the development server.
BASE_URL: ContextVar[str] = ContextVar("events_base_url", default="")


def _with_base(base: str, send: Any, registration_id: int) -> None:
    """Run a mail sender after commit with the site address captured when it was scheduled."""
    token = BASE_URL.set(base)
    try:
        send(registration_id)
    finally:
        BASE_URL.reset(token)


def site_url(path: str) -> str:
    base = getattr(settings, "SXSH_BASE_URL", "") or BASE_URL.get() or "http://127.0.0.1:8000"
    return base.rstrip("/") + path


def confirmation_url(registration: Registration) -> str:
    return site_url(reverse("events:confirmation", args=[registration.code]))


def send_confirmation(registration_id: int) -> None:
    from .selectors import waitlist_position

    r = Registration.objects.unscoped("the mail task of a registration just written").select_related("event").get(
        pk=registration_id)
    lines = [
        _("Kính gửi %(name)s,") % {"name": r.full_name},
        "",
        _("Chúng tôi đã nhận đăng ký của bạn cho sự kiện: %(title)s.") % {"title": r.event.title},
        _("Mã đăng ký: %(code)s") % {"code": r.code},
    ]
    if r.status == RegistrationStatus.WAITLISTED:
        lines.append(_("Sự kiện đã đủ chỗ; bạn đang ở vị trí số %(n)s trong danh sách chờ. Khi có chỗ trống, "
                       "chúng tôi sẽ báo cho bạn qua thư điện tử.") % {"n": waitlist_position(r)})
    else:
        lines.append(_("Bạn đã có chỗ. Vui lòng xuất trình mã đăng ký hoặc mã QR khi đến điểm danh."))
    lines += [
        _("Địa điểm: %(venue)s") % {"venue": r.event.venue},
        _("Xem mã QR và thông tin đăng ký: %(url)s") % {"url": confirmation_url(r)},
        _("Hủy đăng ký (cần mã đăng ký và địa chỉ thư điện tử): %(url)s") % {
            "url": site_url(reverse("events:cancel"))},
    ]
    mail.send_mail(_("Xác nhận đăng ký: %(title)s") % {"title": r.event.title}, "\n".join(lines), [r.email])


def mail_attendees(*, acting_user: Any, event: Event) -> tuple[int, int]:
    """After the event: tell every attendee the feedback form and certificate links (in the application and
    by e-mail), the same notice as the periodic follow-up and once per attendee whichever comes first.
    Returns (told now, told before or who turned the kind off).

    Refused until the event's last session has ended: then every attendee's links are open
    (see :func:`follow_up_is_open`).
    """
    from .notices import follow_up

    if not can_check_in(acting_user, event):
        raise PermissionDenied
    if event.ends_at is None or event.ends_at > timezone.now():
        raise EventError(_("Sự kiện chưa kết thúc; thư mời đánh giá và giấy chứng nhận chỉ gửi được sau khi "
                           "buổi cuối kết thúc%(when)s.") % {
            "when": (" " + _("(lúc %(when)s)") % {"when": format_moment(event.ends_at)}) if event.ends_at else ""})
    attendees = list(event.registrations.filter(attendances__isnull=False).distinct().order_by("pk"))
    with transaction.atomic():
        told = sum(follow_up(r, acting_user=acting_user, base=BASE_URL.get()) for r in attendees)
        audit.record(acting_user=acting_user, action="events.event.attendees_mailed", obj=event,
                     after={"recipients": told, "not_again": len(attendees) - told})
    return told, len(attendees) - told


def send_event_cancelled(event_id: int) -> None:
    event = Event.objects.unscoped("the mail task of an event just cancelled").get(pk=event_id)
    recipients = event.registrations.filter(ACTIVE).values_list("email", flat=True)

    body = "\n".join([
        _("Kính gửi quý đại biểu,"),
        "",
        _("Ban tổ chức rất tiếc thông báo sự kiện “%(title)s” đã bị hủy.") % {"title": event.title},
        _("Xem thông tin: %(url)s") % {"url": site_url(reverse("events:detail", args=[event.slug]))},
    ])
    mail.send_messages([
        EmailMessage(_("Thông báo hủy sự kiện: %(title)s") % {"title": event.title}, body, None, [email])
        for email in recipients
    ])


def send_promotion(registration_id: int) -> None:
    """The registrant promoted from the waiting list is told (with a link to decline the seat)."""
    from .notices import promoted

    promoted(Registration.objects.unscoped("the mail task of a registration just promoted").select_related("event").get(pk=registration_id), base=BASE_URL.get())
