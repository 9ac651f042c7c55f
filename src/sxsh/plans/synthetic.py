"""Synthetic CP action plans for the city-size dataset (``manage.py generate_synthetic``).

Each synthetic district issues one plan covering the dataset's years, issued by its People's Committee,
with the demo plan's four workstreams, three or four activities each (the district's economic division
in charge, spread over the years, with budgets), quarterly progress updates up to the end of the data,
and yearly targets for the CP status shares (synced into the indicator targets like a real plan's).
Bulk-created; each activity's status, progress and spending are copied from its latest update as
``services.refresh_activity`` does. No audit records (not user writes).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from sxsh.calc.text import fold
from sxsh.directory.synthetic import SyntheticContext, bulk_insert

from . import progress
from .demo import WORKSTREAMS
from .models import Activity, ActivityStatus, FundingSource, Plan, PlanStatus, ProgressUpdate, Target, Workstream

FUNDING = ("Ngân sách địa phương", "Ngân sách cấp trên", "Kinh phí khuyến công")
#: Yearly plan targets (share in %): start, yearly increase.
TARGETS = (("cp_aware_share", "Tỷ lệ cơ sở nhận thức được lợi ích của SXSH", 60, 8),
           ("cp_applying_share", "Tỷ lệ cơ sở áp dụng SXSH", 20, 6))


def _updates(rng: random.Random, start: date, due: date, last_day: date) -> list[tuple[date, int, str, int]]:
    """(reported_on, percent, status, spent share in %) at the end of each quarter from ``start``
    until the data ends; the percentage climbs to 100 around the due date, or stalls."""
    out: list[tuple[date, int, str, int]] = []
    span = max((due - start).days, 1)
    day = _quarter_end(start)
    stalls = rng.random() < 0.15
    while day <= last_day:
        elapsed = (day - start).days / span
        percent = min(100, int(elapsed * rng.uniform(70, 115)))
        if stalls:
            percent = min(percent, 60)
        status = ActivityStatus.DONE if percent >= 100 else ActivityStatus.IN_PROGRESS
        out.append((day, max(percent, 5), status, min(100, percent + rng.randint(-10, 10))))
        if status == ActivityStatus.DONE:
            break
        day = _quarter_end(day + timedelta(days=1))
    return out


def _quarter_end(day: date) -> date:
    month = (day.month - 1) // 3 * 3 + 3
    return (date(day.year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)


def generate(context: SyntheticContext) -> dict[str, int]:
    from sxsh.directory.models import AdministrativeUnit, Organisation, OrganisationKind

    rng = context.app_rng("plans")
    first, last = context.first_year, context.config.end_year
    last_day = date(last, 12, 31)
    districts = list(AdministrativeUnit.objects.filter(pk__in=context.district_ids).order_by("path"))
    organisations = []
    for d in districts:
        for kind, name in ((OrganisationKind.PEOPLES_COMMITTEE, f"Ủy ban nhân dân {d.name}"),
                           (OrganisationKind.ECONOMIC_DIVISION, f"Phòng Kinh tế {d.name}")):
            organisations.append(Organisation(name=name, short_name=name[:80], unit=d, kind=kind, search_text=fold(name)))
    bulk_insert(Organisation, organisations)
    org = {(unit_id, kind): pk for pk, unit_id, kind in Organisation.objects.filter(unit__in=districts).order_by(
        "pk").values_list("pk", "unit_id", "kind")}

    plans = []
    for n, d in enumerate(districts, start=1):
        number, title = f"{100 + n}/KH-UBND", f"Kế hoạch thực hiện sản xuất sạch hơn trong công nghiệp {d.name}"
        plans.append(Plan(
            number=number, title=title, issuer_id=org[(d.pk, OrganisationKind.PEOPLES_COMMITTEE)], unit=d, owner_unit=d,
            issued_on=date(first, 1, 15), period_start=date(first, 2, 1), period_end=last_day,
            summary=f"Kế hoạch tổng hợp (dữ liệu tổng hợp cho kiểm thử quy mô) của {d.name}.",
            status=PlanStatus.IN_FORCE, search_text=fold(f"{number} {title}"),
        ))
    bulk_insert(Plan, plans)
    plan_ids = list(Plan.objects.filter(unit__in=districts).order_by("unit__path").values_list("pk", "unit_id"))
    bulk_insert(Workstream, (
        Workstream(plan_id=plan_id, order=order, title=title, description=description)
        for plan_id, _unit in plan_ids for order, title, description, _activities in WORKSTREAMS
    ))
    streams = list(Workstream.objects.filter(plan_id__in=[p for p, _u in plan_ids]).order_by("plan_id", "order")
                   .values_list("pk", "plan__unit_id", "order"))
    titles = {order: [a[0] for a in activities] for order, _t, _d, activities in WORKSTREAMS}
    days = (last_day - date(first, 2, 1)).days
    funding = [FundingSource.objects.get_or_create(name=name)[0].pk for name in FUNDING]

    activities, schedule = [], []
    for stream_id, unit_id, order in streams:
        for i, title in enumerate(rng.sample(titles[order], min(len(titles[order]), rng.randint(3, 4))), start=1):
            start = date(first, 2, 1) + timedelta(days=rng.randint(0, max(days - 120, 0)))
            due = min(start + timedelta(days=rng.randint(60, 540)), last_day)
            reports = _updates(rng, start, due, last_day)
            budget = Decimal(rng.randint(2, 40) * 5_000_000)
            latest = reports[-1] if reports else None
            activities.append(Activity(
                workstream_id=stream_id, order=i, title=title,
                responsible_id=org[(unit_id, OrganisationKind.ECONOMIC_DIVISION)],
                start_date=start, due_date=due, budget=budget, funding_source_id=rng.choice(funding),
                status=latest[2] if latest else ActivityStatus.NOT_STARTED,
                percent_complete=int(progress.effective_percent(latest[1], latest[2])) if latest else 0,
                spent=(budget * latest[3] / 100).quantize(Decimal(1)) if latest else None,
                last_update_on=latest[0] if latest else None, search_text=fold(title),
            ))
            schedule.append((budget, reports))
    bulk_insert(Activity, activities)
    activity_ids = list(Activity.objects.filter(workstream_id__in=[s[0] for s in streams]).order_by(
        "workstream__plan_id", "workstream__order", "order").values_list("pk", flat=True))
    update_count = bulk_insert(ProgressUpdate, (
        ProgressUpdate(activity_id=pk, reported_on=day, percent_complete=percent, status=status,
                       spent_to_date=(budget * spent / 100).quantize(Decimal(1)),
                       narrative=f"Báo cáo tiến độ quý (dữ liệu tổng hợp): đạt {percent}%.")
        for pk, (budget, rows) in zip(activity_ids, schedule, strict=True) for day, percent, status, spent in rows
    ))
    targets = bulk_insert(Target, (
        Target(plan_id=plan_id, indicator_code=code, name=name, unit_of_measure="%", year=year,
               target_value=Decimal(min(100, start + step * (year - first))), note="Dữ liệu tổng hợp")
        for plan_id, _unit in plan_ids for code, name, start, step in TARGETS for year in range(first, last + 1)
    ))
    return {"plans": len(plans), "plan_activities": len(activities), "plan_updates": update_count, "plan_targets": targets}


def flush(district_paths: list[str]) -> None:
    """Synthetic plans protect their districts and organisations: remove them first (cascades the rest)."""
    from django.db.models import Q

    query = Q()
    for path in district_paths:
        query |= Q(unit__path__startswith=path)
    if query:
        Plan.objects.filter(query).delete()
