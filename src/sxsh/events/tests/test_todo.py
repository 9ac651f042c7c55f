"""The officer's to-do "Sự kiện cần điểm danh hôm nay": today's sessions with registrants still to check in,
how many, and the event leaves the list once everyone is in."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from sxsh.core.todo import todo_for
from sxsh.events import services
from sxsh.events.models import Session

TITLE = "Sự kiện cần điểm danh hôm nay"


def _waiting(user: Any) -> Any:
    (waiting,) = [w for w in todo_for(user) if w.title == TITLE]
    return waiting


def test_the_event_leaves_the_list_when_everyone_is_checked_in(running_event: Any, make_event: Any, person: Any,
                                                                users: Any, client_for: Any) -> None:
    event = running_event(title="Tập huấn kiểm toán năng lượng")
    first, second = (services.register(acting_user=None, event_id=event.pk, participant=person()) for _ in range(2))
    make_event(days=1, title="Hội thảo ngày mai")  # tomorrow: nothing to check in today
    now = timezone.now()
    over = make_event(days=0, sessions=1, title="Hội thảo đã xong buổi", registration_closes=now + timedelta(hours=2))
    services.register(acting_user=None, event_id=over.pk, participant=person())
    Session.objects.filter(event=over).update(starts_at=now - timedelta(minutes=2),
                                              ends_at=now - timedelta(minutes=1))  # over: nothing left at the door
    officer = client_for(users["district"])

    home = officer.get("/bang-dieu-khien/").content.decode()
    assert "Tập huấn kiểm toán năng lượng: còn 2 người chưa điểm danh" in home
    assert "Hội thảo ngày mai" not in home and "Hội thảo đã xong buổi" not in home
    assert _waiting(users["district"]).count == 1
    checkin = reverse("events:checkin", args=[event.pk])
    assert f'href="{checkin}"' in home

    assert officer.post(checkin, {"code": first.code}).status_code == 200
    assert "Tập huấn kiểm toán năng lượng: còn 1 người chưa điểm danh" in officer.get("/bang-dieu-khien/").content.decode()
    officer.post(checkin, {"code": second.code})
    assert second.attendances.count() == 1
    assert "Tập huấn kiểm toán năng lượng" not in officer.get("/bang-dieu-khien/").content.decode()
    assert _waiting(users["district"]).count == 0  # the kind stays, with nothing waiting


def test_a_registrant_missing_from_a_later_session_keeps_it_listed(make_event: Any, person: Any, users: Any) -> None:
    now = timezone.now()
    event = make_event(days=0, sessions=0, registration_closes=now + timedelta(hours=2))
    morning = Session.objects.create(event=event, title="Sáng", starts_at=now, ends_at=now + timedelta(minutes=30))
    Session.objects.create(event=event, title="Chiều", starts_at=now + timedelta(minutes=40),
                           ends_at=now + timedelta(minutes=50))
    services.refresh_span(event)
    registration = services.register(acting_user=None, event_id=event.pk, participant=person())
    services.check_in(acting_user=users["district"], event=event, code=registration.code, session_id=morning.pk)
    (item,) = _waiting(users["district"]).items
    assert item[0].endswith("còn 1 người chưa điểm danh")  # in for the first session, not yet for the second
    assert _waiting(users["ward"]).count == 0  # a district event: not the ward officer's to check in
