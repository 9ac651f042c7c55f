"""The last seat is never given twice: concurrent registrations through the service."""

import threading

import pytest
from django.db import connection, connections

from sxsh.events import services
from sxsh.events.models import Registration, RegistrationStatus


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook(make_event, person):
    if connection.vendor == "sqlite":
        pytest.skip("an in-memory SQLite test database serialises threads anyway; run on PostgreSQL")
    event = make_event(capacity=3)
    people = [person() for _ in range(8)]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def worker(p: services.Participant) -> None:
        try:
            barrier.wait(timeout=10)
            services.register(acting_user=None, event_id=event.pk, participant=p)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_register_once(make_event, person):
    if connection.vendor == "sqlite":
        pytest.skip("an in-memory SQLite test database serialises threads anyway; run on PostgreSQL")
    event = make_event(capacity=10)
    same = [person(email="same@example.com") for _ in range(5)]
    barrier = threading.Barrier(len(same))
    outcomes: list[str] = []

    def worker(p: services.Participant) -> None:
        try:
            barrier.wait(timeout=10)
            services.register(acting_user=None, event_id=event.pk, participant=p)
            outcomes.append("ok")
        except services.EventError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(p,)) for p in same]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["ok"] + ["refused"] * 4
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.django_db
def test_sequential_last_seat(make_event, person):
    """The same guarantee without threads (holds on SQLite too)."""
    event = make_event(capacity=3)
    regs = [services.register(acting_user=None, event_id=event.pk, participant=person()) for _ in range(8)]
    assert sum(r.status == RegistrationStatus.CONFIRMED for r in regs) == 3


@pytest.mark.django_db(transaction=True)
def test_two_officers_cannot_both_take_the_last_seat_with_walk_ins(make_event, person, users):
    if connection.vendor == "sqlite":
        pytest.skip("an in-memory SQLite test database serialises threads anyway; run on PostgreSQL")
    event = make_event(capacity=2)
    services.register(acting_user=None, event_id=event.pk, participant=person())
    officer = users["district"]
    people = [person() for _ in range(4)]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def worker(p: services.Participant) -> None:
        try:
            barrier.wait(timeout=10)
            services.walk_in(acting_user=officer, event=event, participant=p)
            outcomes.append("admitted")
        except services.EventError as exc:
            outcomes.append(exc.field or "")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["admitted"] + ["over_capacity"] * 3
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 2
