"""Indicators stay fresh without anyone pressing "Tính lại": every change of a source row reaches the workers'
periodic job, which recomputes the years the row counts (or counted) in and, once a day, the current year (a stock
as of today moves with the calendar).

- Saves, inserts (imports' bulk inserts too), bulk updates (``QuerySet.update()`` stamps ``updated_at``, see
  ``core.scoping``) and the admin: the job reads the rows whose ``updated_at`` is at or after its last look.
- Deletes (one row, a bulk delete, a cascade), and saves and bulk updates that move rows to other dates: the years
  the rows counted in *before* are kept as ``StaleYear`` rows written in the change's own transaction, with a few queries
  per delete or update whatever its number of rows (``pre_delete`` gathers in memory, the first ``post_delete``
  writes; rows reached through a relation, a registration's event, are read in one query per relation).
"""

from collections import defaultdict
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.db.models import Max, Min
from django.db.models.signals import post_delete, pre_delete, pre_save
from django.utils import timezone

from sxsh.core.scoping import before_update

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


def _sources() -> Iterator[tuple[type[models.Model], tuple[str, ...], bool]]:
    for label, (paths, stock) in SOURCE_MODELS.items():
        try:
            yield apps.get_model(label), paths, stock
        except LookupError:
            continue


def _attname(model: type[models.Model], name: str) -> str:
    """The column attribute of a field named by its name or its attname (``event`` → ``event_id``)."""
    field: Any = model._meta.get_field(name)
    return str(field.attname)


def _bounds(rows: Any, paths: tuple[str, ...]) -> set[int]:
    """The first and last years of the rows' dates (one query)."""
    bounds = rows.aggregate(**{f"min{i}": Min(p) for i, p in enumerate(paths)},
                            **{f"max{i}": Max(p) for i, p in enumerate(paths)})
    return {y for v in bounds.values() if (y := _year(v)) is not None}


def years_written_since(since: datetime) -> set[int]:
    """The years counted by the source rows written at or after ``since`` (two queries per source model at most:
    whether any was written, and the bounds of their dates)."""
    today = timezone.localdate().year
    years: set[int] = set()
    for model, paths, stock in _sources():
        written = model._default_manager.unscoped(COMPUTATION).filter(updated_at__gte=since)  # type: ignore[attr-defined]
        found = _bounds(written, paths) if paths else ({today} if written.exists() else set())
        if found:
            years |= _span(found, stock, today)
    return years


def mark_stale(found: dict[str, set[int]]) -> None:
    """Keep for the job the years that rows of each source model (label → the years of their dates) count in."""
    from .models import StaleYear

    today = timezone.localdate().year
    years = set().union(*(_span(ys, SOURCE_MODELS[label][1], today) for label, ys in found.items() if ys))
    StaleYear.objects.bulk_create([StaleYear(year=y) for y in sorted(years)])


@dataclass
class _Deleting:
    """What the rows being deleted counted in, gathered row by row before the delete, written once after it."""

    years: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # label → years of own dates
    related: dict[tuple[str, str], set[Any]] = field(default_factory=lambda: defaultdict(set))  # (label, path) → ids


_deleting: ContextVar[_Deleting | None] = ContextVar("sxsh_indicators_deleting", default=None)


def _before_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    label = sender._meta.label
    paths, _stock = SOURCE_MODELS[label]
    pending = _deleting.get()
    if pending is None:
        pending = _Deleting()
        _deleting.set(pending)
    own = pending.years[label]
    if not paths:
        own.add(timezone.localdate().year)
    for path in paths:
        head, _, rest = path.partition("__")
        value = getattr(instance, _attname(sender, head))
        if rest:
            pending.related[(label, path)].add(value)
        elif (year := _year(value)) is not None:
            own.add(year)


def _after_delete(sender: type[models.Model], **kwargs: Any) -> None:
    """Collector sends every ``pre_delete`` before the first ``post_delete``: the first one writes them all. A
    related row deleted in the same cascade (an event with its registrations) marked its own years."""
    pending = _deleting.get()
    if pending is None:
        return
    _deleting.set(None)
    for (label, path), ids in pending.related.items():
        head, _, rest = path.partition("__")
        related: Any = apps.get_model(label)._meta.get_field(head).related_model
        pending.years[label] |= _bounds(related._default_manager.unscoped(COMPUTATION).filter(
            pk__in=[i for i in ids if i is not None]), (rest,))
    mark_stale(pending.years)


def _before_update(sender: type[models.Model], queryset: Any, fields: set[str], **kwargs: Any) -> None:
    """A bulk update that writes a row's dates (or the relation they come through) moves it out of its old years."""
    label = sender._meta.label
    if label not in SOURCE_MODELS:
        return
    paths, _stock = SOURCE_MODELS[label]
    written = {_attname(sender, name) for name in fields}
    if any(_attname(sender, path.partition("__")[0]) in written for path in paths):
        mark_stale({label: _bounds(queryset.unscoped(COMPUTATION), paths)})


def _before_save(sender: type[models.Model], instance: models.Model, update_fields: Any = None, **kwargs: Any) -> None:
    """A saved row whose dates (or the relation they come through) changed leaves its old years (one query to
    compare, a second to mark; none when ``update_fields`` leaves the dates alone)."""
    paths, _stock = SOURCE_MODELS[sender._meta.label]
    heads = {_attname(sender, path.partition("__")[0]) for path in paths}
    if kwargs.get("raw") or instance._state.adding or not heads or (update_fields is not None and not heads & {
            _attname(sender, name) for name in update_fields}):
        return
    stored = sender._default_manager.unscoped(COMPUTATION).filter(pk=instance.pk)  # type: ignore[attr-defined]
    old = stored.values(*sorted(heads)).first()
    if old is not None and any(old[head] != getattr(instance, head) for head in heads):
        mark_stale({sender._meta.label: _bounds(stored, paths)})


def connect() -> None:
    """Listen to the saves and deletes of every source model, and to bulk updates (``IndicatorsConfig.ready``)."""
    for model, _paths, _stock in _sources():
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"indicators-stale-{model._meta.label}")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"indicators-stale-{model._meta.label}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"indicators-stale-{model._meta.label}")
    before_update.connect(_before_update, dispatch_uid="indicators-stale-update")


def refresh() -> list[int]:
    """Recompute the years whose sources were written since the last run, the years marked stale (rows deleted
    or moved) and, the first time each day, the current year. Returns the years recomputed.

    One worker at a time (a lock in the shared cache). The first run (nothing remembered) looks at nothing older
    than the newest stored value. A failed recomputation is looked at again by the next run.
    """
    from . import services
    from .models import IndicatorValue, StaleYear

    if not cache.add(LOCK, 1, LOCK_SECONDS):
        return []
    try:
        started = timezone.now()
        since = cache.get(LOOKED_AT) or IndicatorValue.objects.unscoped(COMPUTATION).aggregate(
            at=Max("computed_at"))["at"]
        years = years_written_since(since) if since is not None else set()
        marks = list(StaleYear.objects.values_list("pk", "year"))
        years |= {year for _pk, year in marks}
        today = timezone.localdate()
        daily = DAILY.format(day=today.isoformat())
        if cache.get(daily) is None:
            years.add(today.year)
        if years:
            services.recompute(acting_user=None, years=sorted(years))
        cache.set(LOOKED_AT, started, None)
        ids = [pk for pk, _year in marks]  # only those read: a mark written meanwhile waits for the next run
        for i in range(0, len(ids), 500):
            StaleYear.objects.filter(pk__in=ids[i:i + 500]).delete()
        cache.set(daily, 1, 26 * 60 * 60)
        return sorted(years)
    finally:
        cache.delete(LOCK)
