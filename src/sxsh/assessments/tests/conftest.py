from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from sxsh.assessments import services
from sxsh.assessments.models import (
    Assessment,
    MonitoringSeries,
    MVAnalysis,
    Option,
    OptionCategory,
    Reading,
    Resource,
)


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


def load_mv_case(facility: Any, series: Any, cut: float = 0.1) -> tuple[MVAnalysis, float]:
    """Electricity on production, 2018 as baseline and 2019–2020 reporting with ``cut`` saved; the expected kWh."""
    energy, production = series
    rng = np.random.default_rng(5)
    months = monthly(2018, 36)
    output = rng.uniform(800, 1200, 36)
    use = (20_000 + 55 * output) * (1 + rng.normal(0, 0.004, 36))
    use[12:] *= 1 - cut
    Reading.objects.bulk_create(
        [Reading(series=production, period=m, value=Decimal(f"{v:.1f}")) for m, v in zip(months, output, strict=True)]
        + [Reading(series=energy, period=m, value=Decimal(f"{v:.0f}")) for m, v in zip(months, use, strict=True)])
    item = MVAnalysis.objects.create(facility=facility, name="Điện theo sản lượng", target=energy,
                                     baseline_start=date(2018, 1, 1), baseline_end=date(2018, 12, 1),
                                     reporting_start=date(2019, 1, 1), reporting_end=date(2020, 12, 1))
    item.drivers.set([production])
    expected = float(((20_000 + 55 * output[12:]) * cut).sum())
    return item, expected
