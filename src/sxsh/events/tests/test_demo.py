from datetime import date

import pytest

from sxsh.accounts import demo as accounts_demo
from sxsh.directory import demo as directory_demo
from sxsh.events import demo, selectors
from sxsh.events.models import Event, Feedback, Registration
from sxsh.plans import demo as plans_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_and_feeds_the_indicators():
    directory_demo.load()
    accounts_demo.load()
    plans_demo.load()
    demo.load()
    counts = (Event.objects.count(), Registration.objects.count())
    demo.load()
    assert (Event.objects.count(), Registration.objects.count()) == counts
    workshop = Event.objects.get(slug="hoi-thao-sxsh-2019")
    assert "Sở Công Thương Hà Nội" in [o.name for o in workshop.co_organisers.all()]
    assert Feedback.objects.exists()
    assert workshop.plan_activity is not None and "hội thảo" in workshop.plan_activity.title
    assert Registration.objects.filter(event=workshop, attendances__isnull=False).distinct().count() > 90
    assert Event.objects.get(slug="hoi-thao-sxsh-2027").registration_is_open
    from sxsh.accounts.models import User

    result = selectors.indicator_counts(User.objects.get(username="quan"), date(2019, 1, 1), date(2019, 12, 31))
    assert result["events_by_kind"]["workshop"] == 1 and result["events_by_kind"]["training"] == 2
    assert result["attendees"] > 50 and result["facilities_represented"] > 10
