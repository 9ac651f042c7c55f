"""Synthetic assessments, options and monthly monitoring data for benchmarks (``generate_synthetic``).

Called by ``sxsh.directory.synthetic.generate`` with the directory-level context (facility ids, years,
a reproducible random stream per app). Writes with ``bulk_create``; no audit records (not user writes).
"""

import math
from datetime import date
from decimal import Decimal
from typing import Any

from .models import (
    TASKS,
    Assessment,
    AssessmentKind,
    AssessmentTask,
    MonitoringSeries,
    MVAnalysis,
    Option,
    OptionCategory,
    OptionStatus,
    Reading,
    Resource,
    Screening,
)

ASSESSED_SHARE = 0.15
MONITORED_SHARE = 0.10
BATCH = 2000
CATEGORIES = [c.value for c in OptionCategory]


def _months(first_year: int, years: int) -> list[date]:
    return [date(first_year + i // 12, i % 12 + 1, 1) for i in range(years * 12)]


def generate(context: Any) -> dict[str, int]:
    rng = context.app_rng("assessments")
    config = context.config
    first_year = context.first_year
    facility_ids = list(context.facility_ids)
    assessed = [pk for pk in facility_ids if rng.random() < ASSESSED_SHARE]
    monitored = [pk for pk in facility_ids if rng.random() < MONITORED_SHARE]

    assessments = [
        Assessment(facility_id=pk, title=f"Đánh giá SXSH (tổng hợp) {n + 1}", is_illustrative=True,
                   kind=AssessmentKind.RAPID if rng.random() < 0.6 else AssessmentKind.DETAILED,
                   start_date=date(first_year, rng.randint(1, 12), rng.randint(1, 28)),
                   current_step=rng.randint(1, 6), search_text=f"danh gia sxsh tong hop {n + 1}")
        for n, pk in enumerate(assessed)
    ]
    Assessment.objects.bulk_create(assessments, batch_size=BATCH)
    created = list(Assessment.objects.filter(facility_id__in=assessed, title__startswith="Đánh giá SXSH (tổng hợp)")
                   .values_list("pk", "start_date", "current_step"))
    tasks = [AssessmentTask(assessment_id=pk, number=n, step=step, done=step < current)
             for pk, _start, current in created for n, step, _label in TASKS]
    AssessmentTask.objects.bulk_create(tasks, batch_size=BATCH)
    options = []
    for pk, start, current in created:
        for i in range(rng.randint(1, 4)):
            investment = rng.choice([0, 5, 20, 50, 150, 400, 1200]) * 1_000_000
            implemented = current >= 5 and rng.random() < 0.6
            options.append(Option(
                assessment_id=pk, title=f"Giải pháp {i + 1}", category=rng.choice(CATEGORIES),
                screening=Screening.DIRECT if implemented else rng.choice([Screening.DIRECT, Screening.STUDY]),
                investment=Decimal(investment), saving_vnd=Decimal(int(investment * rng.uniform(0.3, 2.0)) + 10_000_000),
                saving_kwh=Decimal(rng.randint(0, 60) * 1000), lifetime_years=rng.randint(3, 10),
                status=OptionStatus.IMPLEMENTED if implemented else OptionStatus.PLANNED,
                implemented_date=date(min(start.year + 1, config.end_year), rng.randint(1, 12), 1) if implemented else None,
                actual_investment=Decimal(investment) if implemented else None,
            ))
    Option.objects.bulk_create(options, batch_size=BATCH)

    months = _months(first_year, config.years)
    series = []
    for pk in monitored:
        series.append(MonitoringSeries(facility_id=pk, name="Sản lượng", resource=Resource.PRODUCTION, unit="t"))
        series.append(MonitoringSeries(facility_id=pk, name="Điện năng", resource=Resource.ELECTRICITY, unit="kWh",
                                       unit_price=Decimal(1800)))
    MonitoringSeries.objects.bulk_create(series, batch_size=BATCH)
    by_facility: dict[int, dict[str, int]] = {}
    for pk, facility_id, resource in MonitoringSeries.objects.filter(facility_id__in=monitored).values_list(
            "pk", "facility_id", "resource"):
        by_facility.setdefault(facility_id, {})[resource] = pk
    readings: list[Reading] = []
    analyses = []
    saved = 0
    for facility_id, ids in by_facility.items():
        base, slope = rng.uniform(5_000, 50_000), rng.uniform(20, 120)
        low = rng.uniform(100, 1000)
        cut = rng.choice([0.0, 0.05, 0.1])
        for i, month in enumerate(months):
            output = low * (1 + 0.3 * math.sin(i / 1.9) + 0.2 * rng.random())
            use = (base + slope * output) * (1 + rng.gauss(0, 0.02)) * (1 - cut if i >= 12 else 1)
            readings.append(Reading(series_id=ids[Resource.PRODUCTION], period=month, value=Decimal(f"{output:.1f}")))
            readings.append(Reading(series_id=ids[Resource.ELECTRICITY], period=month, value=Decimal(f"{use:.0f}")))
        if len(readings) >= BATCH * 10:
            Reading.objects.bulk_create(readings, batch_size=BATCH)
            saved += len(readings)
            readings = []
        if config.years >= 2:
            analyses.append(MVAnalysis(
                facility_id=facility_id, name="Điện năng theo sản lượng", target_id=ids[Resource.ELECTRICITY],
                baseline_start=months[0], baseline_end=months[11], reporting_start=months[12],
                reporting_end=months[-1]))
    Reading.objects.bulk_create(readings, batch_size=BATCH)
    saved += len(readings)
    MVAnalysis.objects.bulk_create(analyses, batch_size=BATCH)
    through = MVAnalysis.drivers.through
    links = [through(mvanalysis_id=pk, monitoringseries_id=by_facility[facility_id][Resource.PRODUCTION])
             for pk, facility_id in MVAnalysis.objects.filter(facility_id__in=monitored).values_list("pk", "facility_id")]
    through.objects.bulk_create(links, batch_size=BATCH)
    return {"assessments": len(created), "assessment_options": len(options), "monitoring_series": len(series),
            "readings": saved, "mv_analyses": len(analyses)}
