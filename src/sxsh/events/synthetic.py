"""Synthetic events and registrations for the city-size dataset (``manage.py generate_synthetic``).

Each synthetic district holds about six events a year (workshops, training courses, study tours) with
one or two sessions; participants register (some from the district's facilities), past events record
attendance. Bulk-created; no audit records (not user writes).
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from sxsh.calc.text import fold
from sxsh.directory.synthetic import SyntheticContext, bulk_insert

from .codes import ALPHABET, LENGTH
from .models import Attendance, Audience, Event, EventKind, EventStatus, Registration, RegistrationStatus, Session

AUDIENCES = [a.value for a in Audience]


def _code(rng: Any, seen: set[str]) -> str:
    while (code := "".join(rng.choice(ALPHABET) for _ in range(LENGTH))) in seen:
        pass
    seen.add(code)
    return code


def generate(context: SyntheticContext) -> dict[str, int]:
    from sxsh.directory.models import AdministrativeUnit, Facility, Organisation, OrganisationKind

    rng = context.app_rng("events")
    districts = list(AdministrativeUnit.objects.filter(pk__in=context.district_ids).order_by("path"))
    divisions = Organisation.objects.filter(unit__in=districts, kind=OrganisationKind.ECONOMIC_DIVISION)
    having = set(divisions.values_list("unit_id", flat=True))  # the plans app may have created them
    organisers = bulk_insert(Organisation, (
        Organisation(name=f"Phòng Kinh tế {d.name}", short_name="Phòng Kinh tế", unit=d,
                     kind=OrganisationKind.ECONOMIC_DIVISION, search_text=fold(f"Phòng Kinh tế {d.name}"))
        for d in districts if d.pk not in having
    ))
    organiser = dict(divisions.order_by("-pk").values_list("unit_id", "pk"))
    facilities_by_district: dict[Any, list[tuple[Any, str]]] = {d.pk: [] for d in districts}
    for pk, name, district_id in Facility.objects.filter(pk__in=context.facility_ids).values_list(
            "pk", "name", "ward__parent_id"):
        facilities_by_district[district_id].append((pk, name))
    now = datetime.now(UTC)
    events = []
    for district in districts:
        for year in range(context.first_year, context.config.end_year + 1):
            for n in range(rng.randint(4, 8)):
                kind = rng.choice([EventKind.WORKSHOP, EventKind.WORKSHOP, EventKind.TRAINING, EventKind.STUDY_TOUR])
                start = datetime(year, rng.randint(1, 12), rng.randint(1, 28), 8, tzinfo=UTC)
                title = f"{kind.label} sản xuất sạch hơn {district.name} {n + 1}/{year}"
                events.append(Event(
                    kind=kind, title=title, slug=f"{district.code}-{year}-{n + 1}", description=title,
                    organiser_id=organiser[district.pk], venue=f"Hội trường UBND {district.name}",
                    capacity=rng.choice([40, 60, 80, 120]), status=EventStatus.PUBLISHED, unit=district,
                    registration_opens=start - timedelta(days=30), registration_closes=start - timedelta(days=1),
                    audiences=rng.sample(AUDIENCES, 2), starts_at=start, ends_at=start + timedelta(hours=4),
                    search_text=fold(title),
                ))
    count = bulk_insert(Event, events)
    created: list[tuple[Any, Any, Any, Any]] = list(Event.objects.filter(slug__in=[e.slug for e in events]).order_by("slug")
                   .values_list("pk", "unit_id", "capacity", "starts_at"))
    bulk_insert(Session, (Session(event_id=pk, title="Buổi 1", starts_at=start, ends_at=start + timedelta(hours=4))
                          for pk, _unit, _capacity, start in created))
    sessions = dict(Session.objects.filter(event_id__in=[c[0] for c in created]).values_list("event_id", "pk"))

    registrations = []
    codes_seen: set[str] = set()
    for pk, unit_id, capacity, _start in created:
        local: list[tuple[Any, str]] = facilities_by_district.get(unit_id) or [(None, "Cơ quan khác")]
        for i in range(rng.randint(capacity // 2, capacity + 10)):
            facility_id, facility_name = rng.choice(local) if rng.random() < 0.8 else (None, "Cơ quan khác")
            name = f"Người tham dự {i + 1}"
            code = _code(rng, codes_seen)
            email, phone = f"tg{pk}-{i}@example.vn", f"09{pk % 100:02d}{i:06d}"
            registrations.append(Registration(
                event_id=pk, code=code, full_name=name, organisation_name=facility_name[:255],
                audience=rng.choice(AUDIENCES), phone=phone, email=email, facility_id=facility_id,
                status=RegistrationStatus.CONFIRMED if i < capacity else RegistrationStatus.WAITLISTED,
                search_text=fold(" ".join([name, facility_name, code, email, phone])),
            ))
    registered = bulk_insert(Registration, registrations)
    past = {pk for pk, _u, _c, start in created if start < now}
    rows = Registration.objects.filter(event_id__in=past, status=RegistrationStatus.CONFIRMED).values_list(
        "pk", "event_id")
    attended = bulk_insert(Attendance, (Attendance(registration_id=r, session_id=sessions[e],
                                                   checked_in_at=now) for r, e in rows if rng.random() < 0.8))
    return {"events": count, "event_registrations": registered, "attendances": attended,
            "event_organisers": organisers}
