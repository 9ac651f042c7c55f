"""The last seat is never given twice: concurrent registrations through the service."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from sxsh.events import services
from sxsh.events.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db(transaction=True)


def race(call: Callable[[Any], str], items: list[Any]) -> list[str]:
    """Run ``call(item)`` for every item in its own thread, all released at once; the sorted outcomes
    (what ``call`` returns, the ``field`` of an ``EventError``, "crash: …" for anything else). PostgreSQL only: an
    in-memory SQLite test database serialises threads anyway."""
    if connection.vendor == "sqlite":
        pytest.skip("an in-memory SQLite test database serialises threads anyway; run on PostgreSQL")
    barrier = threading.Barrier(len(items))
    outcomes: list[str] = []

    def worker(item: Any) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(call(item))
        except services.EventError as exc:
            outcomes.append(exc.field or "refused")
        except BaseException as exc:  # anything else is a failure the test must show
            outcomes.append(f"crash: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(outcomes)


def test_concurrent_registrations_never_overbook(make_event, person):
    event = make_event(capacity=3)
    outcomes = race(lambda p: services.register(acting_user=None, event_id=event.pk, participant=p).status,
                    [person() for _ in range(8)])
    assert outcomes == [RegistrationStatus.CONFIRMED] * 3 + [RegistrationStatus.WAITLISTED] * 5
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 5


def test_concurrent_duplicates_register_once(make_event, person):
    event = make_event(capacity=10)
    outcomes = race(lambda p: services.register(acting_user=None, event_id=event.pk, participant=p) and "ok",
                    [person(email="same@example.com") for _ in range(5)])
    assert len(outcomes) == 5 and outcomes.count("ok") == 1
    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.django_db
def test_sequential_last_seat(make_event, person):
    """The same guarantee without threads (holds on SQLite too)."""
    event = make_event(capacity=3)
    regs = [services.register(acting_user=None, event_id=event.pk, participant=person()) for _ in range(8)]
    assert sum(r.status == RegistrationStatus.CONFIRMED for r in regs) == 3


def test_two_officers_cannot_both_take_the_last_seat_with_walk_ins(make_event, person, users):
    event = make_event(capacity=2)
    services.register(acting_user=None, event_id=event.pk, participant=person())
    officer = users["district"]
    outcomes = race(lambda p: services.walk_in(acting_user=officer, event=event, participant=p,
                                                     override_reason="Buổi học bù") and "admitted",
                    [person() for _ in range(4)])
    assert outcomes == ["admitted"] + ["over_capacity"] * 3
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 2
