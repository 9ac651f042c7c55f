"""The periodic job keeps the indicators fresh: the years whose sources were written, updated in bulk, moved or
deleted, and the current year daily."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from sxsh.directory.models import CPStatusChange
from sxsh.indicators import freshness
from sxsh.indicators.models import IndicatorValue, StaleYear
from sxsh.indicators.tests.conftest import history
from sxsh.tasks import periodic


def _value(code: str, unit: Any, year: int = 2019) -> Decimal | None:
    value = IndicatorValue.objects.unscoped("the test reads the stored value").get(
        indicator__code=code, year=year, period_kind="year", unit=unit, sector=None, view="reported")
    return value.value


def _applying_share(unit: Any, year: int = 2019) -> Decimal | None:
    return _value("cp_applying_share", unit, year)


def _event_2019(unit: Any) -> Any:
    """A workshop held in Hàng Bạc in 2019 (its only session on 12/09/2019)."""
    from sxsh.directory.models import Organisation, OrganisationKind
    from sxsh.events.models import Event, Session

    start = timezone.make_aware(timezone.datetime(2019, 9, 12, 8))
    organiser = Organisation.objects.create(name="Phòng Kinh tế", kind=OrganisationKind.ECONOMIC_DIVISION, unit=unit)
    event = Event.objects.create(kind="workshop", title="Hội thảo SXSH 2019", slug="hoi-thao-2019", organiser=organiser,
                                 unit=unit, venue="Hà Nội", capacity=10, registration_opens=start,
                                 registration_closes=start, status="published", starts_at=start,
                                 ends_at=start + timedelta(hours=3))
    Session.objects.create(event=event, title="Sáng", starts_at=start, ends_at=start + timedelta(hours=3))
    return event


def _settled() -> None:
    """The day's run done and nothing left to look at: what follows is the change under test only."""
    assert timezone.localdate().year in freshness.refresh()
    assert freshness.refresh() == []


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


def test_a_bulk_update_of_2019_statuses_is_recomputed(world: Any, hang_bac: Any) -> None:
    _settled()
    assert _applying_share(hang_bac) == Decimal(50)
    changed = CPStatusChange.objects.filter(facility=world["hb_aware"], effective_date__year=2019, status="aware")
    assert changed.update(status="applying") == 1  # no save(), no updated_at given: the queryset stamps it
    assert freshness.refresh() == list(range(2019, timezone.localdate().year + 1))  # a stock: 2019 to today
    assert _applying_share(hang_bac) == Decimal(75)


def test_rows_moved_to_other_dates_recompute_their_old_years(world: Any, hang_bac: Any) -> None:
    _settled()
    moved = CPStatusChange.objects.filter(facility=world["hb_applying"], status="applying")
    moved.update(effective_date=date(2021, 3, 1))  # applying from 2021, not 2019: 2019 and 2020 change too
    assert StaleYear.objects.filter(year=2019).exists()  # the old year, written with the update
    assert freshness.refresh() == list(range(2019, timezone.localdate().year + 1))
    assert _applying_share(hang_bac) == Decimal(25)
    assert not StaleYear.objects.exists()  # done with


def test_a_saved_row_moved_to_another_year_recomputes_the_old_one(world: Any, hang_bac: Any) -> None:
    from sxsh.indicators import services

    event = _event_2019(hang_bac)
    services.recompute(acting_user=None, years=[2019])
    _settled()
    assert _value("events_held", hang_bac) == 1
    event.starts_at, event.ends_at = event.starts_at.replace(year=2020), event.ends_at.replace(year=2020)  # corrected
    event.save()
    assert freshness.refresh() == [2019, 2020]
    assert _value("events_held", hang_bac) == 0
    event.title = "Hội thảo SXSH"
    event.save()  # dates unchanged: its own year only (through updated_at), no mark
    assert not StaleYear.objects.exists()
    assert freshness.refresh() == [2020]


def test_a_deleted_status_is_recomputed(world: Any, hang_bac: Any) -> None:
    _settled()
    world["hb_applying"].status_history.get(status="applying").delete()
    assert freshness.refresh() == list(range(2019, timezone.localdate().year + 1))
    assert _applying_share(hang_bac) == Decimal(25)


def test_a_deleted_2019_event_recomputes_2019_only(world: Any, hang_bac: Any) -> None:
    from sxsh.indicators import services

    event = _event_2019(hang_bac)
    services.recompute(acting_user=None, years=[2019])
    _settled()
    assert _value("events_held", hang_bac) == 1
    event.delete()  # its session goes with it (a cascade)
    assert freshness.refresh() == [2019]  # a flow: its own year, nothing else
    assert _value("events_held", hang_bac) == 0


def test_a_bulk_delete_of_ten_thousand_rows_costs_a_few_queries(world: Any, hang_bac: Any) -> None:
    from sxsh.events.models import Registration

    event = _event_2019(hang_bac)
    Registration.objects.bulk_create([Registration(
        event=event, code=f"R{i:06d}", full_name=f"Người {i}", organisation_name="Cơ sở", audience="enterprise",
        phone=f"09{i:08d}", email=f"nguoi{i}@example.vn", status="confirmed") for i in range(10_000)])
    _settled()
    with CaptureQueriesContext(connection) as queries:
        assert Registration.objects.filter(event=event).delete()[0] >= 10_000
    assert len(queries) < 10_000 / 50  # Django deletes in batches of 100 rows: no query per row
    ours = [q["sql"] for q in queries.captured_queries if "events_event" in q["sql"] or "staleyear" in q["sql"]]
    assert len(ours) == 2  # the years of the rows' events (one query), then the marks (one insert)
    assert sorted(StaleYear.objects.values_list("year", flat=True)) == [2019]  # through each row's event
    assert freshness.refresh() == [2019]


def test_a_date_reached_through_a_relation_is_also_a_date_of_that_source() -> None:
    """So a cascade that deletes the related row too (a session with its attendances) still marks its years."""
    from django.apps import apps

    for label, (paths, _stock) in freshness.SOURCE_MODELS.items():
        for path in paths:
            head, _, rest = path.partition("__")
            if rest:
                related = apps.get_model(label)._meta.get_field(head).related_model
                assert rest in freshness.SOURCE_MODELS[related._meta.label][0], path
