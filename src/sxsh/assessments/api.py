"""Assessments, options (with computed figures), monitoring series and results, scoped like the pages."""

import math
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Body, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from sxsh.core.apidoc import stated
from sxsh.core.dates import Day
from sxsh.core.ids import Id
from sxsh.core.scoping import visible_or_404
from sxsh.core.tables_api import api_list
from sxsh.directory.models import Facility

from . import analysis, importing, selectors, services
from .models import Assessment, MonitoringSeries, Option
from .tables import ASSESSMENTS, OPTIONS, SERIES

router = Router(tags=["assessments"])
class TaskOut(Schema):
    number: int
    step: int
    label: str
    done: bool
    done_date: date | None


class AssessmentOut(Schema):
    id: int
    facility_id: int
    facility_name: str
    title: str
    kind: str
    consultant: str | None
    start_date: date
    end_date: date | None
    current_step: int
    is_illustrative: bool

    @staticmethod
    def resolve_facility_name(obj: Assessment) -> str:
        return obj.facility.name

    @staticmethod
    def resolve_consultant(obj: Assessment) -> str | None:
        return obj.consultant.get_full_name() or obj.consultant.username if obj.consultant else None


class AssessmentDetailOut(AssessmentOut):
    team: str
    tasks: list[TaskOut]

    @staticmethod
    def resolve_tasks(obj: Assessment) -> list[Any]:
        return list(obj.tasks.all())


class OptionOut(Schema):
    id: int
    assessment_id: int
    facility_id: int
    title: str
    category: str
    screening: str
    rejection_reason: str
    status: str
    investment: float
    saving_vnd: float
    opex_change: float
    lifetime_years: int
    discount_rate: float
    saving_kwh: float
    fuel: str
    saving_fuel_t: float
    saving_water_m3: float
    saving_material_t: float
    implemented_date: date | None
    actual_investment: float | None
    net_annual_saving: float
    npv: float
    irr: float | None
    simple_payback_years: float | None
    discounted_payback_years: float | None
    tco2e_per_year: float | None
    tco2e_note: str  # why there is no tCO2e figure ("no data" with its reason)
    tco2e_estimate: str  # set when the figure depends on an estimated emission factor


def _option_out(option: Option, factors: Any = None) -> dict[str, Any]:
    figures = analysis.option_figures(option, factors)
    data = {name: getattr(option, name) for name in (
        "id", "assessment_id", "title", "category", "screening", "rejection_reason", "status", "investment",
        "saving_vnd", "opex_change", "lifetime_years", "discount_rate", "saving_kwh", "fuel", "saving_fuel_t",
        "saving_water_m3", "saving_material_t", "implemented_date", "actual_investment")}
    data["facility_id"] = option.assessment.facility_id
    data.update(figures.as_dict())
    data.pop("rank", None)
    return data


class ReadingOut(Schema):
    period: date
    value: float


class SeriesOut(Schema):
    id: int
    facility_id: int
    name: str
    resource: str
    unit: str
    unit_price: float | None


class SeriesDetailOut(SeriesOut):
    readings: list[ReadingOut]

    @staticmethod
    def resolve_readings(obj: MonitoringSeries) -> list[Any]:
        return list(obj.readings.order_by("period"))


class SavingsBucket(Schema):
    energy_kwh: float
    fuel_t: dict[str, float]
    water_m3: float
    material_t: float
    vnd: float
    tco2e: float
    tco2e_complete: bool


class ResourceSavings(Schema):
    unit: str
    saved: float
    adjusted_baseline: float
    actual: float


class MeasuredOut(SavingsBucket):
    valid_analyses: int
    invalid_analyses: int
    by_resource: dict[str, ResourceSavings]


class EstimatedOut(SavingsBucket):
    implemented_options: int
    investment_vnd: float


class CombinedOut(Schema):
    """Per resource stream: measured where the stream has a valid M&V analysis, else estimated."""

    energy_kwh: float
    fuel_t: dict[str, float]
    water_m3: float
    material_t: float
    vnd: float
    tco2e: float | None  # None: no data (see tco2e_missing)
    tco2e_missing: list[str]
    tco2e_estimate: str
    basis: dict[str, str]  # stream -> "measured" | "estimated"


class ResultOut(Schema):
    facility_id: int
    facility_name: str
    ward_id: int
    sector_code: str
    measured: MeasuredOut
    estimated: EstimatedOut
    combined: CombinedOut


class AnalysisOut(Schema):
    id: int
    facility_id: int
    name: str
    target: str
    drivers: list[str]
    is_valid: bool
    errors: list[str]
    problems: list[str]
    out_of_range: list[str]
    r2: float | None
    coefficients: dict[str, float] | None
    p_values: dict[str, float] | None
    savings: float | None
    savings_percent: float | None
    savings_vnd: float | None
    tco2e: float | None
    tco2e_note: str
    tco2e_estimate: str


api_list(router, "/assessments", ASSESSMENTS, list[AssessmentOut],
         "Assessments in the caller's scope, filtered like the list page (``q`` ignores diacritics).")


@router.get("/assessments/{assessment_id}", response=AssessmentDetailOut)
def get_assessment(request: HttpRequest, assessment_id: Id) -> Any:
    return get_object_or_404(selectors.assessments_for(request.user).prefetch_related("tasks"), pk=assessment_id)


class _LazyOptions:
    """Computes figures only for the page the paginator slices (one emission-factor table for the page)."""

    def __init__(self, qs: Any) -> None:
        self.qs = qs

    def __len__(self) -> int:
        return int(self.qs.count())

    def count(self) -> int:
        return len(self)

    def __getitem__(self, item: Any) -> Any:
        factors = analysis.factor_table()
        return [_option_out(o, factors) for o in self.qs[item]]


api_list(router, "/options", OPTIONS, list[OptionOut],
         "Options with computed NPV, IRR, payback and tCO2e per year, filtered like the list page.",
         items=_LazyOptions)


@router.get("/options/{option_id}", response=OptionOut)
def get_option(request: HttpRequest, option_id: Id) -> Any:
    return _option_out(get_object_or_404(selectors.options_for(request.user), pk=option_id))


api_list(router, "/monitoring/series", SERIES, list[SeriesOut],
         "Monitoring series in the caller's scope, filtered like the list page.")


@router.get("/monitoring/series/{series_id}", response=SeriesDetailOut)
def get_series(request: HttpRequest, series_id: Id) -> Any:
    return get_object_or_404(selectors.series_for(request.user), pk=series_id)


class ReadingIn(Schema):
    period: str = stated(pattern=r"^((199[0-9]|20[0-9]{2}|2100)-(0?[1-9]|1[0-2])|(0?[1-9]|1[0-2])/(199[0-9]|20[0-9]{2}|2100))$",
                         description="Tháng: 2020-01 hoặc 01/2020")
    value: float = stated(minimum=0, exclusiveMaximum=1e12)


class ReadingsSaved(Schema):
    created: int
    updated: int


#: A batch of readings: at least one, at most a century of months.
READINGS_BODY = Body(..., min_length=1, max_length=1200)


@router.post("/monitoring/series/{series_id}/readings", response=ReadingsSaved)
def post_readings(request: HttpRequest, series_id: Id, payload: list[ReadingIn] = READINGS_BODY) -> Any:
    """Add or replace monthly readings; every row is checked first and nothing is saved if one is wrong
    (each month at most once in a request)."""
    series = get_object_or_404(selectors.series_for(request.user, action="change"), pk=series_id)
    if not selectors.can_edit_monitoring(request.user, series.facility):
        raise HttpError(404, _("Không tìm thấy."))
    errors, rows, seen = [], [], set()
    for index, item in enumerate(payload, start=1):
        period = importing.parse_month(item.period)
        if period is None:
            errors.append(_("Dòng %(n)s: tháng “%(v)s” không hợp lệ (ví dụ 2020-01).") % {"n": index, "v": item.period})
        elif period in seen:
            errors.append(_("Dòng %(n)s: tháng %(m)s bị trùng.") % {"n": index, "m": f"{period:%m/%Y}"})
        if not math.isfinite(item.value) or item.value < 0 or item.value >= 1e12:
            errors.append(_("Dòng %(n)s: giá trị phải là số không âm (nhỏ hơn 10¹²).") % {"n": index})
        if period is not None:
            seen.add(period)
            rows.append((period, Decimal(str(item.value))))
    if not payload:
        errors.append(_("Không có số liệu nào."))
    if errors:
        raise HttpError(422, " ".join(errors[:50]))
    created, updated = services.save_readings(acting_user=request.user, series=series, rows=rows)
    return {"created": created, "updated": updated}


@router.get("/monitoring/analyses", response=list[AnalysisOut])
@paginate(LimitOffsetPagination)
def list_analyses(request: HttpRequest, facility: Id | None = None) -> Any:
    """M&V analyses with the fitted model, its validity and the savings (only from a valid model)."""
    visible_or_404(request.user, Facility, facility)
    return _LazyAnalyses(selectors.analyses_for(request.user, facility))


class _LazyAnalyses(_LazyOptions):
    def __getitem__(self, item: Any) -> Any:
        out = []
        for obj in self.qs[item]:
            result = analysis.mv_result(obj)
            model = result.model
            out.append({
                "id": obj.pk, "facility_id": obj.facility_id, "name": obj.name, "target": obj.target.name,
                "drivers": [d.name for d in obj.drivers.all()], "is_valid": result.is_valid,
                "errors": result.errors, "problems": result.problems, "out_of_range": result.out_of_range,
                "r2": model.r2 if model else None, "coefficients": model.coefficients if model else None,
                "p_values": model.p_values if model else None, "savings": result.savings,
                "savings_percent": result.savings_percent, "savings_vnd": result.savings_vnd, "tco2e": result.tco2e,
                "tco2e_note": result.tco2e_note, "tco2e_estimate": result.tco2e_estimate,
            })
        return out


@router.get("/results", response=list[ResultOut])
def list_results(request: HttpRequest, facility: Id | None = None, date_from: Day | None = None,
                 date_to: Day | None = None) -> Any:
    """Savings per facility: measured (valid M&V) and estimated (implemented options)."""
    visible_or_404(request.user, Facility, facility)
    return selectors.facility_results(request.user, facility_ids=None if facility is None else [facility],
                                      date_from=date_from, date_to=date_to)
