"""The periodic job keeps the indicators fresh: the years whose sources were written, and the current year daily."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from freezegun import freeze_time

from sxsh.indicators import freshness
from sxsh.indicators.models import IndicatorValue
from sxsh.indicators.tests.conftest import history
from sxsh.tasks import periodic


def _applying_share(unit: Any, year: int = 2019) -> Decimal | None:
    value = IndicatorValue.objects.unscoped("the test reads the stored value").get(
        indicator__code="cp_applying_share", year=year, period_kind="year", unit=unit, sector=None, view="reported")
    return value.value


@pytest.fixture(autouse=True)
def _forget_runs() -> None:
    cache.delete_many([freshness.LOOKED_AT, freshness.LOCK, freshness.DAILY.format(day=timezone.localdate().isoformat())])


def test_a_source_change_is_recomputed_by_the_periodic_job(world: Any, hang_bac: Any) -> None:
    assert "sxsh.indicators.tasks.keep_fresh" in periodic.JOBS  # every worker's beat runs it
    this_year = timezone.localdate().year
    assert freshness.refresh() == [this_year]  # nothing written since 2019 was computed: only today's year
    assert freshness.refresh() == []  # nothing written since, and the day's run is done
    assert _applying_share(hang_bac) == Decimal(50)
    history(world["hb_aware"], ("applying", date(2019, 12, 1)))  # a status as of 2019: every year since moves
    assert freshness.refresh() == list(range(2019, this_year + 1))
    assert _applying_share(hang_bac) == Decimal(75)  # nobody pressed "Tính lại"
    assert freshness.refresh() == []
    with freeze_time(timezone.now() + timedelta(days=1)):
        assert freshness.refresh() == [timezone.localdate().year]  # the next day: the current year again


def test_the_years_a_written_row_counts_in(world: Any, hang_bac: Any) -> None:
    from sxsh.directory.models import Organisation, OrganisationKind
    from sxsh.events.models import Event, Session

    since = timezone.now()
    this_year = timezone.localdate().year
    assert freshness.years_written_since(since) == set()
    organiser = Organisation.objects.create(name="Phòng Kinh tế", kind=OrganisationKind.ECONOMIC_DIVISION,
                                            unit=hang_bac)
    event = Event.objects.create(kind="workshop", title="Hội thảo 2027", organiser=organiser, unit=hang_bac,
                                 venue="Hà Nội", capacity=10, registration_opens=since, registration_closes=since)
    start = timezone.make_aware(timezone.datetime(2027, 3, 1, 8))
    Session.objects.create(event=event, title="Sáng", starts_at=start, ends_at=start + timedelta(hours=3))
    assert freshness.years_written_since(since) == {2027}  # a flow: the years of its dates only
    later = timezone.now()
    history(world["hb_late"], ("sustaining", date(2021, 4, 1)))
    assert freshness.years_written_since(later) == set(range(2021, this_year + 1))  # a stock: up to today


def test_only_one_worker_refreshes_at_a_time(world: Any) -> None:
    assert cache.add(freshness.LOCK, 1, 60)  # another worker is at it
    try:
        assert freshness.refresh() == []
    finally:
        cache.delete(freshness.LOCK)
