"""Reads of the assessments app, always scoped to the acting user (pages, API and exports share them)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import attrgetter
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from sxsh.calc import emissions
from sxsh.core.roles import Role
from sxsh.core.scoping import allows, is_admin
from sxsh.directory.models import Facility
from sxsh.directory.selectors import facilities_for

from . import analysis
from .models import (
    FUEL_RESOURCES,
    Assessment,
    AssessmentTask,
    Flow,
    MonitoringSeries,
    MVAnalysis,
    Option,
    OptionStatus,
    ProcessStep,
    Reading,
    Resource,
)

#: The reason of the prefetches below.
PREFETCHED = "parts of an assessment read in scope"


def assessments_for(user: Any, action: str = "view") -> QuerySet[Assessment]:
    """Assessments the user may ``action``; a consultant changes only the assessments assigned to them."""
    qs = Assessment.objects.restrict(user, action).select_related("facility", "facility__ward", "consultant")
    if action != "view" and not is_admin(user) and user.role == Role.CONSULTANT:
        qs = qs.filter(consultant=user)
    return qs


def can_edit(user: Any, assessment: Assessment) -> bool:
    return assessments_for(user, action="change").filter(pk=assessment.pk).exists()


def can_add_assessment(user: Any) -> bool:
    return allows(user, Assessment, "add")


def assessment_detail(user: Any, pk: int, action: str = "view") -> Assessment:
    """One assessment with everything its page shows; ``Assessment.DoesNotExist`` outside the scope."""
    qs: Any = assessments_for(user, action=action).select_related("focus_step", "facility__sector")
    return qs.prefetch_related(  # type: ignore[no-any-return]
        Prefetch("tasks", queryset=AssessmentTask.objects.unscoped(PREFETCHED).order_by("number")),
        Prefetch("process_steps", queryset=ProcessStep.objects.unscoped(PREFETCHED).prefetch_related(
            Prefetch("flows", queryset=Flow.objects.unscoped(PREFETCHED).order_by("direction", "pk")))),
        "waste_streams__process_step",
        "causes",
        Prefetch("options", queryset=Option.objects.unscoped(PREFETCHED).select_related("process_step", "assessment")),
    ).get(pk=pk)


def options_for(user: Any, action: str = "view") -> QuerySet[Option]:
    qs = Option.objects.restrict(user, action).select_related("assessment", "assessment__facility", "process_step")
    if action != "view" and not is_admin(user) and user.role == Role.CONSULTANT:
        qs = qs.filter(assessment__consultant=user)
    return qs


def ranked_figures(user: Any, options: Iterable[Option]) -> dict[int, analysis.OptionFigures | None]:
    """The figures of ``options`` by id, each ranked among all the options of its assessment (read in the user's
    scope with one query; one emission-factor table); None for a rejected option (not ranked, no figures)."""
    wanted = {o.pk for o in options}
    assessments = {o.assessment_id for o in options}
    siblings = options_for(user).filter(assessment_id__in=assessments).order_by("assessment_id", "pk")
    factors = analysis.factor_table()
    figures: dict[int, analysis.OptionFigures | None] = {}
    for _assessment, group in groupby(siblings, key=attrgetter("assessment_id")):
        for option, option_figures in analysis.ranked_options(list(group), factors):
            if option.pk in wanted:
                figures[option.pk] = option_figures if option_figures.rank is not None else None
    return figures


# --- monitoring --------------------------------------------------------------------------------


def monitoring_facilities(user: Any) -> Any:
    return facilities_for(user).annotate(
        series_count=Count("monitoring_series", distinct=True),
        analysis_count=Count("mv_analyses", distinct=True),
    )


def can_edit_monitoring(user: Any, facility: Facility) -> bool:
    return allows(user, MonitoringSeries, "change") and facilities_for(user).filter(pk=facility.pk).exists()


def series_for(user: Any, facility_id: int | None = None, action: str = "view") -> QuerySet[MonitoringSeries]:
    qs = MonitoringSeries.objects.restrict(user, action).select_related("facility")
    if facility_id is not None:
        qs = qs.filter(facility_id=facility_id)
    return qs


def readings_table(series: list[MonitoringSeries]) -> list[tuple[date, list[Any]]]:
    """Rows of (month, [value per series]) for the monitoring page and its export."""
    values: dict[date, dict[int, Any]] = defaultdict(dict)
    for series_id, period, value in Reading.objects.unscoped("readings of series read in scope").filter(
            series__in=series).values_list(
            "series_id", "period", "value"):
        values[period][series_id] = value
    return [(month, [values[month].get(s.pk) for s in series]) for month in sorted(values)]


def analyses_for(user: Any, facility_id: int | None = None, action: str = "view") -> QuerySet[MVAnalysis]:
    qs = MVAnalysis.objects.restrict(user, action).select_related("facility", "target").prefetch_related("drivers")
    if facility_id is not None:
        qs = qs.filter(facility_id=facility_id)
    return qs


@dataclass
class StreamRow:
    """One resource stream of a facility's results: measured or estimated, the saving a year and its unit."""

    code: str
    label: str
    unit: str
    basis: str  # "measured" | "estimated"
    amount: float

    @property
    def is_measured(self) -> bool:
        return self.basis == "measured"


STREAM_UNITS = {Resource.ELECTRICITY: "kWh", Resource.WATER: "m³", Resource.MATERIAL: "t"}


@dataclass
class Monitoring:
    """What a facility's monitoring page shows and its XLSX export writes (one read for both)."""

    facility: Facility
    series: list[MonitoringSeries]
    table: list[tuple[date, list[Any]]]
    results: list[Any]  # analysis.MVResult, one per M&V analysis
    streams: list[StreamRow]
    combined: dict[str, Any] | None  # facility_results()[…]["combined"], None without results


def monitoring(user: Any, facility_id: int) -> Monitoring:
    """A facility's series, monthly readings, M&V results and results per resource stream;
    ``Facility.DoesNotExist`` outside the user's scope."""
    facility = facilities_for(user).get(pk=facility_id)
    series = list(series_for(user, facility.pk))
    results = analysis.mv_results(analyses_for(user, facility.pk))
    found = facility_results(user, facility_ids=[facility.pk], computed=results)
    combined = found[0]["combined"] if found else None
    streams = [
        StreamRow(code, str(Resource(code).label), STREAM_UNITS.get(code, "t"), basis, _stream_amount(combined, code))
        for code, basis in combined["basis"].items()
    ] if combined else []
    return Monitoring(facility, series, readings_table(series), results, streams, combined)


# --- results for indicators --------------------------------------------------------------------


def _empty() -> dict[str, Any]:
    return {"energy_kwh": 0.0, "fuel_t": {}, "water_m3": 0.0, "material_t": 0.0, "vnd": 0.0, "tco2e": 0.0}


#: The resource streams whose measured savings replace the estimated ones, one by one.
STREAMS = (Resource.ELECTRICITY, *sorted(FUEL_RESOURCES), Resource.WATER, Resource.MATERIAL)


def _add_resource(bucket: dict[str, Any], resource: str, amount: float) -> None:
    if resource == Resource.ELECTRICITY:
        bucket["energy_kwh"] += amount
    elif resource in FUEL_RESOURCES:
        bucket["fuel_t"][resource] = bucket["fuel_t"].get(resource, 0.0) + amount
    elif resource == Resource.WATER:
        bucket["water_m3"] += amount
    elif resource == Resource.MATERIAL:
        bucket["material_t"] += amount


def _option_streams(option: Option) -> dict[str, float]:
    """The resource streams an option saves on, with the amount a year."""
    streams: dict[str, float] = {Resource.ELECTRICITY: float(option.saving_kwh),
                                 Resource.WATER: float(option.saving_water_m3),
                                 Resource.MATERIAL: float(option.saving_material_t)}
    if option.fuel and option.saving_fuel_t:
        streams[option.fuel] = float(option.saving_fuel_t)
    return {code: amount for code, amount in streams.items() if amount}


class _Emissions:
    """tCO2e of one bucket per stream, why a stream has none, and the estimated factors each stream used."""

    def __init__(self) -> None:
        self.tco2e: dict[str, float] = {}
        self.missing: dict[str, str] = {}
        self.estimates: dict[str, set[str]] = defaultdict(set)

    def add(self, stream: str, amount: float, year: int, factors: emissions.FactorTable) -> None:
        """Add the tCO2e of ``amount`` saved on ``stream`` in ``year`` (streams without emissions are ignored)."""
        try:
            if stream == Resource.ELECTRICITY:
                value = emissions.electricity_tco2(amount, year, factors)
                self.estimates[stream].update(factors.estimates(years=[year]))
            elif stream in FUEL_RESOURCES:
                value = emissions.fuel_tco2(stream, amount, factors)
                self.estimates[stream].update(factors.estimates(fuels=[stream]))
            else:
                return
        except emissions.FactorMissingError as exc:
            self.missing.setdefault(stream, analysis.missing_factor_message(exc))
            return
        self.tco2e[stream] = self.tco2e.get(stream, 0.0) + value

    @property
    def total(self) -> float:
        return sum(self.tco2e.values())


def _combined(measured: dict[str, Any], estimated: dict[str, Any], emission: dict[str, _Emissions],
              option_money: list[tuple[frozenset[str], float]], factors: emissions.FactorTable) -> dict[str, Any]:
    """Per stream: the measured savings where it has a valid M&V analysis, otherwise the options' estimate.

    Money: the measured streams' money plus the options none of whose streams is measured (an option's
    money is one figure for all its streams, so it cannot be split between measured and estimated ones).
    """
    out: dict[str, Any] = {**_empty(), "basis": {}}
    measured_streams = set(measured["by_resource"])
    missing: list[str] = []
    used: set[str] = set()
    tco2e = 0.0
    for stream in STREAMS:
        kind = "measured" if stream in measured_streams else "estimated"
        bucket, em = (measured, emission["measured"]) if kind == "measured" else (estimated, emission["estimated"])
        amount = _stream_amount(bucket, stream)
        if kind == "measured" or amount:
            out["basis"][stream] = kind
            _add_resource(out, stream, amount)
        if stream in em.missing:
            missing.append(em.missing[stream])
        tco2e += em.tco2e.get(stream, 0.0)
        used |= em.estimates.get(stream, set())
    out["vnd"] = measured["vnd"] + sum(v for streams, v in option_money if not streams & measured_streams)
    out["tco2e"] = None if missing else tco2e  # "no data" with its reasons, never 0 from a missing factor
    out["tco2e_missing"] = missing
    out["tco2e_estimate"] = "" if missing else analysis.estimate_note(used, factors)
    return out


def _stream_amount(bucket: dict[str, Any], stream: str) -> float:
    if stream == Resource.ELECTRICITY:
        return float(bucket["energy_kwh"])
    if stream in FUEL_RESOURCES:
        return float(bucket["fuel_t"].get(stream, 0.0))
    return float(bucket["water_m3"] if stream == Resource.WATER else bucket["material_t"])


def facility_results(
    user: Any, *, facility_ids: list[int] | None = None, date_from: date | None = None, date_to: date | None = None,
    computed: list[Any] | None = None,
) -> list[dict[str, Any]]:
    """Results of CP at each facility in the user's scope, for the indicators app and the API.

    Returns one dict per facility that has an implemented option or an M&V analysis::

        {
          "facility_id": int, "facility_name": str, "ward_id": int, "sector_code": str,
          "measured": {            # from valid M&V analyses only (EnPI Lite rules), reporting
                                   # months within [date_from, date_to] when given
              "energy_kwh": float, "fuel_t": {fuel_code: tonnes}, "water_m3": float,
              "material_t": float, "vnd": float, "tco2e": float,
              "tco2e_complete": bool,   # False when a month/fuel had no emission factor
              "valid_analyses": int, "invalid_analyses": int,
              "by_resource": {         # for "% saved per unit of product": saved / adjusted_baseline
                  resource_code: {"unit": str, "saved": float, "adjusted_baseline": float, "actual": float},
              },
          },
          "estimated": {           # annual savings of implemented options (implemented_date within
                                   # the range when given), as entered in the feasibility study
              "energy_kwh": float, "fuel_t": {fuel_code: tonnes}, "water_m3": float,
              "material_t": float, "vnd": float, "tco2e": float, "tco2e_complete": bool,
              "implemented_options": int, "investment_vnd": float,
          },
          "combined": {            # what the indicators count: per resource stream (electricity,
                                   # each fuel, water, materials) measured where the stream has a
                                   # valid M&V analysis, else estimated
              "energy_kwh", "fuel_t", "water_m3", "material_t": as above,
              "vnd": float,        # measured money + the options none of whose streams is measured
              "tco2e": float | None,    # None ("no data") when a factor is missing
              "tco2e_missing": [reason], "tco2e_estimate": str,  # the estimated factors used
              "basis": {stream: "measured" | "estimated"},
          },
        }

    Positive numbers are savings (resource not used, money saved, emissions avoided).
    ``computed``: the ``analysis.mv_results`` of (at least) these facilities' analyses, when the caller
    already has them (the indicators app asks for many periods in one run; fitting once is enough).
    """
    facilities = facilities_for(user).select_related("sector")
    if facility_ids is not None:
        facilities = facilities.filter(pk__in=facility_ids)
    facility_map = {f.pk: f for f in facilities.filter(
        Q(mv_analyses__isnull=False) | Q(assessments__options__status=OptionStatus.IMPLEMENTED)
    ).distinct().only("name", "ward_id", "sector__code")}
    factors = analysis.factor_table()
    out: dict[int, dict[str, Any]] = {}
    option_money: dict[int, list[tuple[frozenset[str], float]]] = defaultdict(list)
    emission: dict[int, dict[str, _Emissions]] = {}
    for pk, facility in facility_map.items():
        emission[pk] = {"measured": _Emissions(), "estimated": _Emissions()}
        out[pk] = {
            "facility_id": pk, "facility_name": facility.name, "ward_id": facility.ward_id,
            "sector_code": facility.sector.code,
            "measured": {**_empty(), "tco2e_complete": True, "valid_analyses": 0, "invalid_analyses": 0,
                         "by_resource": {}},
            "estimated": {**_empty(), "tco2e_complete": True, "implemented_options": 0, "investment_vnd": 0.0},
        }
    if computed is None:
        analyses = MVAnalysis.objects.unscoped("analyses of the facilities in scope").filter(
            facility__in=facilities.values("pk")).select_related(
            "target").prefetch_related("drivers")
        computed = analysis.mv_results(analyses, factors)
    for result in computed:
        item = result.analysis
        if item.facility_id not in out:
            continue
        bucket = out[item.facility_id]["measured"]
        if not result.is_valid:
            bucket["invalid_analyses"] += 1
            continue
        bucket["valid_analyses"] += 1
        inside = [i for i, m in enumerate(result.reporting_months)
                  if (date_from is None or m >= date_from) and (date_to is None or m <= date_to)]
        if not inside:
            continue  # nothing measured in the period: the stream keeps its estimate there
        monthly = result.monthly_savings
        months = [monthly[i] for i in inside]
        amount = sum(s for _m, s in months)
        resource = item.target.resource
        per = bucket["by_resource"].setdefault(resource, {
            "unit": item.target.unit, "saved": 0.0, "adjusted_baseline": 0.0, "actual": 0.0})
        per["saved"] += amount
        per["adjusted_baseline"] += sum(result.reporting_predicted[i] for i in inside)
        per["actual"] += sum(result.reporting_actual[i] for i in inside)
        _add_resource(bucket, resource, amount)
        if item.target.unit_price is not None:
            bucket["vnd"] += amount * float(item.target.unit_price)
        em = emission[item.facility_id]["measured"]
        if resource == Resource.ELECTRICITY:
            for m, saved in months:  # the year of each reading chooses the grid factor
                em.add(resource, saved, m.year, factors)
        else:
            em.add(resource, amount, 0, factors)
        bucket["tco2e_complete"] = not em.missing
        bucket["tco2e"] = em.total
    options = Option.objects.unscoped("options of the facilities in scope").filter(
        assessment__facility__in=facilities.values("pk"), status=OptionStatus.IMPLEMENTED)
    if date_from is not None:
        options = options.filter(implemented_date__gte=date_from)
    if date_to is not None:
        options = options.filter(implemented_date__lte=date_to)
    for option in options.select_related("assessment").only(  # what the estimate reads, nothing more
            "assessment__facility_id", "assessment__start_date", "implemented_date", "investment", "actual_investment",
            "saving_kwh", "fuel", "saving_fuel_t", "saving_water_m3", "saving_material_t", "saving_vnd", "opex_change"):
        facility_id = option.assessment.facility_id
        bucket = out[facility_id]["estimated"]
        bucket["implemented_options"] += 1
        bucket["investment_vnd"] += float(option.actual_investment if option.actual_investment is not None
                                          else option.investment)
        streams = _option_streams(option)
        em = emission[facility_id]["estimated"]
        for stream, amount in streams.items():
            _add_resource(bucket, stream, amount)
            em.add(stream, amount, analysis.option_year(option), factors)
        bucket["vnd"] += float(option.net_annual_saving)
        option_money[facility_id].append((frozenset(streams), float(option.net_annual_saving)))
        bucket["tco2e_complete"] = not em.missing
        bucket["tco2e"] = em.total
    for pk, item in out.items():
        item["combined"] = _combined(item["measured"], item["estimated"], emission[pk], option_money[pk], factors)
    return [out[pk] for pk in sorted(out, key=lambda k: facility_map[k].name)]


def supported_facility_ids(user: Any, *, date_from: date | None = None, date_to: date | None = None) -> set[int]:
    """Facilities in the user's scope with an assessment running at some time within [date_from, date_to]."""
    qs = assessments_for(user)
    if date_to is not None:
        qs = qs.filter(start_date__lte=date_to)
    if date_from is not None:
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=date_from))
    return set(qs.values_list("facility_id", flat=True))


def public_summary() -> dict[str, Any]:
    """Totals for the public home page (no names): assessments, implemented options and their estimates."""
    from django.db.models import F

    counts = Assessment.objects.unscoped("public totals, no names").aggregate(assessments=Count("pk"), facilities=Count("facility", distinct=True))
    if not counts["assessments"]:
        return {**counts, "implemented": 0, "vnd": 0, "kwh": 0, "tco2e": 0.0, "tco2e_estimate": ""}
    rows = list(Option.objects.unscoped("public totals, no names").filter(status=OptionStatus.IMPLEMENTED).annotate(
        net=F("saving_vnd") - F("opex_change")).values_list("net", "saving_kwh", "fuel", "saving_fuel_t",
                                                           "implemented_date"))
    factors = analysis.factor_table()
    em = _Emissions()
    for _net, kwh, fuel, tonnes, day in rows:
        if kwh and day:
            em.add(Resource.ELECTRICITY, float(kwh), day.year, factors)
        if fuel and tonnes:
            em.add(fuel, float(tonnes), 0, factors)
    used = set().union(*em.estimates.values())
    return {**counts, "implemented": len(rows), "vnd": sum(r[0] for r in rows), "kwh": sum(r[1] for r in rows),
            "tco2e": None if em.missing else em.total,  # no data rather than a total missing some options
            "tco2e_estimate": analysis.estimate_note(used, factors) if not em.missing else ""}
