"""Reads of the events app; pages, API and exports use the same functions."""

from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from sxsh.core.roles import Role
from sxsh.core.scoping import is_admin
from sxsh.core.search import matching

from .models import (
    OFFICERS,
    Attendance,
    Audience,
    Event,
    EventKind,
    EventStatus,
    Feedback,
    Registration,
    RegistrationStatus,
    Session,
)


def _with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
    )


def public_events(when: str = "upcoming", kind: str = "") -> QuerySet[Event]:
    """Published events for visitors: ``upcoming`` (not yet ended) or ``past``."""
    now = timezone.now()
    qs: QuerySet[Any] = Event.objects.public().filter(starts_at__isnull=False).select_related("organiser")
    if when == "past":
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk").annotate(
            attendee_count=Count("registrations", filter=Q(registrations__attendances__isnull=False), distinct=True))
    else:
        qs = qs.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if kind in EventKind.values:
        qs = qs.filter(kind=kind)
    return _with_counts(qs)


def sitemap_events() -> QuerySet[Event]:
    """Every published event (upcoming and past), for the sitemap: the fields its entries need."""
    return Event.objects.public().filter(starts_at__isnull=False).only(
        "slug", "updated_at").order_by("-starts_at", "pk")


def public_event(slug: str) -> Event:
    """One published (or cancelled: its page says so) event with sessions and organisers;
    raises ``Event.DoesNotExist`` otherwise."""
    return (
        _with_counts(Event.objects.unscoped("public page of a published or cancelled event").filter(
            status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]))
        .select_related("organiser")
        .prefetch_related("co_organisers", "sessions")
        .get(slug=slug)
    )


def event_documents(user: Any, event: Event) -> list[Any]:
    """Documents of the library linked to the event that the user may download."""
    from sxsh.outreach.selectors import library_documents

    return list(library_documents(user).filter(events=event))


def seats_left(event: Event) -> int:
    confirmed = getattr(event, "confirmed_count", None)
    if confirmed is None:
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(event.capacity - confirmed, 0)


def seat_usage(event: Event) -> dict[str, int]:
    """Seats taken (confirmed registrations, walk-ins included) against the capacity; ``over`` > 0 when beyond it."""
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return {"confirmed": confirmed, "capacity": event.capacity, "over": max(confirmed - event.capacity, 0),
            "full": int(confirmed >= event.capacity)}


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return Registration.objects.unscoped("a position counted in the registrant's own waiting list").filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITLISTED,
    ).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lte=registration.pk)
    ).count()


def registration_by_code(code: str | None) -> Registration | None:
    if not code:
        return None
    return Registration.objects.unscoped("the registrant's own code (a secret) opens the registration").select_related(
        "event", "facility").filter(code=code).first()


def staff_events(user: Any) -> QuerySet[Event]:
    """Events whose participants the user manages (list, check-in, exports).

    Officers (district, ward, department) see the events of their units; members of the organiser
    or a co-organiser see that event too.
    """
    if not getattr(user, "is_authenticated", False):
        return Event.objects.none()
    if is_admin(user):
        return Event.objects.restrict(user, "view")
    condition = Q(pk__in=Event.objects.restrict(user, "view").values("pk")) if user.role in OFFICERS else Q(pk__in=[])
    if user.organisation_id:
        condition |= Q(organiser_id=user.organisation_id)
        condition |= Q(pk__in=Event.co_organisers.through.objects.filter(
            organisation_id=user.organisation_id).values("event_id"))
    return Event.objects.scoped_by(condition)


#: The reason of the subqueries below: they only count, inside the events the user manages.
CHECK_IN_SUBQUERY = "subquery of the events the user manages"


def events_to_check_in(user: Any) -> QuerySet[Event]:
    """The events the user manages with a session today, not over yet, that confirmed registrants have not been
    checked in to; ``unchecked`` is how many of them (missing from at least one such session). An event leaves
    once everyone is in, or when its last session of the day is over."""
    now = timezone.now()
    attended = Attendance.objects.unscoped(CHECK_IN_SUBQUERY).filter(session_id=OuterRef("pk"),
                                                         registration_id=OuterRef(OuterRef("pk")))
    missed = Session.objects.unscoped(CHECK_IN_SUBQUERY).filter(
        event_id=OuterRef("event_id"), starts_at__date=timezone.localdate(), ends_at__gt=now).filter(~Exists(attended))
    unchecked = Registration.objects.unscoped(CHECK_IN_SUBQUERY).filter(
        event_id=OuterRef("pk"), status=RegistrationStatus.CONFIRMED).filter(Exists(missed))
    counted = unchecked.order_by().values("event_id").annotate(n=Count("pk")).values("n")
    return staff_events(user).annotate(unchecked=Subquery(counted)).filter(unchecked__gt=0).order_by("starts_at", "pk")


def visible_event(user: Any, pk: int) -> Event:
    """An event the user manages or a published one; ``Event.DoesNotExist`` (a 404) otherwise."""
    return Event.objects.scoped_by(
        Q(pk__in=staff_events(user).values("pk")) | Q(pk__in=Event.objects.public().values("pk"))).get(pk=pk)


def events_for(user: Any) -> QuerySet[Event]:
    """The events the user manages with their counts; the listing (``tables.EVENTS``) filters them."""
    qs = _with_counts(staff_events(user)).select_related("organiser", "unit").annotate(
        waitlisted_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    )
    return qs.order_by("-starts_at", "-pk")


def staff_event(user: Any, pk: int) -> Event:
    """One event the user manages; ``Event.DoesNotExist`` (a 404) otherwise."""
    return events_for(user).select_related("plan_activity").prefetch_related("sessions", "co_organisers").get(pk=pk)


def registrations_for(user: Any, event: Event | None = None) -> QuerySet[Registration]:
    """Registrations the user may see: every one of the events they manage, and those in their scope (an
    enterprise: its own facilities' staff); of ``event`` only when given. ``attended``: checked in at least
    once. The listing (``tables.REGISTRATIONS``) filters and orders them."""
    managed = Q(event__in=staff_events(user).values("pk"))
    qs = Registration.objects.scoped_by(managed | Q(pk__in=Registration.objects.restrict(user, "view").values("pk")))
    if event is not None:
        qs = qs.filter(event=event)
    qs = qs.select_related("event", "facility", "facility__ward").annotate(  # type: ignore[assignment]
        attended=Exists(Attendance.objects.filter(registration=OuterRef("pk")).unscoped("subquery of a scoped list")),
    )
    return qs.order_by("event_id", "created_at", "pk")


def participants(user: Any, event: Event, q: str = "") -> QuerySet[Registration]:
    """The confirmed registrations of an event the user manages, matching ``q`` (the check-in page)."""
    return matching(registrations_for(user, event).filter(status=RegistrationStatus.CONFIRMED), q)


def registration_events(user: Any) -> QuerySet[Event]:
    """The events of the registrations the user may see (the listing's event filter)."""
    return Event.objects.scoped_by(Q(pk__in=registrations_for(user).values("event_id"))).order_by("-starts_at", "pk")


def with_attendance(qs: QuerySet[Registration]) -> QuerySet[Registration]:
    return qs.prefetch_related(Prefetch("attendances", queryset=Attendance.objects.unscoped(
        "prefetched for a scoped list of registrations").only("pk", "registration_id", "session_id", "checked_in_at")))


def attendee_codes(event: Event) -> set[str]:
    return set(event.registrations.filter(attendances__isnull=False).values_list("code", flat=True))


def feedback_summary(event: Event) -> dict[str, Any]:
    from django.db.models import Avg

    qs = Feedback.objects.unscoped("feedback of an event the caller read in scope").filter(registration__event=event)
    agg = qs.aggregate(
        n=Count("pk"), content=Avg("content_rating"), organisation=Avg("organisation_rating"),
        usefulness=Avg("usefulness_rating"),
    )
    agg["comments"] = list(qs.exclude(comment="").values_list("comment", flat=True)[:50])
    return agg


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end, time.max, tzinfo=tz))


def indicator_counts(user: Any, period_start: date, period_end: date, unit: Any = None) -> dict[str, Any]:
    """Counts of events for the indicators, in the user's scope.

    An event is *held* in the period when it is published (not cancelled or draft) and its first
    session starts within ``period_start``..``period_end`` (local dates, inclusive) and is already
    over or under way (``starts_at`` not in the future). ``unit`` (an AdministrativeUnit) limits the
    events to that unit's subtree. A *participant* is an active (confirmed) registration of a held
    event; an *attendee* is a participant checked in at one session at least.

    Returns::

        {
          "events": int,                        # events held
          "events_by_kind": {"workshop": int, "training": int, "study_tour": int},
          "participants": int,                  # confirmed registrations
          "attendees": int,                     # of them, checked in at least once
          "by_audience": {code: {"participants": int, "attendees": int}},   # every Audience code
          "by_ward": [{"ward_id": int, "ward": str, "participants": int, "attendees": int}],
                                                 # by the ward of the registrant's facility
          "by_sector": [{"sector_code": str, "sector": str, "key_group": str,
                         "participants": int, "attendees": int}],   # by the VSIC division of the facility
          "without_facility": {"participants": int, "attendees": int},   # no facility chosen
          "facilities_represented": int,        # distinct facilities with an attendee
          "feedback": {"responses": int, "average": float | None},   # mean of the three ratings
        }
    """
    start, end = _bounds(period_start, period_end)
    events = staff_events(user).filter(status=EventStatus.PUBLISHED, starts_at__range=(start, end),
                                       starts_at__lte=timezone.now())
    if unit is not None:
        events = events.filter(unit__path__startswith=unit.path)
    by_kind: dict[str, int] = dict.fromkeys(EventKind.values, 0)
    for kind, n in events.values_list("kind").annotate(n=Count("pk")):
        by_kind[kind] = n
    regs = Registration.objects.unscoped("registrations of the events in scope above").filter(
        event__in=events.values("pk"), status=RegistrationStatus.CONFIRMED).annotate(
        came=Exists(Attendance.objects.filter(registration=OuterRef("pk")).unscoped("subquery of a scoped count")))
    counts = {"participants": Count("pk"), "attendees": Count("pk", filter=Q(came=True))}

    by_audience = {a: {"participants": 0, "attendees": 0} for a in Audience.values}
    for audience, participants, attendees in regs.values_list("audience").annotate(**counts):
        by_audience[audience] = {"participants": participants, "attendees": attendees}
    by_ward = [
        {"ward_id": ward_id, "ward": ward, "participants": participants, "attendees": attendees}
        for ward_id, ward, participants, attendees in regs.filter(facility__isnull=False)
        .values_list("facility__ward_id", "facility__ward__name").annotate(**counts).order_by("facility__ward__name")
    ]
    by_sector = [
        {"sector_code": code, "sector": name, "key_group": key_group, "participants": participants,
         "attendees": attendees}
        for code, name, key_group, participants, attendees in regs.filter(facility__isnull=False)
        .values_list("facility__sector__code", "facility__sector__name", "facility__sector__key_group")
        .annotate(**counts).order_by("facility__sector__code")
    ]
    totals = regs.aggregate(**counts)
    without = regs.filter(facility__isnull=True).aggregate(**counts)
    facilities = regs.filter(came=True, facility__isnull=False).values("facility_id").distinct().count()
    feedback = Feedback.objects.unscoped("feedback of the registrations in scope above").filter(
        registration__in=regs.values("pk"))
    fb_n = feedback.count()
    average = None
    if fb_n:
        total = sum(a + b + c for a, b, c in feedback.values_list(
            "content_rating", "organisation_rating", "usefulness_rating"))
        average = round(total / (3 * fb_n), 2)
    return {
        "events": sum(by_kind.values()),
        "events_by_kind": by_kind,
        "participants": totals["participants"],
        "attendees": totals["attendees"],
        "by_audience": by_audience,
        "by_ward": by_ward,
        "by_sector": by_sector,
        "without_facility": {"participants": without["participants"], "attendees": without["attendees"]},
        "facilities_represented": facilities,
        "feedback": {"responses": fb_n, "average": average},
    }


def sessions_of(event: Event) -> QuerySet[Session]:
    return event.sessions.all().annotate(n_present=Count("attendances"))


def settles_claims(user: Any) -> bool:
    """Whether ``user`` settles registration claims at all: enterprises, officers and administrators."""
    return getattr(user, "is_authenticated", False) and (
        is_admin(user) or user.role in OFFICERS or user.role == Role.ENTERPRISE)


def claimable_facilities(user: Any) -> QuerySet[Any]:
    """Facilities whose registration claims ``user`` may accept: an enterprise's own, an officer's in scope."""
    from sxsh.directory.models import Facility

    if not settles_claims(user):
        return Facility.objects.none()
    return Facility.objects.restrict(user, "view")


def facility_claims(user: Any) -> QuerySet[Registration]:
    """Registrations waiting for a facility's confirmation that ``user`` may settle: for an enterprise,
    those claiming one of its facilities' tax codes; for an officer, those of the events they manage."""
    waiting = Registration.objects.unscoped("narrowed below to the events managed or the facilities held").exclude(
        claimed_tax_code="").select_related("event")
    if not getattr(user, "is_authenticated", False):
        return waiting.none()
    if is_admin(user) or user.role in OFFICERS:
        return waiting.filter(event__in=staff_events(user))
    return waiting.filter(claimed_tax_code__in=claimable_facilities(user).values("tax_code"))


def claim_events(user: Any) -> QuerySet[Event]:
    """The events of the claims ``user`` may settle (the claims listing's event filter)."""
    return Event.objects.scoped_by(Q(pk__in=facility_claims(user).values("event_id"))).order_by("-starts_at", "pk")
