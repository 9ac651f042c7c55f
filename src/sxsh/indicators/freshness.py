"""Indicators stay fresh without anyone pressing "Tính lại": the workers' periodic job finds the source rows
written since its last look (their ``updated_at``: saves, imports' bulk inserts, the admin alike), recomputes the
years those rows count in and, once a day, the current year (a stock as of today moves with the calendar)."""

from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db.models import Max, Min
from django.utils import timezone

from .sources import COMPUTATION

#: The models the indicator sources (``sources.py``) read, with the dates (ORM paths) that say which years a
#: row counts in, and whether it is a stock (a facility's status or ward as of each period's end: it counts in
#: every later year too) or a flow (it counts in the years its dates span). No date: the current year.
SOURCE_MODELS: dict[str, tuple[tuple[str, ...], bool]] = {
    "directory.Facility": ((), True),
    "directory.CPStatusChange": (("effective_date",), True),
    "directory.FacilityWard": (("valid_from",), True),
    "events.Event": (("starts_at", "ends_at"), False),
    "events.Session": (("starts_at",), False),
    "events.Registration": (("event__starts_at",), False),
    "events.Attendance": (("session__starts_at",), False),
    "outreach.Distribution": (("distributed_on",), False),
    "assessments.Assessment": (("start_date", "end_date"), False),
    "assessments.Option": (("implemented_date",), False),
    "assessments.MonitoringSeries": ((), False),
    "assessments.Reading": (("period",), False),
    "assessments.MVAnalysis": (("reporting_start", "reporting_end"), False),
    "assessments.EmissionFactor": (("year",), False),
    "plans.Target": (("year",), False),
}
#: Years outside these bounds are never recomputed by the job (a wrong date must not start decades of work).
FIRST_YEAR, YEARS_AHEAD = 2000, 5
#: One run at a time across every worker (the shared cache), for at most this long.
LOCK, LOCK_SECONDS = "sxsh:indicators:refresh", 60 * 60
#: When the last run started looking (rows written from then on are looked at by the next run).
LOOKED_AT = "sxsh:indicators:looked-at"
DAILY = "sxsh:indicators:daily:{day}"


def _year(value: Any) -> int | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).year if timezone.is_aware(value) else value.year
    if isinstance(value, date):
        return value.year
    return value if isinstance(value, int) else None


def _span(years: set[int], stock: bool, today: int) -> set[int]:
    first, last = min(years), today if stock else max(years)
    first, last = max(first, FIRST_YEAR), min(max(first, last), today + YEARS_AHEAD)
    return set(range(first, last + 1))


def years_written_since(since: datetime) -> set[int]:
    """The years counted by the source rows written at or after ``since`` (two queries per source model at most:
    whether any was written, and the bounds of their dates)."""
    today = timezone.localdate().year
    years: set[int] = set()
    for label, (paths, stock) in SOURCE_MODELS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        written = model._default_manager.unscoped(COMPUTATION).filter(updated_at__gte=since)  # type: ignore[attr-defined]
        if not paths:
            if written.exists():
                years |= _span({today}, stock, today)
            continue
        bounds = written.aggregate(**{f"min{i}": Min(p) for i, p in enumerate(paths)},
                                   **{f"max{i}": Max(p) for i, p in enumerate(paths)})
        found = {y for v in bounds.values() if (y := _year(v)) is not None}
        if found:
            years |= _span(found, stock, today)
    return years


def refresh() -> list[int]:
    """Recompute the years whose sources were written since the last run and, the first time each day, the
    current year. Returns the years recomputed.

    One worker at a time (a lock in the shared cache). The first run (nothing remembered) looks at nothing older
    than the newest stored value. A failed recomputation is looked at again by the next run.
    """
    from . import services
    from .models import IndicatorValue

    if not cache.add(LOCK, 1, LOCK_SECONDS):
        return []
    try:
        started = timezone.now()
        since = cache.get(LOOKED_AT) or IndicatorValue.objects.unscoped(COMPUTATION).aggregate(
            at=Max("computed_at"))["at"]
        years = years_written_since(since) if since is not None else set()
        today = timezone.localdate()
        daily = DAILY.format(day=today.isoformat())
        if cache.get(daily) is None:
            years.add(today.year)
        if years:
            services.recompute(acting_user=None, years=sorted(years))
        cache.set(LOOKED_AT, started, None)
        cache.set(daily, 1, 26 * 60 * 60)
        return sorted(years)
    finally:
        cache.delete(LOCK)
