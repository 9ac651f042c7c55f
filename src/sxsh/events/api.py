"""Events (public read), registrations (scoped) and check-in."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from sxsh.core.apidoc import stated
from sxsh.core.ids import Id
from sxsh.core.tables_api import api_list
from sxsh.core.validators import RequiredText

from . import selectors, services
from .models import Event
from .tables import REGISTRATIONS

router = Router(tags=["events"])


class SessionOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime


class OrganisationRef(Schema):
    id: int
    name: str


class EventOut(Schema):
    id: int
    kind: str
    title: str
    slug: str
    description: str
    programmes: list[str]
    audiences: list[str]
    organiser: OrganisationRef
    venue: str
    capacity: int
    seats_left: int
    registration_opens: datetime
    registration_closes: datetime
    registration_open: bool
    starts_at: datetime | None
    ends_at: datetime | None
    materials: list[dict[str, str]]
    plan_activity_id: int | None

    @staticmethod
    def resolve_seats_left(obj: Event) -> int:
        return selectors.seats_left(obj)

    @staticmethod
    def resolve_registration_open(obj: Event) -> bool:
        return obj.registration_is_open


class EventDetailOut(EventOut):
    sessions: list[SessionOut]
    co_organisers: list[OrganisationRef]

    @staticmethod
    def resolve_sessions(obj: Event) -> list[Any]:
        return list(obj.sessions.all())

    @staticmethod
    def resolve_co_organisers(obj: Event) -> list[Any]:
        return list(obj.co_organisers.all())


class RegistrationOut(Schema):
    id: int
    event_id: int
    code: str
    full_name: str
    organisation_name: str
    position: str
    audience: str
    phone: str
    email: str
    facility_id: int | None
    status: str
    is_walk_in: bool
    attended: bool
    created_at: datetime


class CheckInIn(Schema):
    code: RequiredText = stated(maxLength=500, description="Mã đăng ký, hoặc địa chỉ trong mã QR")
    session_id: Id | None = None
    override_reason: str = stated("", maxLength=300, description=(
        "Lý do điểm danh ngoài ngày diễn ra của buổi (chỉ cán bộ quản lý; ghi vào nhật ký)"))


class CheckInOut(Schema):
    registration: RegistrationOut
    session_id: int
    checked_in_at: datetime
    already: bool


@router.get("/events", response=list[EventOut], auth=None)
@paginate(LimitOffsetPagination)
def list_events(request: HttpRequest, when: str = "upcoming", kind: str = "") -> Any:
    """Published events: ``when`` = ``upcoming`` (default) or ``past``; ``kind`` = workshop, training, study_tour."""
    return selectors.public_events("past" if when == "past" else "upcoming", kind)


@router.get("/events/{slug}", response=EventDetailOut, auth=None)
def get_event(request: HttpRequest, slug: str) -> Any:
    try:
        return selectors.public_event(slug)
    except Event.DoesNotExist:
        raise HttpError(404, "Không tìm thấy sự kiện.") from None


api_list(router, "/registrations", REGISTRATIONS, list[RegistrationOut],
         "Registrations the caller may see (every one of the events they manage; an enterprise its own staff), "
         "filtered like the list page.")


@router.get("/registrations/{registration_id}", response=RegistrationOut)
def get_registration(request: HttpRequest, registration_id: Id) -> Any:
    return get_object_or_404(selectors.registrations_for(request.user), pk=registration_id)


@router.post("/events/{event_id}/checkin", response=CheckInOut)
def check_in(request: HttpRequest, event_id: Id, payload: CheckInIn) -> Any:
    """Check a participant in by the code (or the QR content) at a session (default: current or next today)."""
    try:
        event = selectors.staff_event(request.user, event_id)
    except Event.DoesNotExist:
        raise HttpError(404, "Không tìm thấy sự kiện.") from None
    try:
        result = services.check_in(acting_user=request.user, event=event, code=payload.code,
                                   session_id=payload.session_id, override_reason=payload.override_reason)
    except services.EventError as exc:
        raise HttpError(422, exc.message) from exc
    except PermissionDenied:
        raise HttpError(403, "Bạn không có quyền điểm danh sự kiện này.") from None
    registration = selectors.registrations_for(request.user, event).get(pk=result.registration.pk)
    return {"registration": registration, "session_id": result.attendance.session_id,
            "checked_in_at": result.attendance.checked_in_at, "already": not result.created}
