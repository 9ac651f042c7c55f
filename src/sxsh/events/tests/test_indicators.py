"""indicator_counts: events held by kind, participants and attendees by category, ward and sector."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from sxsh.events import selectors, services
from sxsh.events.models import Attendance, EventStatus, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def _past_event(make_event, **kw):
    return make_event(days=-5, **kw)


def _reg(event, person, status=RegistrationStatus.CONFIRMED, **kw):
    p, _claimed = services._clean_participant(person(**kw))
    from sxsh.events import codes

    fields = {k: v for k, v in p.__dict__.items() if k != "tax_code"}
    return Registration.objects.create(event=event, code=codes.new_code(), status=status, **fields)


def test_counts(make_event, person, users, facility, other_facility, hang_bac, hang_dao):
    workshop = _past_event(make_event)
    training = _past_event(make_event, kind="training")
    _past_event(make_event, status=EventStatus.CANCELLED)
    make_event(days=10)  # future: not held yet
    a = _reg(workshop, person, audience="technical", facility_id=facility.pk)
    b = _reg(workshop, person, audience="state_official")
    _reg(workshop, person, audience="production", facility_id=other_facility.pk)
    c = _reg(training, person, audience="technical", facility_id=facility.pk)
    _reg(training, person, status=RegistrationStatus.CANCELLED, audience="technical")
    for r in (a, b, c):
        Attendance.objects.create(registration=r, session=r.event.sessions.first())
    today = timezone.localdate()
    counts = selectors.indicator_counts(users["district"], today - timedelta(days=30), today)
    assert counts["events"] == 2
    assert counts["events_by_kind"] == {"workshop": 1, "training": 1, "study_tour": 0}
    assert counts["participants"] == 4 and counts["attendees"] == 3
    assert counts["by_audience"]["technical"] == {"participants": 2, "attendees": 2}
    assert counts["by_audience"]["state_official"] == {"participants": 1, "attendees": 1}
    assert counts["by_audience"]["production"] == {"participants": 1, "attendees": 0}
    wards = {w["ward"]: (w["participants"], w["attendees"]) for w in counts["by_ward"]}
    assert wards == {hang_bac.name: (2, 2), hang_dao.name: (1, 0)}
    assert counts["by_sector"][0]["sector_code"] == facility.sector.code
    assert counts["without_facility"] == {"participants": 1, "attendees": 1}
    assert counts["facilities_represented"] == 1
    # Period and scope.
    assert selectors.indicator_counts(users["district"], date(2019, 1, 1), date(2019, 12, 31))["events"] == 0
    assert selectors.indicator_counts(users["enterprise"], today - timedelta(days=30), today)["events"] == 0
    assert selectors.indicator_counts(users["ward"], today - timedelta(days=30), today, unit=hang_bac)["events"] == 0
