"""Where each indicator's numbers come from: one small function per indicator code.

A source gets the period and a per-run cache and returns the *facts* behind the indicator: one per
record (a facility, an event, a distribution…) with the record's ward path, its VSIC division (when
it has one) and what it adds to the numerator and the denominator. The engine in ``services`` sums
the facts into every administrative unit × sector, so a value can always be drilled down to the
records behind it.

A source whose app or model does not exist yet returns ``None`` ("no data"), never a made-up number.
Sources call the other apps' selectors where those offer a function, and read their models otherwise.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models

from .periods import Period

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class Fact:
    record_id: int
    unit_path: str  # materialised path of the record's ward (or of the unit that organised it)
    sector_id: int | None
    numerator: Decimal
    denominator: Decimal | None = None


@dataclass
class SourceResult:
    record_model: str  # "directory.facility": what ``record_id`` refers to
    facts: list[Fact] = field(default_factory=list)
    by_sector: bool = True  # whether the facts carry a sector (then per-sector values are computed)


Source = Callable[[Period, dict[str, Any]], SourceResult | None]
SOURCES: dict[str, Source] = {}


def source(code: str) -> Callable[[Source], Source]:
    def register(fn: Source) -> Source:
        SOURCES[code] = fn
        return fn

    return register


def model_or_none(label: str) -> type[models.Model] | None:
    """The model ``app_label.ModelName`` or None when that app has not (yet) defined it."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def function_or_none(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(import_module(module), name, None)  # type: ignore[no-any-return]
    except ImportError:
        return None


def compute(code: str, period: Period, cache: dict[str, Any] | None = None) -> SourceResult | None:
    fn = SOURCES.get(code)
    if fn is None:
        return None
    return fn(period, {} if cache is None else cache)


# --- directory: facilities and their CP status history ---------------------------------------------

AWARE = frozenset({"aware", "committed", "applying", "sustaining"})
APPLYING = frozenset({"applying", "sustaining"})


@dataclass(frozen=True)
class FacilityState:
    id: int
    ward_path: str
    sector_id: int
    key_group: str
    supporting: bool
    status: str


def facility_states(on: date, cache: dict[str, Any]) -> list[FacilityState]:
    """Each facility known by ``on`` (it has a status record dated on or before) with its status then."""
    key = f"facility_states:{on.isoformat()}"
    if key in cache:
        return cache[key]  # type: ignore[no-any-return]
    from sxsh.directory.models import CPStatusChange, Facility

    latest: dict[int, str] = {}
    changes = CPStatusChange.objects.filter(effective_date__lte=on).order_by("facility_id", "effective_date", "id")
    for facility_id, status in changes.values_list("facility_id", "status").iterator(chunk_size=5000):
        latest[facility_id] = status
    rows = Facility.objects.filter(pk__in=list(latest)).values_list(
        "pk", "ward__path", "sector_id", "sector__key_group", "supporting_industry"
    )
    states = [FacilityState(pk, path, sector, group or "", bool(sup), latest[pk]) for pk, path, sector, group, sup in rows]
    cache[key] = states
    return states


def _facility_share(period: Period, cache: dict[str, Any], statuses: frozenset[str]) -> SourceResult:
    facts = [
        Fact(s.id, s.ward_path, s.sector_id, ONE if s.status in statuses else ZERO, ONE)
        for s in facility_states(period.end, cache)
    ]
    return SourceResult("directory.facility", facts)


@source("cp_aware_share")
def cp_aware_share(period: Period, cache: dict[str, Any]) -> SourceResult:
    return _facility_share(period, cache, AWARE)


@source("cp_applying_share")
def cp_applying_share(period: Period, cache: dict[str, Any]) -> SourceResult:
    return _facility_share(period, cache, APPLYING)


@source("key_sector_facilities")
def key_sector_facilities(period: Period, cache: dict[str, Any]) -> SourceResult:
    facts = [Fact(s.id, s.ward_path, s.sector_id, ONE) for s in facility_states(period.end, cache) if s.key_group]
    return SourceResult("directory.facility", facts)


@source("supporting_industry_facilities")
def supporting_industry_facilities(period: Period, cache: dict[str, Any]) -> SourceResult:
    facts = [Fact(s.id, s.ward_path, s.sector_id, ONE) for s in facility_states(period.end, cache) if s.supporting]
    return SourceResult("directory.facility", facts)
