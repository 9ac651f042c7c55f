from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sxsh.assessments import services
from sxsh.assessments.models import Assessment, MonitoringSeries, Option, OptionCategory, Resource


@pytest.fixture
def assessment(users: dict[str, Any], facility: Any) -> Assessment:
    return services.create_assessment(acting_user=users["consultant"], facility=facility, data={
        "title": "Đánh giá SXSH xưởng dệt", "kind": "detailed", "start_date": date(2019, 9, 1), "current_step": 3,
    })


@pytest.fixture
def option(users: dict[str, Any], assessment: Assessment) -> Option:
    return services.save_part(acting_user=users["consultant"], assessment=assessment, obj=Option(), data={
        "title": "Thay đèn LED", "category": OptionCategory.EM, "investment": Decimal(350_000_000),
        "saving_vnd": Decimal(100_000_000), "saving_kwh": Decimal(40_000), "lifetime_years": 10,
        "discount_rate": Decimal(10),
    })


def monthly(start_year: int, count: int) -> list[date]:
    return [date(start_year + i // 12, i % 12 + 1, 1) for i in range(count)]


@pytest.fixture
def series(users: dict[str, Any], facility: Any) -> tuple[MonitoringSeries, MonitoringSeries]:
    user = users["enterprise"]
    energy = services.save_series(acting_user=user, facility=facility, series=MonitoringSeries(), data={
        "name": "Điện năng", "resource": Resource.ELECTRICITY, "unit": "kWh", "unit_price": Decimal(1800)})
    production = services.save_series(acting_user=user, facility=facility, series=MonitoringSeries(), data={
        "name": "Sản lượng", "resource": Resource.PRODUCTION, "unit": "t"})
    return energy, production
