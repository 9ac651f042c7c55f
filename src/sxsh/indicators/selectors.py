"""Reads of indicators, values, targets and reports, always scoped to the acting user.

The dashboard page, its charts, the API and every export (XLSX, PDF, DOCX) read through
:func:`summary_rows`, :func:`by_unit`, :func:`by_sector` and :func:`trend`, so they show the same figures.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Max, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from sxsh.calc.money import format_number
from sxsh.calc.text import fold
from sxsh.core.ids import parse_id
from sxsh.core.scoping import is_admin
from sxsh.directory.models import AdministrativeUnit, Sector, UnitLevel

from . import comparison
from .comparison import TargetInfo
from .engine import ancestor_paths
from .models import (
    ESTIMATE_TEXT,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    PeriodKind,
    Report,
    ReportReview,
    ReportStatus,
    View,
)
from .periods import Period

NO_DATA_TEXT = "không có dữ liệu"


def indicators() -> QuerySet[Indicator]:
    return Indicator.objects.unscoped("reference data: the indicator catalogue").filter(is_active=True).order_by(
        "order", "code")


def units_for(user: Any) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.restrict(user).order_by("path")


def default_unit(user: Any) -> AdministrativeUnit | None:
    """The user's own unit; for an administrator the first district (else the first unit)."""
    if not is_admin(user) and getattr(user, "unit_id", None):
        return units_for(user).filter(pk=user.unit_id).first()
    units = units_for(user)
    return units.filter(level=UnitLevel.DISTRICT).first() or units.first()


def unit_for(user: Any, unit_id: int | None) -> AdministrativeUnit:
    """A unit in the user's scope; raises ``AdministrativeUnit.DoesNotExist`` (→ 404) otherwise."""
    if unit_id is None:
        unit = default_unit(user)
        if unit is None:
            raise AdministrativeUnit.DoesNotExist
        return unit
    return units_for(user).get(pk=unit_id)


def sectors_with_values() -> QuerySet[Sector]:
    return Sector.objects.unscoped("reference data: VSIC divisions").filter(parent__isnull=False).order_by("code")


def available_years(user: Any) -> list[int]:
    years = IndicatorValue.objects.restrict(user).values_list("year", flat=True).distinct().order_by("year")
    return list(years)


def data_as_of(user: Any, unit: AdministrativeUnit, period: Period, view: str = View.REPORTED) -> datetime | None:
    return _values(user, period, view).filter(unit=unit).aggregate(at=Max("computed_at"))["at"]


def parse_view(value: Any) -> str:
    """"restated" or "reported" (the default, and anything unknown)."""
    return View.RESTATED if value == View.RESTATED else View.REPORTED


def _values(user: Any, period: Period, view: str = View.REPORTED) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.restrict(user).filter(
        period_kind=period.kind, year=period.year, period_no=period.number, view=view
    )


def units_in_view(user: Any, period: Period, view: str) -> QuerySet[AdministrativeUnit]:
    """The units a view has values for: valid in the period (as reported) or valid today (restated)."""
    if view == View.RESTATED:
        valid = AdministrativeUnit.valid_on(timezone.localdate())
    else:
        valid = AdministrativeUnit.objects.unscoped("validity filter, intersected with units_for(user) below").filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
    return units_for(user).filter(pk__in=valid.values("pk"))


#: Years first, then quarters, then months (the order of a year's periods in lists and exports).
PERIOD_RANK = Case(*(When(period_kind=kind, then=Value(rank)) for rank, kind in enumerate(
    (PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH))), output_field=IntegerField())


def values(user: Any) -> QuerySet[IndicatorValue]:
    """Every stored value the user may see (both views), with what a list shows of its indicator, unit and
    sector, and ``period_rank`` (year, then quarters, then months). The one reader of value lists: the values
    listing (``tables.VALUES``: page, ``GET /api/indicators/values``, its export and the dashboard's data
    export) filters it; its ``unit`` filter is :func:`within`."""
    return IndicatorValue.objects.restrict(user).select_related("indicator", "unit__kind", "sector").annotate(
        period_rank=PERIOD_RANK)


def within(values: QuerySet[IndicatorValue], unit: AdministrativeUnit) -> QuerySet[IndicatorValue]:
    """The values of ``unit`` and of every unit under it: what "unit" means in every list of values (a
    district's list holds its wards' values too; add the unit's level for its own figures only)."""
    return values.filter(unit__path__startswith=unit.path)


def value_detail(user: Any, pk: int) -> IndicatorValue:
    return IndicatorValue.objects.restrict(user).select_related("indicator", "unit", "sector").get(pk=pk)


#: Codes used by other apps for the same indicator (plans' demo data speaks of workshops and trainees).
CODE_ALIASES = {"cp_workshops": "workshops_held", "cp_trainees": "people_trained"}


@dataclass(frozen=True)
class Achieved:
    """The yearly value of an indicator for a unit (all sectors), for a plan target's "achieved" column."""

    value: Decimal | None
    decimals: int
    higher_is_better: bool


def achieved_values(user: Any, unit: AdministrativeUnit, wanted: list[tuple[str, int]]) -> dict[tuple[str, int], Achieved]:
    """(indicator code or alias, year) → the unit's yearly value the user may see; absent codes are left out."""
    codes = {CODE_ALIASES.get(c, c) for c, _y in wanted}
    found = {i.code: i for i in Indicator.objects.unscoped("reference data: the indicator catalogue").filter(code__in=codes)}
    values = {
        (v.indicator_id, v.year): v.value
        for v in IndicatorValue.objects.restrict(user).filter(
            indicator__code__in=codes, unit=unit, sector__isnull=True, period_kind=PeriodKind.YEAR,
            year__in={y for _c, y in wanted}).only("indicator_id", "year", "value")
    }
    out: dict[tuple[str, int], Achieved] = {}
    for code, year in wanted:
        ind = found.get(CODE_ALIASES.get(code, code))
        if ind is not None:
            out[(code, year)] = Achieved(values.get((ind.pk, year)), ind.decimals, ind.higher_is_better)
    return out


# --- targets -----------------------------------------------------------------------------------------

def targets_by_code(unit: AdministrativeUnit | None) -> dict[str, list[TargetInfo]]:
    """Targets of each indicator: a unit's own targets replace the general ones for the same year."""
    return targets_by_unit([unit] if unit is not None else [])[unit.pk if unit is not None else None]


def targets_by_unit(units: list[AdministrativeUnit]) -> dict[int | None, dict[str, list[TargetInfo]]]:
    """:func:`targets_by_code` for each of ``units`` (and None: the general targets), in one query."""
    rows = IndicatorTarget.objects.unscoped("reference data: targets of units in scope").select_related(
        "indicator").filter(Q(unit__isnull=True) | Q(unit__in=units))
    general: dict[str, dict[int, TargetInfo]] = defaultdict(dict)
    own: dict[int, dict[str, dict[int, TargetInfo]]] = defaultdict(lambda: defaultdict(dict))
    for t in rows:
        info = TargetInfo(t.year, t.value, t.value_high, t.source)
        (general if t.unit_id is None else own[t.unit_id])[t.indicator.code][t.year] = info
    out: dict[int | None, dict[str, list[TargetInfo]]] = {}
    for key in [None, *(u.pk for u in units)]:
        mine = own.get(key, {}) if key is not None else {}
        merged_by_code = {code: {**general.get(code, {}), **mine.get(code, {})} for code in set(general) | set(mine)}
        out[key] = {code: [m[y] for y in sorted(m)] for code, m in merged_by_code.items()}
    return out


# --- summary rows (dashboard, reports, exports) -------------------------------------------------------

@dataclass
class Row:
    code: str
    name: str
    short_name: str
    unit_label: str
    decimals: int
    level: str
    higher_is_better: bool
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    is_ratio: bool = False
    record_count: int = 0
    value_id: int | None = None
    target: TargetInfo | None = None
    status: str = comparison.NO_DATA
    computed_at: datetime | None = None
    trend: list[tuple[int, Decimal | None]] = field(default_factory=list)
    note: str = ""  # why there is no value (e.g. a missing emission factor)
    is_estimate: bool = False  # the value depends on an estimate (an estimated emission factor)
    view: str = View.REPORTED
    unplaced: int = 0  # restated: records held at this unit or above that could not be placed lower
    period_start: date | None = None  # the part of the period the unit was valid in (2025: January–June…)
    period_end: date | None = None

    @property
    def value_text(self) -> str:
        return display(self.value, self.decimals)

    @property
    def remark(self) -> str:
        """What a reader must know about the value: why it is missing, or that it rests on an estimate."""
        return self.note or (str(ESTIMATE_TEXT) if self.is_estimate else "")

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        text = format_number(self.target.value, self.decimals)
        if self.target.value_high is not None:
            text += "–" + format_number(self.target.value_high, self.decimals)
        return f"{text} ({self.target.year})"

    @property
    def status_label(self) -> str:
        return str(comparison.STATUS_LABELS[self.status])

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("value", "numerator", "denominator"):
            data[key] = None if data[key] is None else str(data[key])
        if self.target is not None:
            data["target"] = {
                "year": self.target.year, "value": str(self.target.value),
                "value_high": None if self.target.value_high is None else str(self.target.value_high),
                "source": self.target.source,
            }
        data["computed_at"] = self.computed_at.isoformat() if self.computed_at else None
        data["trend"] = [[y, None if v is None else str(v)] for y, v in self.trend]
        for key in ("period_start", "period_end"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Row":
        data = dict(data)
        for key in ("value", "numerator", "denominator"):
            data[key] = None if data.get(key) is None else Decimal(data[key])
        target = data.get("target")
        if target:
            data["target"] = TargetInfo(
                int(target["year"]), Decimal(target["value"]),
                None if target.get("value_high") is None else Decimal(target["value_high"]), target.get("source", ""),
            )
        data["computed_at"] = parse_datetime(data["computed_at"]) if data.get("computed_at") else None
        data["trend"] = [(int(y), None if v is None else Decimal(v)) for y, v in data.get("trend") or []]
        for key in ("period_start", "period_end"):
            data[key] = date.fromisoformat(data[key]) if data.get(key) else None
        return cls(**data)




def display(value: Decimal | None, decimals: int = 0) -> str:
    """A value for people: "1.234,5", or "không có dữ liệu" (never 0) when there is none."""
    if value is None:
        return _(NO_DATA_TEXT)
    return format_number(value, decimals)


def summary_rows(
    user: Any, unit: AdministrativeUnit, period: Period, sector: Sector | None = None, with_trend: bool = True,
    view: str = View.REPORTED,
) -> list[Row]:
    """Every catalogue indicator for a unit, period and sector in one view, with its target status (and
    trend); restated rows say how many records could not be placed in today's units at or above it."""
    trends = _trends(user, unit, sector, period, view) if with_trend else {}
    unplaced = _unplaced(user, unit, sector, period) if view == View.RESTATED else {}
    return summary_rows_of(user, [unit], period, sector, trends={unit.pk: trends}, view=view,
                           unplaced=unplaced)[unit.pk]


def summary_rows_of(
    user: Any, units: list[AdministrativeUnit], period: Period, sector: Sector | None = None,
    trends: dict[int, dict[int, list[tuple[int, Decimal | None]]]] | None = None, view: str = View.REPORTED,
    unplaced: dict[int, int] | None = None,
) -> dict[int, list[Row]]:
    """:func:`summary_rows` (without trends unless given) for each of ``units``: three queries whatever
    their number (the district report lists every ward)."""
    inds = list(indicators())
    values: dict[int, dict[int, IndicatorValue]] = defaultdict(dict)
    for v in _values(user, period, view).filter(unit__in=units, sector=sector).only(
        "id", "unit_id", "indicator_id", "value", "numerator", "denominator", "computed_at", "record_count", "note",
        "is_estimate", "period_start", "period_end",
    ):
        values[v.unit_id][v.indicator_id] = v
    targets = targets_by_unit(units)
    return {unit.pk: _rows(inds, values[unit.pk], targets[unit.pk], (trends or {}).get(unit.pk, {}), period, view,
                           unplaced or {})
            for unit in units}


def _rows(inds: list[Indicator], values: dict[int, IndicatorValue], targets: dict[str, list[TargetInfo]],
          trends: dict[int, list[tuple[int, Decimal | None]]], period: Period, view: str,
          unplaced: dict[int, int]) -> list[Row]:
    rows = []
    for ind in inds:
        v = values.get(ind.pk)
        target = comparison.applicable_target(targets.get(ind.code, []), period.year)
        value = v.value if v else None
        rows.append(Row(
            code=ind.code, name=ind.name, short_name=ind.short_name, unit_label=ind.unit, decimals=ind.decimals,
            level=ind.level, higher_is_better=ind.higher_is_better, value=value,
            numerator=v.numerator if v else None, denominator=v.denominator if v else None, is_ratio=ind.is_ratio,
            record_count=v.record_count if v else 0, value_id=v.pk if v else None, target=target,
            status=comparison.status(value, target, ind.higher_is_better), computed_at=v.computed_at if v else None,
            trend=trends.get(ind.pk, []), note=v.note if v else "", is_estimate=v.is_estimate if v else False,
            view=view, unplaced=unplaced.get(ind.pk, 0),
            period_start=v.period_start if v else None, period_end=v.period_end if v else None,
        ))
    return rows


def _unplaced(user: Any, unit: AdministrativeUnit, sector: Sector | None, period: Period) -> dict[int, int]:
    """Per indicator: restated records held at the unit or its ancestors (in the user's scope) because
    they could not be placed in a unit valid today below them."""
    qs = _values(user, period, View.RESTATED).filter(unit__path__in=ancestor_paths(unit.path), sector=sector,
                                                      unplaced_count__gt=0)
    return dict(qs.values("indicator_id").annotate(n=Sum("unplaced_count")).values_list("indicator_id", "n"))


def _trends(
    user: Any, unit: AdministrativeUnit, sector: Sector | None, period: Period, view: str = View.REPORTED
) -> dict[int, list[tuple[int, Decimal | None]]]:
    """Yearly values up to the period's year (same period of each year: year, quarter n or month n), in one
    view: as reported, a unit's series covers only the years it existed."""
    qs = IndicatorValue.objects.restrict(user).filter(
        unit=unit, sector=sector, period_kind=period.kind, period_no=period.number, year__lte=period.year, view=view
    ).order_by("year").values_list("indicator_id", "year", "value")
    out: dict[int, list[tuple[int, Decimal | None]]] = defaultdict(list)
    for indicator_id, year, value in qs:
        out[indicator_id].append((year, value))
    return out


@dataclass
class Bar:
    label: str
    value: Decimal | None
    value_id: int | None
    title: str = ""


def by_unit(user: Any, code: str, unit: AdministrativeUnit, period: Period, sector: Sector | None = None,
            view: str = View.REPORTED) -> list[Bar]:
    """The indicator in each child unit of the view (wards of a district, districts or wards of a city)."""
    children = sorted(units_in_view(user, period, view).filter(parent=unit), key=lambda c: fold(str(c)))
    values = {
        v.unit_id: v
        for v in _values(user, period, view).filter(indicator__code=code, sector=sector, unit__parent=unit)
    }
    return [
        Bar(str(c), values[c.pk].value if c.pk in values else None, values[c.pk].pk if c.pk in values else None)
        for c in children
    ]


def by_sector(user: Any, code: str, unit: AdministrativeUnit, period: Period, view: str = View.REPORTED) -> list[Bar]:
    values = _values(user, period, view).filter(
        indicator__code=code, unit=unit, sector__isnull=False).select_related("sector")
    bars = [Bar(v.sector.code, v.value, v.pk, v.sector.name) for v in values if v.sector is not None]
    return sorted(bars, key=lambda b: b.label)


# --- dashboard ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DashboardFilters:
    year: int
    period: Period
    unit_id: int | None
    sector_id: int | None
    indicator: str
    view: str = View.REPORTED

    @classmethod
    def from_params(cls, params: Any, default_year: int) -> "DashboardFilters":
        year = parse_id(params.get("year")) or default_year
        if not 1900 <= year <= 2200:
            year = default_year
        try:
            period = Period.parse(year, params.get("period") or "year")
        except ValueError:
            period = Period("year", year)
        code = params.get("indicator") or ""
        return cls(year, period, parse_id(params.get("unit")), parse_id(params.get("sector")), code,
                   parse_view(params.get("view")))


@dataclass
class Dashboard:
    filters: DashboardFilters
    unit: AdministrativeUnit
    sector: Sector | None
    period: Period
    rows: list[Row]
    chart_row: Row | None
    units_bars: list[Bar]
    sector_bars: list[Bar]
    computed_at: datetime | None


def default_year(user: Any) -> int:
    years = available_years(user)
    return years[-1] if years else timezone.localdate().year


def dashboard(user: Any, filters: DashboardFilters) -> Dashboard:
    """Everything the dashboard, its charts and its exports show; raises DoesNotExist out of scope."""
    unit = unit_for(user, filters.unit_id)
    sector = Sector.objects.unscoped("reference data: VSIC sectors").get(pk=filters.sector_id) if filters.sector_id else None
    rows = summary_rows(user, unit, filters.period, sector, view=filters.view)
    codes = [r.code for r in rows]
    code = filters.indicator if filters.indicator in codes else ("cp_applying_share" if "cp_applying_share" in codes
                                                                else (codes[0] if codes else ""))
    chart_row = next((r for r in rows if r.code == code), None)
    stamps = [r.computed_at for r in rows if r.computed_at]
    return Dashboard(
        filters=filters, unit=unit, sector=sector, period=filters.period, rows=rows, chart_row=chart_row,
        units_bars=by_unit(user, code, unit, filters.period, sector, filters.view) if code else [],
        sector_bars=by_sector(user, code, unit, filters.period, filters.view) if code and sector is None else [],
        computed_at=max(stamps) if stamps else None,
    )


# --- drill-down ---------------------------------------------------------------------------------------

@dataclass
class Record:
    label: str
    url: str
    detail: str = ""


def drilldown_ids(value: IndicatorValue) -> list[int]:
    """The ids of every record behind a value: the own ``record_ids`` of the values of its unit's subtree
    (same indicator, period and sector), read in one query. A value without records reads nothing."""
    if not value.record_model or not value.record_count:
        return []
    subtree = IndicatorValue.objects.unscoped("the subtree of a value read in scope").filter(
        indicator_id=value.indicator_id, period_kind=value.period_kind, year=value.year, period_no=value.period_no,
        view=value.view, unit__path__startswith=value.unit.path,
    )
    subtree = subtree.filter(sector_id=value.sector_id) if value.sector_id else subtree.filter(sector__isnull=True)
    ids: set[int] = set()
    for own in subtree.values_list("record_ids", flat=True):
        ids.update(int(i) for i in own or ())
    return sorted(ids)


def records_of(user: Any, value: IndicatorValue) -> list[Record]:
    """The records behind a value that the user may see (exactly ``drilldown_ids``)."""
    from django.apps import apps

    if not value.record_model or not value.record_count:
        return []
    try:
        model = apps.get_model(value.record_model)
    except (LookupError, ValueError):
        return []
    ids = drilldown_ids(value)
    if value.record_model == "directory.facility":
        from django.urls import reverse

        from sxsh.directory.selectors import facilities_for

        return [
            Record(f.name, reverse("directory:facility_detail", args=[f.pk]),
                   f"{f.ward.name} · {f.sector.code} · {f.get_cp_status_display()}")
            for f in facilities_for(user).filter(pk__in=ids).order_by("name", "pk")
        ]
    from django.urls import NoReverseMatch, reverse

    scoped = hasattr(model, "role_permissions")
    qs = model._default_manager.restrict(user) if scoped else model._default_manager.none()  # type: ignore[attr-defined]
    url_name = RECORD_URLS.get(value.record_model)
    out = []
    related = [f.name for f in model._meta.get_fields() if f.name == "unit" and f.is_relation]
    for obj in qs.filter(pk__in=ids).select_related(*related).order_by("pk"):
        try:
            url = reverse(url_name, args=[obj.pk]) if url_name else getattr(obj, "get_absolute_url", lambda: "")()
        except NoReverseMatch:
            url = ""
        out.append(Record(str(obj), url, _record_detail(obj)))
    return out


#: Back-office pages of the records behind values (when the model has no ``get_absolute_url`` for staff).
RECORD_URLS = {"events.event": "events:staff_detail"}


def _record_detail(obj: Any) -> str:
    parts = []
    for attr in ("starts_at", "distributed_on"):
        value = getattr(obj, attr, None)
        if value is not None:
            parts.append(dmy_text(value))
    if getattr(obj, "copies", None) is not None:
        parts.append(f"{obj.copies} {_('bản')}")
    unit = getattr(obj, "unit", None)
    if unit is not None:
        parts.append(str(unit))
    return " · ".join(parts)


def dmy_text(value: Any) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y") if timezone.is_aware(value) else value.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")  # type: ignore[no-any-return]


# --- reports ------------------------------------------------------------------------------------------

def reports_for(user: Any, action: str = "view") -> QuerySet[Report]:
    return Report.objects.restrict(user, action).select_related("unit", "submitted_by", "reviewed_by", "approver")


def report_reviews(report: Report) -> list[ReportReview]:
    """The review steps of a report the caller has read (its scope), oldest first."""
    return list(report.reviews.select_related("by").order_by("at", "pk"))


def report_rows(user: Any, report: Report) -> list[Row]:
    """The frozen snapshot once submitted or approved; live values while a draft or returned."""
    if report.is_frozen and report.snapshot is not None:
        return [Row.from_dict(r) for r in report.snapshot.get("rows", [])]
    return summary_rows(user, report.unit, Period(report.period_kind, report.year, report.period_no))


def report_ward_rows(user: Any, report: Report) -> list[tuple[str, list[Row]]]:
    """For a district report: each ward's rows — the approved ward report's frozen figures where there
    is one for the period, live values otherwise (and the district report's own snapshot once frozen)."""
    if report.unit.level == UnitLevel.COMMUNE:
        return []
    if report.is_frozen and report.snapshot is not None:
        return [(w["unit"], [Row.from_dict(r) for r in w["rows"]]) for w in report.snapshot.get("wards", [])]
    period = Period(report.period_kind, report.year, report.period_no)
    wards = sorted(units_for(user).filter(parent=report.unit), key=lambda w: fold(w.name))
    approved = {
        r.unit_id: r for r in reports_for(user).filter(
            unit__parent=report.unit, status=ReportStatus.APPROVED, period_kind=period.kind, year=period.year,
            period_no=period.number,
        )
    }
    wards = [w for w in wards if not ((w.valid_from and w.valid_from > period.end)
                                      or (w.valid_to and w.valid_to < period.start))]  # valid in the period
    live = summary_rows_of(user, [w for w in wards if not (w.pk in approved and approved[w.pk].snapshot)], period)
    out = []
    for w in wards:
        frozen = approved.get(w.pk)
        if frozen is not None and frozen.snapshot:
            out.append((w.name, [Row.from_dict(r) for r in frozen.snapshot.get("rows", [])]))
        else:
            out.append((w.name, live[w.pk]))
    return out


def is_sent_up(unit: AdministrativeUnit) -> bool:
    """A commune-level unit's report is sent up for review; a district's or province's is issued directly."""
    return unit.level == UnitLevel.COMMUNE


def reference_day(unit: AdministrativeUnit, period: Period) -> date:
    """The day whose unit tree decides the reviewer: the period's end, or the unit's last day if earlier."""
    return min(period.end, unit.valid_to) if unit.valid_to else period.end


def approver_unit(unit: AdministrativeUnit, period: Period) -> AdministrativeUnit | None:
    """The unit that reviews ``unit``'s report for ``period``: its nearest ancestor valid on the reference day
    (a ward's district up to 30/6/2025, a commune's or ward's province from 1/7/2025)."""
    day = reference_day(unit, period)
    ancestor = unit.parent
    while ancestor is not None and not ancestor.is_valid_on(day):
        ancestor = ancestor.parent
    return ancestor


def report_approver(report: Report) -> AdministrativeUnit | None:
    """The stored reviewer of a submitted report, else the one its period's unit tree gives."""
    if report.approver_id:
        return report.approver
    if not is_sent_up(report.unit):
        return None
    return approver_unit(report.unit, Period(report.period_kind, report.year, report.period_no))


def awaiting_review(user: Any) -> QuerySet[Report]:
    """Submitted reports whose reviewing unit is the user's (every one for the administrator)."""
    qs = reports_for(user, "change").filter(status=ReportStatus.SUBMITTED, unit__level=UnitLevel.COMMUNE)
    return qs if is_admin(user) else qs.filter(approver_id=user.unit_id)


PERIOD_KINDS = PeriodKind
