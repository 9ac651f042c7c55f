"""API: events public read, registrations scoped, check-in."""

import pytest
from django.test import Client

from sxsh.events import services
from sxsh.events.models import EventStatus

pytestmark = pytest.mark.django_db


def test_events_are_public_and_drafts_hidden(make_event):
    event = make_event(capacity=4)
    draft = make_event(status=EventStatus.DRAFT)
    client = Client()
    data = client.get("/api/events/events").json()
    assert data["count"] == 1 and data["items"][0]["slug"] == event.slug
    assert data["items"][0]["seats_left"] == 4 and data["items"][0]["registration_open"] is True
    detail = client.get(f"/api/events/events/{event.slug}").json()
    assert [s["title"] for s in detail["sessions"]] == ["Buổi 1", "Buổi 2"]
    response = client.get(f"/api/events/events/{draft.slug}")
    assert response.status_code == 404 and response.json()["message"]


def test_registrations_are_scoped(make_event, person, users, api_client_for, make_user, hang_bac, hang_dao,
                                  facility, other_facility):
    event = make_event(unit=hang_bac)
    mine = services.register(acting_user=None, event_id=event.pk, participant=person(facility_id=facility.pk))
    services.register(acting_user=None, event_id=event.pk, participant=person(facility_id=other_facility.pk))
    assert Client().get("/api/events/registrations").status_code == 401
    assert api_client_for(users["district"]).get("/api/events/registrations").json()["count"] == 2
    assert api_client_for(make_user("ward", unit=hang_bac)).get(
        f"/api/events/registrations?event_id={event.pk}").json()["count"] == 2
    other_ward = api_client_for(make_user("ward", unit=hang_dao))
    assert other_ward.get("/api/events/registrations").json()["count"] == 0
    assert other_ward.get(f"/api/events/registrations/{mine.pk}").status_code == 404
    enterprise = api_client_for(users["enterprise"])
    items = enterprise.get("/api/events/registrations").json()["items"]
    assert [i["code"] for i in items] == [mine.code]


def test_check_in_endpoint(make_event, person, users, api_client_for, make_user, hang_dao):
    event = make_event()
    reg = services.register(acting_user=None, event_id=event.pk, participant=person())
    officer = api_client_for(users["district"])
    url = f"/api/events/events/{event.pk}/checkin"
    response = officer.post(url, {"code": "ZZZZ2222"}, content_type="application/json")
    assert response.status_code == 422 and "ZZZZ2222" in response.json()["message"]
    response = officer.post(url, {"code": reg.code}, content_type="application/json")
    assert response.status_code == 422 and "chỉ điểm danh được trong ngày đó" in response.json()["message"]
    response = officer.post(url, {"code": reg.code, "override_reason": "Nhập bù danh sách giấy"},
                            content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["registration"]["code"] == reg.code and body["registration"]["attended"] is True
    assert body["already"] is False
    assert officer.post(url, {"code": reg.code}, content_type="application/json").json()["already"] is True
    assert api_client_for(users["enterprise"]).post(
        url, {"code": reg.code}, content_type="application/json").status_code == 404
    assert api_client_for(make_user("ward", unit=hang_dao)).post(
        url, {"code": reg.code}, content_type="application/json").status_code == 404
