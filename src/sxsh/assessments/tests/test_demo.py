from decimal import Decimal
from typing import Any

import pytest

from sxsh.accounts import demo as accounts_demo
from sxsh.assessments import analysis, demo
from sxsh.assessments.models import Assessment, EmissionFactor, FactorStatus, MVAnalysis, Option, Reading
from sxsh.directory import demo as directory_demo
from sxsh.directory.models import CPStatus

pytestmark = pytest.mark.django_db


def test_demo_loads_idempotently_with_valid_models(db: Any) -> None:
    directory_demo.load()
    accounts_demo.load()
    demo.load()
    counts = (Assessment.objects.count(), Option.objects.count(), Reading.objects.count())
    demo.load()
    assert (Assessment.objects.count(), Option.objects.count(), Reading.objects.count()) == counts
    assert counts[0] >= 3
    assert EmissionFactor.objects.filter(kind="grid", status=FactorStatus.OFFICIAL).count() == 10  # 2014–2023
    estimate = EmissionFactor.objects.get(kind="grid", year=2024)  # a research group's figure, not official
    assert (estimate.value, estimate.status) == (Decimal("0.6811"), FactorStatus.ESTIMATE)
    assert "vietnamplus" in estimate.source
    brewery = Option.objects.get(title__startswith="Quản lý nội vi: khắc phục rò rỉ")
    assert brewery.investment == 78_500_000 and brewery.saving_vnd == 533_000_000
    assert brewery.assessment.facility.cp_status == CPStatus.APPLYING
    assert Option.objects.filter(saving_kwh=40_000).exists()
    analyses = list(MVAnalysis.objects.select_related("target"))
    assert len({a.facility_id for a in analyses}) >= 2
    for item in analyses:
        result = analysis.mv_result(item)
        assert result.is_valid, (item.name, result.errors, result.problems)
        assert result.savings is not None and result.savings > 0
        assert len(result.baseline_months) + len(result.reporting_months) >= 24
