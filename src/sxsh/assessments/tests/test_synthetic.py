import random
from dataclasses import dataclass, field
from typing import Any

import pytest

from sxsh.assessments import analysis, selectors, synthetic
from sxsh.assessments.models import MVAnalysis, Reading
from sxsh.testing.factories import FacilityFactory

pytestmark = pytest.mark.django_db


@dataclass
class Config:
    years: int = 3
    end_year: int = 2021
    seed: int = 1


@dataclass
class Context:
    facility_ids: list[int]
    config: Config = field(default_factory=Config)

    def app_rng(self, app: str) -> random.Random:
        return random.Random(f"{self.config.seed}:{app}")

    @property
    def first_year(self) -> int:
        return self.config.end_year - self.config.years + 1


def test_synthetic_data_gives_valid_baselines(users: dict[str, Any], reference: Any) -> None:
    facilities = [FacilityFactory().pk for _ in range(60)]
    counts = synthetic.generate(Context(facility_ids=facilities))
    assert counts["mv_analyses"] == MVAnalysis.objects.count() > 0
    assert Reading.objects.count() == counts["readings"] == counts["mv_analyses"] * 2 * 36
    results = analysis.mv_results(MVAnalysis.objects.select_related("target").prefetch_related("drivers"))
    assert sum(r.is_valid for r in results) >= 0.8 * len(results)
    assert len(selectors.facility_results(users["admin"])) >= counts["mv_analyses"]
