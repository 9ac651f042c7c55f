"""Where each indicator's numbers come from: one small function per indicator code.

A source gets the period and a per-run cache and returns the *facts* behind the indicator: one per
record (a facility, an event, a distribution…) with the record's ward path, its VSIC division (when
it has one) and what it adds to the numerator and the denominator. Where the database can sum the
records itself (the facilities' CP status), a source returns *groups* instead: the records of one
ward × sector already summed, with the ids of those behind the numerator. The engine sums facts and
groups into every administrative unit × sector, so a value can always be drilled down to the records
behind it.

A source whose app or model does not exist yet returns ``None`` ("no data"), never a made-up number.
Sources call the other apps' selectors where those offer a function, and read their models otherwise.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import import_module
from typing import Any, NamedTuple

from django.apps import apps
from django.db import models

from .periods import Period

ZERO = Decimal(0)
#: The reason of the reads below: the indicators are computed by a system job over every unit.
COMPUTATION = "indicator computation: a system job over every unit"
ONE = Decimal(1)


class Fact(NamedTuple):
    """Immutable like the frozen dataclass it was, but cheap to build (a city gives ~20,000 per period)."""

    record_id: int
    unit_path: str  # materialised path of the record's ward (or of the unit that organised it)
    sector_id: int | None
    numerator: Decimal
    denominator: Decimal | None = None


class Group(NamedTuple):
    """Records of one unit × sector summed by the database; ``record_ids``: those behind a non-zero numerator."""

    unit_path: str
    sector_id: int | None
    numerator: Decimal
    denominator: Decimal | None
    record_ids: list[int]


@dataclass
class SourceResult:
    record_model: str  # "directory.facility": what ``record_id`` refers to
    facts: list[Fact] = field(default_factory=list)
    by_sector: bool = True  # whether the facts carry a sector (then per-sector values are computed)
    groups: list[Group] = field(default_factory=list)
    #: record id -> why its figure is unknown (a missing emission factor): a value it belongs to is "no data"
    missing: dict[int, str] = field(default_factory=dict)
    #: records whose figure depends on an estimate (an estimated emission factor): their values say so
    estimated: set[int] = field(default_factory=set)


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


#: The cache key naming the day whose ward each facility is counted in: the period's last day for the
#: "as reported" view (the ward it was in then, from its ward history), None for "restated" (today's ward).
WARDS_ON = "wards_on"


class StatusCell(NamedTuple):
    """The facilities of one ward × sector known on a day (a status record dated on or before it): how
    many, and the ids of those in each class as the database joined them (parsed by ``ids`` when used).
    ``ward_path`` is the ward they were in on that day, ``current_path`` the ward they are in today."""

    ward_path: str
    current_path: str
    sector_id: int
    known: int
    aware: str | None
    applying: str | None
    supporting: str | None
    key_sector: str | None

    def ids(self, kind: str) -> list[int]:
        """The ids of the cell's facilities of one class: "aware", "applying", "supporting", "key_sector"."""
        joined: str | None = getattr(self, kind)
        return list(map(int, joined.split(","))) if joined else []


#: Each facility's latest status on a day: PostgreSQL's DISTINCT ON reads the history sorted once;
#: SQLite (no DISTINCT ON) numbers each facility's records with a window function.
_LATEST_STATUS = {
    "postgresql": """SELECT DISTINCT ON (c.facility_id) c.facility_id, c.status FROM {changes} c
        WHERE c.effective_date <= %s ORDER BY c.facility_id, c.effective_date DESC, c.id DESC""",
    "sqlite": """SELECT facility_id, status FROM (
        SELECT c.facility_id, c.status,
               ROW_NUMBER() OVER (PARTITION BY c.facility_id ORDER BY c.effective_date DESC, c.id DESC) AS rn
        FROM {changes} c WHERE c.effective_date <= %s) WHERE rn = 1""",
}

_STATUS_SQL = """
WITH latest AS ({latest})
SELECT COALESCE(h.ward_id, f.ward_id), f.ward_id, f.sector_id, COUNT(*), {aware}, {applying}, {supporting},
       {key_sector}
FROM latest r
JOIN {facilities} f ON f.id = r.facility_id
JOIN {sectors} s ON s.id = f.sector_id
LEFT JOIN {history} h ON h.facility_id = f.id AND (h.valid_from IS NULL OR h.valid_from <= %s)
                     AND (h.valid_to IS NULL OR h.valid_to >= %s)
GROUP BY COALESCE(h.ward_id, f.ward_id), f.ward_id, f.sector_id
"""


def status_cells(on: date, cache: dict[str, Any]) -> list[StatusCell]:
    """Each ward × sector's facilities by their latest CP status on ``on`` (by effective date, then id).

    One statement summed in the database: each facility's latest status (``_LATEST_STATUS``), then the
    facilities counted per ward on that day × today's ward × sector (the ward history step covering the
    day, else the facility's ward) with the ids behind each status class listed (``GROUP_CONCAT`` /
    ``STRING_AGG``) for the drill-down. Shared by the four status indicators and by both views.
    """
    from django.db import connection

    from sxsh.directory.models import AdministrativeUnit, CPStatusChange, Facility, FacilityWard, Sector

    key = f"status_cells:{on.isoformat()}"
    if key in cache:
        return cache[key]  # type: ignore[no-any-return]
    if "unit_paths" not in cache:
        cache["unit_paths"] = dict(AdministrativeUnit.objects.unscoped(COMPUTATION).values_list("pk", "path"))
    paths: dict[int, str] = cache["unit_paths"]

    def ids_where(condition: str) -> str:  # the ids of the group's facilities meeting the condition
        if connection.vendor == "postgresql":
            return f"STRING_AGG(CAST(CASE WHEN {condition} THEN f.id END AS TEXT), ',')"
        return f"GROUP_CONCAT(CASE WHEN {condition} THEN f.id END)"

    quote = connection.ops.quote_name
    latest = _LATEST_STATUS["postgresql" if connection.vendor == "postgresql" else "sqlite"]
    sql = _STATUS_SQL.format(
        latest=latest.format(changes=quote(CPStatusChange._meta.db_table)), facilities=quote(Facility._meta.db_table),
        sectors=quote(Sector._meta.db_table), history=quote(FacilityWard._meta.db_table),
        aware=ids_where(f"r.status IN ({', '.join(['%s'] * len(AWARE))})"),
        applying=ids_where(f"r.status IN ({', '.join(['%s'] * len(APPLYING))})"),
        supporting=ids_where("f.supporting_industry"), key_sector=ids_where("s.key_group <> ''"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [on, *sorted(AWARE), *sorted(APPLYING), on, on])
        rows = cursor.fetchall()
    cells = [StatusCell(paths[ward], paths[current], sector, *rest) for ward, current, sector, *rest in rows]
    cache[key] = cells
    return cells


def _status_groups(period: Period, cache: dict[str, Any], kind: str, share: bool) -> SourceResult:
    """Facilities of a status class per ward × sector: as a share of the known ones, or a count."""
    groups = []
    dated = cache.get(WARDS_ON) is not None
    for c in status_cells(period.end, cache):
        ids = c.ids(kind)
        if share or ids:
            groups.append(Group(c.ward_path if dated else c.current_path, c.sector_id, Decimal(len(ids)),
                                Decimal(c.known) if share else None, ids))
    return SourceResult("directory.facility", groups=groups)


@source("cp_aware_share")
def cp_aware_share(period: Period, cache: dict[str, Any]) -> SourceResult:
    return _status_groups(period, cache, "aware", share=True)


@source("cp_applying_share")
def cp_applying_share(period: Period, cache: dict[str, Any]) -> SourceResult:
    return _status_groups(period, cache, "applying", share=True)


@source("key_sector_facilities")
def key_sector_facilities(period: Period, cache: dict[str, Any]) -> SourceResult:
    return _status_groups(period, cache, "key_sector", share=False)


@source("supporting_industry_facilities")
def supporting_industry_facilities(period: Period, cache: dict[str, Any]) -> SourceResult:
    return _status_groups(period, cache, "supporting", share=False)


# --- a system reader for other apps' user-scoped selectors -----------------------------------------

class SystemReader:
    """Reads everything, like an administrator, for the recomputation (never a logged-in person)."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = False
    role = "admin"
    pk = None
    id = None
    unit_id = None
    username = "system"
    scope_path = ""
    facility_ids: list[int] = []


SYSTEM = SystemReader()


def _local_bounds(period: Period) -> tuple[Any, Any]:
    from datetime import datetime, time

    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return datetime.combine(period.start, time.min, tzinfo=tz), datetime.combine(period.end, time.max, tzinfo=tz)


# --- events: events held, workshops, people trained --------------------------------------------------

def _held_events(period: Period) -> Any:
    """Events held in the period, as the events app defines it (``selectors.indicator_counts``):
    published, first session starting in the period and not in the future."""
    event = model_or_none("events.Event")
    if event is None:
        return None
    from django.utils import timezone

    start, end = _local_bounds(period)
    return event._default_manager.unscoped(COMPUTATION).filter(  # type: ignore[attr-defined]
        status="published", starts_at__range=(start, end), starts_at__lte=timezone.now()
    )


def _event_facts(period: Period, kind: str = "") -> SourceResult | None:
    events = _held_events(period)
    if events is None:
        return None
    if kind:
        events = events.filter(kind=kind)
    facts = [Fact(pk, path, None, ONE) for pk, path in events.values_list("pk", "unit__path")]
    return SourceResult("events.event", facts, by_sector=False)


@source("events_held")
def events_held(period: Period, cache: dict[str, Any]) -> SourceResult | None:
    return _event_facts(period)


@source("workshops_held")
def workshops_held(period: Period, cache: dict[str, Any]) -> SourceResult | None:
    return _event_facts(period, "workshop")


@source("people_trained")
def people_trained(period: Period, cache: dict[str, Any]) -> SourceResult | None:
    """Attendees (confirmed registrations checked in at least once) of the events held in the period."""
    events = _held_events(period)
    registration = model_or_none("events.Registration")
    attendance = model_or_none("events.Attendance")
    if events is None or registration is None or attendance is None:
        return None
    from django.db.models import Count, Exists, OuterRef, Q

    came = Exists(attendance._default_manager.unscoped(COMPUTATION).filter(registration=OuterRef("pk")))  # type: ignore[attr-defined]
    regs = registration._default_manager.unscoped(COMPUTATION).filter(event__in=events.values("pk"), status="confirmed").annotate(came=came)  # type: ignore[attr-defined]
    per_event = regs.values_list("event_id", "event__unit__path").annotate(n=Count("pk", filter=Q(came=True)))
    facts = [Fact(pk, path, None, Decimal(n)) for pk, path, n in per_event.order_by()]
    return SourceResult("events.event", facts, by_sector=False)


# --- outreach: handbooks and technical guides distributed -------------------------------------------

HANDBOOK_KINDS = ("handbook", "technical")


@source("handbooks_distributed")
def handbooks_distributed(period: Period, cache: dict[str, Any]) -> SourceResult | None:
    distribution = model_or_none("outreach.Distribution")
    if distribution is None:
        return None
    rows = distribution._default_manager.unscoped(COMPUTATION).filter(  # type: ignore[attr-defined]
        document__kind__in=HANDBOOK_KINDS, distributed_on__range=(period.start, period.end)
    ).values_list("pk", "unit__path", "facility__sector_id", "copies")
    facts = [Fact(pk, path, sector, Decimal(copies)) for pk, path, sector, copies in rows]
    return SourceResult("outreach.distribution", facts)


# --- assessments: facilities supported, money saved, tCO2e avoided ----------------------------------

def _ward_paths(cache: dict[str, Any]) -> dict[int, str]:
    """Facility id → the path of the ward it was in on ``cache[WARDS_ON]``, for the facilities whose ward
    history says so (the others: their current ward); empty for the restated view."""
    day = cache.get(WARDS_ON)
    if day is None:
        return {}
    key = f"ward_paths:{day.isoformat()}"
    if key not in cache:
        from django.db.models import Q

        from sxsh.directory.models import FacilityWard

        cache[key] = dict(FacilityWard.objects.unscoped(COMPUTATION).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        ).values_list("facility_id", "ward__path"))
    return cache[key]  # type: ignore[no-any-return]


def _facility_index(cache: dict[str, Any]) -> dict[int, tuple[str, int, str, bool]]:
    if "facility_index" not in cache:
        from sxsh.directory.models import Facility

        cache["facility_index"] = {
            pk: (path, sector, group or "", bool(sup))
            for pk, path, sector, group, sup in Facility.objects.unscoped(COMPUTATION).values_list(
                "pk", "ward__path", "sector_id", "sector__key_group", "supporting_industry")
        }
    return cache["facility_index"]  # type: ignore[no-any-return]


@source("facilities_supported")
def facilities_supported(period: Period, cache: dict[str, Any]) -> SourceResult | None:
    """Key-sector or supporting-industry facilities with a CP assessment under way during the period."""
    assessment = model_or_none("assessments.Assessment")
    if assessment is None:
        return None
    from django.db.models import Q

    ids = set(assessment._default_manager.unscoped(COMPUTATION).filter(  # type: ignore[attr-defined]
        Q(end_date__isnull=True) | Q(end_date__gte=period.start), start_date__lte=period.end,
    ).values_list("facility_id", flat=True))
    index, wards = _facility_index(cache), _ward_paths(cache)
    facts = [
        Fact(pk, wards.get(pk, index[pk][0]), index[pk][1], ONE)
        for pk in sorted(ids) if pk in index and (index[pk][2] or index[pk][3])
    ]
    return SourceResult("directory.facility", facts)


def _results(period: Period, cache: dict[str, Any]) -> list[dict[str, Any]] | None:
    key = f"assessment_results:{period.start}:{period.end}"
    if key not in cache:
        fn = function_or_none("sxsh.assessments.selectors", "facility_results")
        computed = [result for _pk, result in _mv_results(cache) or []]
        cache[key] = None if fn is None else fn(SYSTEM, date_from=period.start, date_to=period.end, computed=computed)
    return cache[key]  # type: ignore[no-any-return]


def _results_source(period: Period, cache: dict[str, Any], field: str) -> SourceResult | None:
    """One fact per facility from its ``combined`` results: each resource stream measured where it has a
    valid M&V analysis, otherwise the implemented options' estimate (``facility_results``)."""
    results = _results(period, cache)
    if results is None:
        return None
    index, wards = _facility_index(cache), _ward_paths(cache)
    out = SourceResult("directory.facility")
    for item in results:
        pk = item["facility_id"]
        if pk not in index:
            continue
        combined = item["combined"]
        amount = combined[field]
        if amount is None:  # a missing emission factor: no data, with the reasons
            out.missing[pk] = "; ".join(combined.get(f"{field}_missing") or [])
            amount = 0.0
        elif combined.get(f"{field}_estimate"):
            out.estimated.add(pk)
        out.facts.append(Fact(pk, wards.get(pk, index[pk][0]), index[pk][1], Decimal(str(round(float(amount), 4)))))
    return out


@source("money_saved")
def money_saved(period: Period, cache: dict[str, Any]) -> SourceResult | None:
    return _results_source(period, cache, "vnd")


@source("tco2e_avoided")
def tco2e_avoided(period: Period, cache: dict[str, Any]) -> SourceResult | None:
    return _results_source(period, cache, "tco2e")


# --- assessments: savings per unit of product (M&V against an adjusted baseline) --------------------

def _mv_results(cache: dict[str, Any]) -> list[tuple[int, Any]] | None:
    """(facility id, result) of every M&V analysis, computed once per recomputation run."""
    if "mv_results" not in cache:
        analysis = model_or_none("assessments.MVAnalysis")
        mv_results = function_or_none("sxsh.assessments.analysis", "mv_results")  # batched: one readings query
        if analysis is None or mv_results is None:
            cache["mv_results"] = None
        else:
            items = list(analysis._default_manager.unscoped(COMPUTATION).select_related("target").prefetch_related("drivers").order_by("pk"))  # type: ignore[attr-defined]
            results = mv_results(items)
            cache["mv_results"] = [
                (item.facility_id, result) for item, result in zip(items, results, strict=True)  # type: ignore[attr-defined]
            ]
    return cache["mv_results"]  # type: ignore[no-any-return]


def _savings_share(period: Period, cache: dict[str, Any], key_sectors_only: bool) -> SourceResult | None:
    """Per valid analysis: saved / adjusted baseline × 100 over its reporting months inside the period."""
    results = _mv_results(cache)
    if results is None:
        return None
    index, wards = _facility_index(cache), _ward_paths(cache)
    start, end = period.start, period.end
    facts = []
    for facility_id, result in results:
        if facility_id not in index or not getattr(result, "is_valid", False):
            continue
        if key_sectors_only and not index[facility_id][2]:
            continue
        predicted = dict(zip(result.reporting_months, result.reporting_predicted, strict=False))
        months = [(predicted[m], saved) for m, saved in result.monthly_savings if start <= m <= end]
        baseline = sum(p for p, _s in months)
        if not months or baseline <= 0:
            continue
        share = Decimal(str(round(sum(s for _p, s in months) / baseline * 100, 4)))
        facts.append(Fact(facility_id, wards.get(facility_id, index[facility_id][0]), index[facility_id][1], share,
                          ONE))
    return SourceResult("directory.facility", facts)


@source("cp_savings_per_product")
def cp_savings_per_product(period: Period, cache: dict[str, Any]) -> SourceResult | None:
    return _savings_share(period, cache, key_sectors_only=False)


@source("scp_savings_key_sectors")
def scp_savings_key_sectors(period: Period, cache: dict[str, Any]) -> SourceResult | None:
    return _savings_share(period, cache, key_sectors_only=True)
