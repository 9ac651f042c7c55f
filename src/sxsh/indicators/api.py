"""Indicator catalogue (public) and computed values (scoped exactly like the dashboard)."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from sxsh.core.ids import Id
from sxsh.core.scoping import allows
from sxsh.core.tables_api import api_list

from . import selectors
from .models import Indicator, IndicatorValue
from .tables import VALUES

router = Router(tags=["indicators"])


class TargetOut(Schema):
    year: int
    value: Decimal
    value_high: Decimal | None
    unit_id: int | None
    source: str


class IndicatorOut(Schema):
    code: str
    name: str
    short_name: str
    unit: str
    numerator: str
    denominator: str
    factor: Decimal
    source_description: str
    legal_basis: str
    higher_is_better: bool
    level: str
    targets: list[TargetOut]

    @staticmethod
    def resolve_targets(obj: Indicator) -> list[Any]:
        return list(obj.targets.all())


class ValueOut(Schema):
    id: int
    indicator: str
    period_kind: str
    year: int
    period_no: int
    period_start: str
    period_end: str
    unit_id: int
    unit_name: str
    sector_code: str | None
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    record_model: str
    record_count: int
    note: str  # why value is empty ("no data"), e.g. a missing emission factor
    is_estimate: bool  # the value depends on an estimate (an estimated emission factor)
    view: str = Field(description="reported: theo địa giới khi báo cáo; restated: quy về địa giới hiện nay")
    unplaced_count: int = Field(description="số bản ghi giữ ở đơn vị này vì chưa xếp được vào đơn vị cấp dưới")
    computed_at: datetime

    @staticmethod
    def resolve_indicator(obj: IndicatorValue) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_unit_name(obj: IndicatorValue) -> str:
        return str(obj.unit)

    @staticmethod
    def resolve_sector_code(obj: IndicatorValue) -> str | None:
        return obj.sector.code if obj.sector else None

    @staticmethod
    def resolve_record_count(obj: IndicatorValue) -> int:
        return obj.record_count

    @staticmethod
    def resolve_period_start(obj: IndicatorValue) -> str:
        return obj.period_start.isoformat()

    @staticmethod
    def resolve_period_end(obj: IndicatorValue) -> str:
        return obj.period_end.isoformat()


class RecordOut(Schema):
    label: str
    url: str


@router.get("/indicators", response=list[IndicatorOut], auth=None)
def list_indicators(request: HttpRequest) -> Any:
    """The indicator catalogue with each indicator's definition and targets (public)."""
    return selectors.indicators().prefetch_related("targets")


def _require_viewer(request: HttpRequest) -> None:
    if not allows(request.user, IndicatorValue, "view"):
        raise HttpError(403, "Bạn không có quyền xem số liệu chỉ tiêu.")


api_list(router, "/values", VALUES, list[ValueOut], doc=(
    "Giá trị chỉ tiêu trong phạm vi của người gọi, cùng bộ lọc và thứ tự như trang /chi-tieu/gia-tri/: unit là đơn "
    "vị và mọi đơn vị trực thuộc (level giữ một cấp), period: year, q1–q4, m1–m12; view: reported (mặc định) hoặc "
    "restated. Đơn vị ngoài phạm vi của người gọi: 404."))


def _value_or_404(request: HttpRequest, value_id: int) -> IndicatorValue:
    _require_viewer(request)
    return get_object_or_404(selectors.values(request.user), pk=value_id)


@router.get("/values/{value_id}", response=ValueOut)
def get_value(request: HttpRequest, value_id: Id) -> Any:
    return _value_or_404(request, value_id)


@router.get("/values/{value_id}/records", response=list[RecordOut])
def value_records(request: HttpRequest, value_id: Id) -> Any:
    """The records behind a value (drill-down)."""
    value = _value_or_404(request, value_id)
    return [{"label": r.label, "url": r.url} for r in selectors.records_of(request.user, value)]
