"""Computed figures: option feasibility, mass balances, M&V results and the emission-factor table.

Reads only; the arithmetic is done by :mod:`sxsh.calc`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from sxsh.calc import emissions, finance, mv
from sxsh.calc.money import format_number

from .models import (
    FUEL_RESOURCES,
    EmissionFactor,
    FactorKind,
    Flow,
    FlowDirection,
    Fuel,
    MVAnalysis,
    Option,
    ProcessStep,
    Reading,
    Resource,
    Screening,
)

#: A step's mass balance is flagged when inputs and outputs differ by more than this share.
BALANCE_TOLERANCE = Decimal("0.05")


# --- emission factors ----------------------------------------------------------------------------


def factor_table() -> emissions.FactorTable:
    """The emission-factor table edited in the admin (the shipped default while the table is empty)."""
    rows = list(EmissionFactor.objects.unscoped("reference data: the emission-factor table"))
    if not rows:
        return emissions.default_table()
    grid_rows = [r for r in rows if r.kind == FactorKind.GRID and r.year is not None]
    fuels = {
        r.fuel: emissions.FuelFactor(
            co2_kg_per_tj=float(r.value),
            ncv_tj_per_gg=float(r.ncv_tj_per_gg) if r.ncv_tj_per_gg is not None else None,
            source=r.source, status=r.status,
        )
        for r in rows if r.kind == FactorKind.FUEL
    }
    return emissions.FactorTable(
        grid={int(r.year): float(r.value) for r in grid_rows if r.year is not None}, fuels=fuels,
        grid_status={int(r.year): r.status for r in grid_rows if r.year is not None},
        grid_sources={int(r.year): r.source for r in grid_rows if r.year is not None and r.source},
    )


def seed_factors() -> int:
    """Create the rows of the shipped table that are missing (never overwrites an edited value)."""
    data = emissions.default_data()
    created = 0
    source = data["grid"].get("source", "")
    for year, value in data["grid"]["values"].items():
        entry = emissions.grid_entry(value)
        _obj, new = EmissionFactor.objects.unscoped("seeding reference data").get_or_create(kind=FactorKind.GRID, year=int(year), defaults={
            "value": Decimal(str(entry["value"])), "status": entry["status"],
            "source": (entry["source"] or source)[:500]})
        created += new
    for code, fuel in data["fuels"].items():
        ncv = fuel.get("ncv_tj_per_gg")
        _obj, new = EmissionFactor.objects.unscoped("seeding reference data").get_or_create(kind=FactorKind.FUEL, fuel=code, defaults={
            "value": Decimal(str(fuel["co2_kg_per_tj"])),
            "ncv_tj_per_gg": None if ncv is None else Decimal(str(ncv)),
            "status": fuel.get("status", emissions.OFFICIAL),
            "source": fuel.get("source", "")[:500],
        })
        created += new
    return created


def factors_used(result: "MVResult", factors: emissions.FactorTable) -> str:
    """The emission factors an M&V result's tCO2e uses, with year and status ("2024: 0,6811 tCO2/MWh (ước tính)")."""
    resource = result.analysis.target.resource
    status = {emissions.OFFICIAL: _("chính thức"), emissions.ESTIMATE: _("ước tính")}
    if resource == Resource.ELECTRICITY:
        parts = []
        for year in sorted({m.year for m in result.reporting_months}):
            if year in factors.grid:
                parts.append(_("lưới điện %(y)s: %(v)s tCO2/MWh (%(s)s)") % {
                    "y": year, "v": format_number(factors.grid[year], 4),
                    "s": status[factors.grid_entry_status(year)]})
            else:
                parts.append(_("lưới điện %(y)s: chưa có hệ số") % {"y": year})
        return "; ".join(parts)
    if resource in FUEL_RESOURCES:
        fuel = factors.fuels.get(resource)
        if fuel is None:
            return _("chưa có hệ số")
        ncv = format_number(fuel.ncv_tj_per_gg, 1) if fuel.ncv_tj_per_gg is not None else _("chưa có")
        return _("%(v)s kg CO2/TJ, nhiệt trị %(n)s TJ/nghìn tấn (%(s)s)") % {
            "v": format_number(fuel.co2_kg_per_tj, 0), "n": ncv, "s": status.get(fuel.status, fuel.status)}
    return ""


def estimate_note(estimates: Iterable[str], factors: emissions.FactorTable) -> str:
    """"Depends on estimated factors: …" for the ``FactorTable.estimates`` codes (empty when none)."""
    names = []
    for code in sorted(set(estimates)):
        kind, key = code.split(":", 1)
        if kind == "grid":
            names.append(_("lưới điện năm %(y)s") % {"y": key})
        else:
            names.append(str(Fuel(key).label) if key in Fuel.values else key)
    if not names:
        return ""
    return _("Có dùng hệ số phát thải ước tính, chưa chính thức (%(f)s).") % {"f": ", ".join(names)}


def missing_factor_message(exc: emissions.FactorMissingError) -> str:
    if exc.kind == "grid":
        return _("Chưa có hệ số phát thải lưới điện năm %(y)s: chưa tính tCO2e.") % {"y": exc.key}
    if exc.kind == "ncv":
        return _("Nhiên liệu “%(f)s” chưa có nhiệt trị (chưa xác nhận): chưa tính tCO2e.") % {"f": exc.key}
    return _("Chưa có hệ số phát thải cho “%(f)s”: chưa tính tCO2e.") % {"f": exc.key}


# --- options -----------------------------------------------------------------------------------


@dataclass
class OptionFigures:
    net_saving: float
    npv: float
    irr: float | None
    simple_payback: float | None
    discounted_payback: float | None
    tco2e: float | None
    tco2e_note: str = ""  # why there is no tCO2e figure
    tco2e_estimate: str = ""  # the estimated factors the figure depends on
    rank: int | None = None

    @property
    def irr_percent(self) -> float | None:
        return None if self.irr is None else self.irr * 100

    def as_dict(self) -> dict[str, Any]:
        return {
            "net_annual_saving": self.net_saving, "npv": self.npv, "irr": self.irr,
            "simple_payback_years": self.simple_payback, "discounted_payback_years": self.discounted_payback,
            "tco2e_per_year": self.tco2e, "tco2e_note": self.tco2e_note,
            "tco2e_estimate": self.tco2e_estimate, "rank": self.rank,
        }


def option_year(option: Option) -> int:
    """The year whose grid factor applies: the implementation year, else the assessment's start year."""
    if option.implemented_date:
        return option.implemented_date.year
    return option.assessment.start_date.year


def option_tco2e(option: Option, factors: emissions.FactorTable) -> tuple[float | None, str, str]:
    """tCO2e a year, why it is missing ("no data" with its reason), and the estimated factors it uses."""
    year = option_year(option)
    try:
        total = emissions.electricity_tco2(float(option.saving_kwh), year, factors) if option.saving_kwh else 0.0
        if option.saving_fuel_t and option.fuel:
            total += emissions.fuel_tco2(option.fuel, float(option.saving_fuel_t), factors)
    except emissions.FactorMissingError as exc:
        return None, missing_factor_message(exc), ""
    used = factors.estimates(years=[year] if option.saving_kwh else [],
                             fuels=[option.fuel] if option.saving_fuel_t and option.fuel else [])
    return total, "", estimate_note(used, factors)


def option_figures(option: Option, factors: emissions.FactorTable | None = None) -> OptionFigures:
    factors = factors or factor_table()
    rate = float(option.discount_rate) / 100
    investment = float(option.actual_investment if option.actual_investment is not None else option.investment)
    net = float(option.net_annual_saving)
    flows = finance.option_cashflows(investment, net, option.lifetime_years)
    tco2e, note, estimate = option_tco2e(option, factors)
    return OptionFigures(
        net_saving=net,
        npv=finance.npv(rate, flows),
        irr=finance.irr(flows),
        simple_payback=finance.simple_payback(investment, net),
        discounted_payback=finance.discounted_payback(rate, investment, net, option.lifetime_years),
        tco2e=tco2e,
        tco2e_note=note,
        tco2e_estimate=estimate,
    )


def ranked_options(options: Iterable[Option],
                   factors: emissions.FactorTable | None = None) -> list[tuple[Option, OptionFigures]]:
    """Options with their figures; options not rejected are ranked by NPV, then by the shorter payback."""
    factors = factors or factor_table()
    pairs = [(o, option_figures(o, factors)) for o in options]
    candidates = [p for p in pairs if p[0].screening != Screening.REJECTED]
    candidates.sort(key=lambda p: (-p[1].npv, p[1].simple_payback if p[1].simple_payback is not None else 1e9))
    for rank, (_option, figures) in enumerate(candidates, start=1):
        figures.rank = rank
    return sorted(pairs, key=lambda p: (p[1].rank is None, p[1].rank or 0, p[0].pk))


# --- mass balance ------------------------------------------------------------------------------


@dataclass
class Balance:
    step: ProcessStep
    inputs_t: Decimal
    outputs_t: Decimal
    excluded: list[Flow] = field(default_factory=list)

    @property
    def difference_t(self) -> Decimal:
        return self.inputs_t - self.outputs_t

    @property
    def difference_share(self) -> Decimal:
        largest = max(self.inputs_t, self.outputs_t)
        return abs(self.difference_t) / largest if largest else Decimal(0)

    @property
    def has_mass_flows(self) -> bool:
        return bool(self.inputs_t or self.outputs_t)

    @property
    def is_balanced(self) -> bool:
        return self.difference_share <= BALANCE_TOLERANCE

    @property
    def warning(self) -> str:
        if not self.has_mass_flows or self.is_balanced:
            return ""
        return _("Cân bằng vật chất lệch %(p)s%%: đầu vào %(i)s tấn, đầu ra %(o)s tấn (cho phép %(t)s%%). "
                 "Kiểm tra lại các dòng chưa ghi nhận.") % {
            "p": format_number(self.difference_share * 100, 1),
            "i": format_number(self.inputs_t, 3), "o": format_number(self.outputs_t, 3),
            "t": f"{BALANCE_TOLERANCE * 100:.0f}",
        }


def balance(step: ProcessStep, flows: Sequence[Flow] | None = None) -> Balance:
    """Mass in vs mass out of one step (energy and counted products are left out)."""
    result = Balance(step=step, inputs_t=Decimal(0), outputs_t=Decimal(0))
    for flow in flows if flows is not None else step.flows.all():
        tonnes = flow.tonnes
        if tonnes is None:
            result.excluded.append(flow)
        elif flow.direction == FlowDirection.INPUT:
            result.inputs_t += tonnes
        else:
            result.outputs_t += tonnes
    return result


# --- M&V ---------------------------------------------------------------------------------------


PROBLEM_MESSAGES = {
    mv.PROBLEM_F_TEST: _("Kiểm định F của mô hình không đạt (p ≥ 0,10)."),
    mv.PROBLEM_VARIABLE_P: _("Có biến tác động không có ý nghĩa thống kê (p ≥ 0,20)."),
    mv.PROBLEM_NO_SIGNIFICANT: _("Không có biến tác động nào có p < 0,10."),
    mv.PROBLEM_R2: _("Hệ số xác định R² nhỏ hơn 0,5."),
    mv.PROBLEM_NO_DRIVER: _("Chưa chọn biến tác động (ví dụ sản lượng)."),
}


def _month_range(start: date, end: date) -> list[date]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(date(year, month, 1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


@dataclass
class MVResult:
    analysis: MVAnalysis
    model: mv.BaselineModel | None = None
    errors: list[str] = field(default_factory=list)  # why no model could be fitted / no savings reported
    problems: list[str] = field(default_factory=list)  # validity rules broken
    out_of_range: list[str] = field(default_factory=list)
    baseline_months: list[date] = field(default_factory=list)
    reporting_months: list[date] = field(default_factory=list)
    baseline_actual: list[float] = field(default_factory=list)
    reporting_actual: list[float] = field(default_factory=list)
    reporting_predicted: list[float] = field(default_factory=list)
    cusum: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # advice that does not invalidate the model
    savings: float | None = None
    savings_percent: float | None = None
    savings_vnd: float | None = None
    tco2e: float | None = None
    tco2e_note: str = ""
    tco2e_estimate: str = ""

    @property
    def is_valid(self) -> bool:
        return self.model is not None and not self.errors and not self.problems and not self.out_of_range

    @property
    def monthly_savings(self) -> list[tuple[date, float]]:
        return [(m, p - a) for m, p, a in zip(self.reporting_months, self.reporting_predicted,
                                               self.reporting_actual, strict=True)]


def _values(readings: dict[int, dict[date, float]], series_id: int, months: list[date]) -> list[float | None]:
    by_month = readings.get(series_id, {})
    return [by_month.get(m) for m in months]


def _load_readings(series_ids: Iterable[int]) -> dict[int, dict[date, float]]:
    readings: dict[int, dict[date, float]] = {}
    ids = sorted(set(series_ids))
    for start in range(0, len(ids), 5000):  # keep the IN list short (SQLite's variable limit)
        for series_id, period, value in Reading.objects.unscoped("readings of analyses the caller read in scope").filter(
                series_id__in=ids[start:start + 5000]).values_list(
                "series_id", "period", "value").iterator(chunk_size=20_000):
            readings.setdefault(series_id, {})[period] = float(value)
    return readings


def mv_results(analyses: Iterable[MVAnalysis], factors: emissions.FactorTable | None = None) -> list[MVResult]:
    """:func:`mv_result` for many analyses with one query for all their readings.

    Pass analyses with ``select_related("target")`` and ``prefetch_related("drivers")``.
    """
    items = list(analyses)
    ids = {a.target_id for a in items} | {d.pk for a in items for d in a.drivers.all()}
    readings = _load_readings(ids)
    factors = factors or factor_table()
    return [mv_result(a, factors, readings=readings) for a in items]


def mv_result(analysis: MVAnalysis, factors: emissions.FactorTable | None = None,
              readings: dict[int, dict[date, float]] | None = None) -> MVResult:
    """Fit the baseline, check validity, and compute savings only from a valid model."""
    result = MVResult(analysis=analysis)
    drivers = list(analysis.drivers.all())
    target = analysis.target
    result.baseline_months = _month_range(analysis.baseline_start, analysis.baseline_end)
    result.reporting_months = _month_range(analysis.reporting_start, analysis.reporting_end)
    if readings is None:
        readings = _load_readings([target.pk, *(d.pk for d in drivers)])

    def column(series_id: int, months: list[date], label: str) -> list[float]:
        values = _values(readings, series_id, months)
        missing = [m for m, v in zip(months, values, strict=True) if v is None]
        if missing:
            result.errors.append(_("Thiếu số liệu “%(s)s” các tháng: %(m)s.") % {
                "s": label, "m": ", ".join(f"{m:%m/%Y}" for m in missing[:12])})
        return [v or 0.0 for v in values]

    base_y = column(target.pk, result.baseline_months, target.name)
    base_x = {d.name: column(d.pk, result.baseline_months, d.name) for d in drivers}
    rep_y = column(target.pk, result.reporting_months, target.name)
    rep_x = {d.name: column(d.pk, result.reporting_months, d.name) for d in drivers}
    result.baseline_actual, result.reporting_actual = base_y, rep_y
    if len(result.baseline_months) % 12 or len(result.reporting_months) % 12 or \
            analysis.baseline_start.month != analysis.reporting_start.month:
        result.notes.append(_("Khuyến nghị: kỳ cơ sở và kỳ báo cáo là các năm trọn vẹn, cùng các tháng trong năm "
                              "(theo hướng dẫn EnPI)."))
    if len(result.baseline_months) < 12:
        result.errors.append(_("Kỳ cơ sở cần ít nhất 12 tháng (trọn năm); hiện có %(n)s tháng.") % {
            "n": len(result.baseline_months)})
    if result.errors:
        return result
    try:
        model = mv.fit_baseline(base_y, base_x)
    except mv.BaselineError as exc:
        result.errors.append(_("Không lập được đường cơ sở: %(e)s.") % {"e": exc.code})
        return result
    result.model = model
    result.problems = [str(PROBLEM_MESSAGES[p]) for p in model.problems]
    result.out_of_range = list(model.out_of_range(rep_x))
    predicted = model.predict(rep_x)
    result.reporting_predicted = [float(v) for v in predicted]
    result.cusum = [float(v) for v in mv.cusum(model, rep_y, rep_x)]
    if not result.is_valid:
        return result  # no savings from an invalid model
    saved = mv.savings(model, rep_y, rep_x)
    result.savings = saved
    result.savings_percent = saved / float(np.sum(predicted)) * 100 if np.sum(predicted) else None
    if target.unit_price is not None:
        result.savings_vnd = saved * float(target.unit_price)
    result.tco2e, result.tco2e_note, result.tco2e_estimate = _mv_tco2e(result, factors or factor_table())
    return result


def _mv_tco2e(result: MVResult, factors: emissions.FactorTable) -> tuple[float | None, str, str]:
    """tCO2e avoided, why it is missing, and the estimated factors it uses (see :func:`option_tco2e`)."""
    resource = result.analysis.target.resource
    try:
        if resource == Resource.ELECTRICITY:
            # the year of each reading chooses the grid factor
            total = sum(emissions.electricity_tco2(s, m.year, factors) for m, s in result.monthly_savings)
            return total, "", estimate_note(factors.estimates(years=[m.year for m in result.reporting_months]),
                                            factors)
        if resource in FUEL_RESOURCES:
            total = emissions.fuel_tco2(resource, result.savings or 0.0, factors)
            return total, "", estimate_note(factors.estimates(fuels=[resource]), factors)
    except emissions.FactorMissingError as exc:
        return None, missing_factor_message(exc), ""
    return None, "", ""
