"""Fixtures of the events tests: organisers and events built around "now"."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sxsh.directory.models import AdministrativeUnit, Organisation, OrganisationKind
from sxsh.events import services
from sxsh.events.models import Audience, Event, EventKind, EventStatus, Session


@pytest.fixture
def economic(district: AdministrativeUnit) -> Organisation:
    return Organisation.objects.create(name="Phòng Kinh tế quận Hoàn Kiếm", kind=OrganisationKind.ECONOMIC_DIVISION,
                                       unit=district)


@pytest.fixture
def doit_org(district: AdministrativeUnit) -> Organisation:
    assert district.parent is not None
    return Organisation.objects.create(name="Sở Công Thương Hà Nội", kind=OrganisationKind.DOIT, unit=district.parent)


@pytest.fixture
def make_event(economic: Organisation, district: AdministrativeUnit) -> Callable[..., Event]:
    counter = {"n": 0}

    def make(capacity: int = 3, days: float = 2, sessions: int = 2, **fields: Any) -> Event:
        counter["n"] += 1
        now = timezone.now()
        start = now + timedelta(days=days)
        data: dict[str, Any] = {
            "kind": EventKind.WORKSHOP, "title": f"Hội thảo sản xuất sạch hơn {counter['n']}",
            "slug": f"hoi-thao-{counter['n']}", "organiser": economic, "unit": district,
            "venue": "126 Hàng Trống", "capacity": capacity, "status": EventStatus.PUBLISHED,
            "registration_opens": min(now, start) - timedelta(days=10), "registration_closes": start - timedelta(hours=1),
            "audiences": [Audience.TECHNICAL],
        }
        data.update(fields)
        event = Event.objects.create(**data)
        for i in range(sessions):
            Session.objects.create(event=event, title=f"Buổi {i + 1}", starts_at=start + timedelta(hours=4 * i),
                                   ends_at=start + timedelta(hours=4 * i + 3))
        services.refresh_span(event)
        return event

    return make


@pytest.fixture
def running_event(make_event: Callable[..., Event]) -> Callable[..., Event]:
    """An event under way today: "Buổi 1" ended a minute ago, "Buổi 2" started just now (ends in 3 hours).

    Registration stays open until the end, so the public form and the services accept registrations. Both
    sessions start today in the site's time zone (check-in is refused on another day) at any hour the tests
    run, but in the first three minutes after midnight.
    """

    def make(**fields: Any) -> Event:
        now = timezone.now()
        fields.setdefault("registration_closes", now + timedelta(hours=2))
        event = make_event(days=0, sessions=0, **fields)
        Session.objects.create(event=event, title="Buổi 1", starts_at=now - timedelta(minutes=3),
                               ends_at=now - timedelta(minutes=1))
        Session.objects.create(event=event, title="Buổi 2", starts_at=now, ends_at=now + timedelta(hours=3))
        services.refresh_span(event)
        return event

    return make


@pytest.fixture
def person() -> Callable[..., services.Participant]:
    counter = {"n": 0}

    def make(**fields: Any) -> services.Participant:
        counter["n"] += 1
        n = counter["n"]
        data: dict[str, Any] = {
            "full_name": f"Nguyễn Thị Hồng Nhung {n}", "organisation_name": "Công ty Dệt may Hàng Bạc",
            "audience": Audience.TECHNICAL, "phone": f"09120000{n:02d}", "email": f"nhung{n}@example.com",
            "position": "Kỹ sư",
        }
        data.update(fields)
        return services.Participant(**data)

    return make
