"""Reads of the plans app, always scoped to the acting user.

:func:`plan_overview` is the one source of the overview page, the XLSX and PDF progress reports and
the API's plan detail.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.roles import PLAN_OWNERS
from sxsh.core.scoping import THROUGH_RELATION, is_admin, unit_q

from . import progress
from .models import (
    DISPLAY_STATUS_LABELS,
    OVERDUE,
    REPORTER_ROLES,
    Activity,
    ActivityStatus,
    BudgetLine,
    Plan,
    PlanOwner,
    PlanStatus,
    ProgressUpdate,
    Stage,
    Target,
    Workstream,
)

#: Order of the derived statuses on screens and in reports.
DISPLAY_STATUSES = (ActivityStatus.NOT_STARTED, ActivityStatus.IN_PROGRESS, OVERDUE, ActivityStatus.SUSPENDED,
                    ActivityStatus.DONE)


def today() -> date:
    return timezone.localdate()


# --- plans -----------------------------------------------------------------------------------

def plans_for(user: Any, action: str = "view") -> QuerySet[Plan]:
    """Plans in the user's scope; the listing (``tables.PLANS``) filters and orders them."""
    return Plan.objects.restrict(user, action).select_related("issuer__unit__kind", "unit")


@dataclass(frozen=True)
class Ownership:
    """One owner of a plan in its history: the issuer from the issue date, then each recorded successor."""

    organisation: Any
    since: date
    basis: str = ""
    note: str = ""


def _load_owners(plan: Plan) -> None:
    """The plan's successors, loaded once onto it (``Plan.owner_on`` reads them; a second call is free)."""
    prefetch_related_objects([plan], Prefetch("owners", queryset=PlanOwner.objects.unscoped(THROUGH_RELATION).select_related(
        "organisation__unit__kind")))


def ownership(plan: Plan) -> list[Ownership]:
    _load_owners(plan)
    return [Ownership(plan.issuer, plan.issued_on), *(Ownership(o.organisation, o.since, o.basis, o.note)
                                                     for o in plan.owners.all())]


@dataclass(frozen=True)
class SuccessorNeeded:
    """The plan's owner belongs to a unit that has ended: who would naturally take it over, and from when."""

    owner: Any
    ended: date
    suggestion: Any  # the Department of the nearest unit above that still exists, or None


def successor_needed(plan: Plan) -> SuccessorNeeded | None:
    from datetime import timedelta

    from sxsh.directory.models import Organisation, OrganisationKind

    _load_owners(plan)
    owner = plan.owner_on(today())
    unit = owner.unit
    if unit.valid_to is None or unit.valid_to >= today():
        return None
    since = unit.valid_to + timedelta(days=1)
    ancestor = unit.parent
    while ancestor is not None and not ancestor.is_valid_on(since):
        ancestor = ancestor.parent
    suggestion = (Organisation.objects.unscoped("the Department suggested as successor").filter(unit=ancestor, kind=OrganisationKind.DOIT).order_by("pk").first()
                  if ancestor else None)
    return SuccessorNeeded(owner=owner, ended=since, suggestion=suggestion)


def plan_detail(user: Any, pk: int, action: str = "view") -> Plan:
    """One plan in the user's scope; raises ``Plan.DoesNotExist`` otherwise (a 404)."""
    return plans_for(user, action=action).get(pk=pk)


def can_edit_plan(user: Any, plan: Plan) -> bool:
    return Plan.objects.restrict(user, "change").filter(pk=plan.pk).exists()


# --- activities ------------------------------------------------------------------------------

def overdue_q(day: date | None = None) -> Q:
    return Q(due_date__lt=day or today()) & ~Q(status=ActivityStatus.DONE)


def activities_for(user: Any, action: str = "view") -> QuerySet[Activity]:
    """Activities in the user's scope, with ``shown_status`` (the reported status, or ``overdue`` past the due
    date and not done) and ``late``; the listing (``tables.ACTIVITIES``) filters and orders them."""
    late = overdue_q()
    return (Activity.objects.restrict(user, action)
            .select_related("workstream__plan", "responsible__unit__kind", "funding_source")
            .prefetch_related("coordinating")
            .annotate(shown_status=Case(When(late, then=Value(OVERDUE)), default=F("status")),
                      late=ExpressionWrapper(late, output_field=BooleanField())))


def workstreams_for(user: Any) -> QuerySet[Workstream]:
    return Workstream.objects.restrict(user).select_related("plan").order_by("plan_id", "order", "pk")


#: How long after a plan's period ends its unfinished activities still wait on the to-do (the time to finish
#: them and write the year's report); afterwards they stay "Quá hạn" on the plan's own pages only.
STILL_FOLLOWED = timedelta(days=90)


def overdue_activities(user: Any) -> QuerySet[Activity]:
    """Activities past their due date and not done, of the plans in force still followed (``STILL_FOLLOWED``)."""
    return activities_for(user).filter(overdue_q(), workstream__plan__status=PlanStatus.IN_FORCE,
                                       workstream__plan__period_end__gte=today() - STILL_FOLLOWED)


def activity_detail(user: Any, pk: int) -> Activity:
    return activities_for(user).get(pk=pk)


def my_activities(user: Any) -> QuerySet[Activity]:
    """Activities that the user's organisation leads or coordinates, in plans the user can see."""
    if not getattr(user, "organisation_id", None):
        return Activity.objects.none()
    org = user.organisation_id
    return (activities_for(user).filter(Q(responsible_id=org) | Q(coordinating__id=org)).distinct()
            .order_by("due_date", "pk"))


def updates_for(user: Any, activity: Activity) -> QuerySet[ProgressUpdate]:
    return (ProgressUpdate.objects.restrict(user).filter(activity=activity)
            .select_related("reported_by", "reporter_organisation")
            .prefetch_related("files", "links"))


def can_report(user: Any, activity: Activity) -> bool:
    """Plan owners (district or Department) with the plan in their subtree, or members of a responsible or
    coordinating organisation."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if user.role in PLAN_OWNERS:
        return Activity.objects.restrict(user, "change").filter(pk=activity.pk).exists()
    if user.role not in REPORTER_ROLES or not user.organisation_id:
        return False
    if not Activity.objects.restrict(user, "view").filter(pk=activity.pk).exists():
        return False
    return activity.responsible_id == user.organisation_id or activity.coordinating.filter(
        pk=user.organisation_id).exists()


def organisations_for_plans(user: Any) -> QuerySet[Any]:
    """Organisations that may lead or coordinate activities: the units above and below the user's."""
    from sxsh.directory.models import Organisation

    return Organisation.objects.scoped_by(
        unit_q(user, "unit__path", "view", read_ancestors=True)).select_related("unit")


# --- the overview (page, reports and API) ----------------------------------------------------

@dataclass
class ActivityRow:
    activity: Activity
    display_status: str
    percent: float
    narrative: str = ""  # the latest update's narrative (filled for reports only)

    @property
    def status_label(self) -> Any:
        return DISPLAY_STATUS_LABELS[self.display_status]


def budget_total(amounts: list[Decimal | None]) -> Decimal | None:
    """The sum of the budgets that are given; None ("chưa có") when none is."""
    given = [a for a in amounts if a is not None]
    return sum(given, Decimal(0)) if given else None


@dataclass
class WorkstreamSummary:
    workstream: Workstream
    rows: list[ActivityRow]
    progress: float
    budget: Decimal | None  # None: no activity has a budget yet
    spent: Decimal
    counts: dict[str, int]


#: The assessment of a plan target in reports.
MET, NOT_MET, NO_DATA = "met", "not_met", "no_data"


@dataclass
class TargetRow:
    """A plan target with the value achieved by the plan's unit (the indicator's yearly value)."""

    target: Target
    achieved: Decimal | None
    decimals: int
    assessment: str  # MET, NOT_MET or NO_DATA

    @property
    def assessment_label(self) -> str:
        return {MET: _("Đạt"), NOT_MET: _("Chưa đạt"), NO_DATA: _("Chưa có số liệu")}[self.assessment]


@dataclass
class BudgetTable:
    """The plan's budget by year (rows) and funding source (columns), with totals."""

    years: list[int]
    sources: list[Any]  # FundingSource
    cells: dict[tuple[int, int], Decimal]  # (year, source id) → amount
    lines: list[BudgetLine]

    @property
    def rows(self) -> list[tuple[int, list[Decimal | None], Decimal]]:
        return [(y, [self.cells.get((y, s.pk)) for s in self.sources],
                 sum((self.cells.get((y, s.pk), Decimal(0)) for s in self.sources), Decimal(0))) for y in self.years]

    @property
    def source_totals(self) -> list[Decimal]:
        return [sum((self.cells.get((y, s.pk), Decimal(0)) for y in self.years), Decimal(0)) for s in self.sources]

    @property
    def total(self) -> Decimal:
        return sum(self.cells.values(), Decimal(0))


def budget_table(lines: list[BudgetLine]) -> BudgetTable:
    sources = sorted({line.source for line in lines}, key=lambda s: s.name)
    return BudgetTable(years=sorted({line.year for line in lines}), sources=sources,
                       cells={(line.year, line.source_id): line.amount for line in lines}, lines=lines)


@dataclass
class PlanOverview:
    plan: Plan
    as_of: date
    workstreams: list[WorkstreamSummary]
    progress: float
    budget: Decimal | None  # None: no activity has a budget yet
    spent: Decimal
    counts: list[tuple[str, Any, int]]  # (status, label, count) in DISPLAY_STATUSES order
    overdue: list[ActivityRow]
    targets: list[Target] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    budget_table: BudgetTable = field(default_factory=lambda: budget_table([]))
    target_rows: list[TargetRow] = field(default_factory=list)  # with achieved values (reports only)
    narratives: dict[int, str] = field(default_factory=dict)  # activity id → latest narrative (reports only)

    @property
    def activity_count(self) -> int:
        return sum(len(w.rows) for w in self.workstreams)

    @property
    def spent_percent(self) -> float:
        return float(self.spent * 100 / self.budget) if self.budget else 0.0


def _as_of(user: Any, plan: Plan, workstreams: list[Workstream], day: date) -> dict[int, str]:
    """Put on each activity its state on ``day`` from the history of its updates (the latest update
    reported on or before ``day``; none: not started) and return the narratives of those updates."""
    latest: dict[int, tuple[Any, ...]] = {}
    history = (ProgressUpdate.objects.restrict(user).filter(activity__workstream__plan=plan, reported_on__lte=day)
               .order_by("activity_id", "-reported_on", "-pk")
               .values_list("activity_id", "status", "percent_complete", "spent_to_date", "reported_on", "narrative"))
    for row in history:
        latest.setdefault(row[0], row)
    for ws in workstreams:
        for a in ws.activities.all():
            _id, status, percent, spent, on, _n = latest.get(a.pk, (a.pk, ActivityStatus.NOT_STARTED, 0, None, None, ""))
            a.status, a.spent, a.last_update_on = status, spent, on
            a.percent_complete = int(progress.effective_percent(percent, status))
    return {pk: row[5] for pk, row in latest.items()}


def target_rows(user: Any, plan: Plan, targets: list[Target], day: date) -> list[TargetRow]:
    """Each target with the plan unit's value of its indicator for the year of ``day`` (at most the target's
    year) and the assessment: Đạt, Chưa đạt, or Chưa có số liệu (no indicator, or no value yet)."""
    from sxsh.indicators.selectors import achieved_values

    wanted = [(t.indicator_code, min(day.year, t.year)) for t in targets if t.indicator_code]
    found = achieved_values(user, plan.unit, wanted) if wanted else {}
    rows = []
    for t in targets:
        got = found.get((t.indicator_code, min(day.year, t.year)))
        value = got.value if got else None
        if value is None or got is None:
            assessment = NO_DATA
        else:
            met = value >= t.target_value if got.higher_is_better else value <= t.target_value
            assessment = MET if met else NOT_MET
        rows.append(TargetRow(t, value, got.decimals if got else 0, assessment))
    return rows


def plan_overview(user: Any, plan: Plan, as_of: date | None = None, with_narratives: bool = False) -> PlanOverview:
    """Workstreams with their activities, progress roll-ups, counts by status, overdue list, spend vs budget.

    Five queries: workstreams, their activities (with organisations), targets, stages and budget lines.
    With ``as_of`` (the reports), every figure is the plan's state on that day, from the history of
    progress updates, and the targets come with their achieved values.
    """
    activities = (Activity.objects.restrict(user).select_related("responsible", "funding_source")
                  .prefetch_related("coordinating").order_by("order", "pk"))
    workstreams = list(
        Workstream.objects.restrict(user).filter(plan=plan).order_by("order", "pk")
        .prefetch_related(Prefetch("activities", queryset=activities))
    )
    dated = as_of is not None
    as_of = as_of or today()
    narratives: dict[int, str] = _as_of(user, plan, workstreams, as_of) if dated else {}
    summaries: list[WorkstreamSummary] = []
    all_rows: list[ActivityRow] = []
    for ws in workstreams:
        rows = [
            ActivityRow(a, OVERDUE if progress.is_overdue(a.due_date, a.status, as_of) else a.status,
                        progress.effective_percent(a.percent_complete, a.status))
            for a in ws.activities.all()
        ]
        all_rows.extend(rows)
        summaries.append(WorkstreamSummary(
            workstream=ws, rows=rows,
            progress=progress.weighted_progress(
                progress.Item(r.activity.weight, r.activity.percent_complete, r.activity.status) for r in rows),
            budget=budget_total([r.activity.budget for r in rows]),
            spent=sum((r.activity.spent or Decimal(0) for r in rows), Decimal(0)),
            counts=dict(Counter(r.display_status for r in rows)),
        ))
    counter = Counter(r.display_status for r in all_rows)
    if with_narratives and not dated:
        latest = (ProgressUpdate.objects.restrict(user).filter(activity__workstream__plan=plan)
                  .order_by("activity_id", "-reported_on", "-pk").values_list("activity_id", "narrative"))
        for activity_id, narrative in latest:
            narratives.setdefault(activity_id, narrative)
    if with_narratives:
        for row in all_rows:
            row.narrative = narratives.get(row.activity.pk, "")
    targets = list(Target.objects.restrict(user).filter(plan=plan).select_related("workstream"))
    return PlanOverview(
        plan=plan, as_of=as_of, workstreams=summaries,
        progress=progress.weighted_progress(
            progress.Item(r.activity.weight, r.activity.percent_complete, r.activity.status) for r in all_rows),
        budget=budget_total([s.budget for s in summaries]),
        spent=sum((s.spent for s in summaries), Decimal(0)),
        counts=[(s, DISPLAY_STATUS_LABELS[s], counter.get(s, 0)) for s in DISPLAY_STATUSES],
        overdue=sorted((r for r in all_rows if r.display_status == OVERDUE), key=lambda r: r.activity.due_date),
        targets=targets, target_rows=target_rows(user, plan, targets, as_of) if dated else [],
        narratives=narratives,
        stages=list(Stage.objects.restrict(user).filter(plan=plan)),
        budget_table=budget_table(list(BudgetLine.objects.restrict(user).filter(plan=plan).select_related("source"))),
    )


# --- timeline --------------------------------------------------------------------------------

@dataclass
class TimelineBar:
    row: ActivityRow
    x: float  # percent of the chart width
    width: float
    done_width: float
    y: int


@dataclass
class TimelineStage:
    stage: Stage
    x: float
    width: float


@dataclass
class Timeline:
    start: date
    end: date
    months: list[tuple[float, str]]  # (x percent, label): months, quarters or years, whichever stay readable
    today_x: float | None
    groups: list[tuple[WorkstreamSummary, int, list[TimelineBar]]]  # (workstream, header y, bars)
    height: int
    stages: list[TimelineStage] = field(default_factory=list)
    top: int = 30  # y of the first row (below the axis labels and the stage band)


ROW_HEIGHT = 26
#: Most axis labels the chart takes before they would overlap (labels up to "Quý IV/2020" wide).
MAX_TICKS = 24


def _month_starts(start: date, end: date, step: int) -> list[date]:
    """First days of every ``step``-th month (1, 3 or 12, aligned on quarters and years) in the span."""
    month = ((start.month - 1) // step) * step + 1
    cursor, out = date(start.year, month, 1), []
    while cursor <= end:
        out.append(cursor)
        index = cursor.month - 1 + step
        cursor = date(cursor.year + index // 12, index % 12 + 1, 1)
    return out


def axis_ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Labels of the time axis: months for a short plan, quarters or years (every few) for a long one."""
    for step, label in ((1, lambda d: f"T{d.month}/{d.year}"),
                        (3, lambda d: _("Quý %(q)s/%(y)s") % {"q": ROMAN[(d.month - 1) // 3], "y": d.year}),
                        (12, lambda d: str(d.year))):
        ticks = _month_starts(start, end, step)
        if len(ticks) <= MAX_TICKS:
            return [(max(t, start), label(t)) for t in ticks]
    years = _month_starts(start, end, 12)
    every = -(-len(years) // MAX_TICKS)
    return [(max(t, start), str(t.year)) for t in years[::every]]


ROMAN = ("I", "II", "III", "IV")


def timeline(overview: PlanOverview) -> Timeline:
    """Bars over the plan period (positions in percent of the width; rows in pixels)."""
    plan = overview.plan
    dates = [r.activity.start_date for w in overview.workstreams for r in w.rows] + \
            [r.activity.due_date for w in overview.workstreams for r in w.rows]
    start = min([plan.period_start, *dates])
    end = max([plan.period_end, *dates])
    span = max(1, (end - start).days + 1)

    def x_of(day: date) -> float:
        return round(100.0 * (day - start).days / span, 3)

    ticks = [(x_of(day), label) for day, label in axis_ticks(start, end)]
    stages = [TimelineStage(stage=s, x=x_of(max(s.start_date, start)),
                            width=round(100.0 * ((min(s.end_date, end) - max(s.start_date, start)).days + 1) / span, 3))
              for s in overview.stages]
    top = 30 + (ROW_HEIGHT if stages else 0)
    y = top
    groups = []
    for ws in overview.workstreams:
        header_y = y
        y += ROW_HEIGHT
        bars = []
        for row in ws.rows:
            a = row.activity
            x = x_of(a.start_date)
            width = max(0.6, round(100.0 * ((a.due_date - a.start_date).days + 1) / span, 3))
            bars.append(TimelineBar(row=row, x=x, width=width, done_width=round(width * row.percent / 100, 3), y=y))
            y += ROW_HEIGHT
        groups.append((ws, header_y, bars))
    as_of = overview.as_of
    today_x = x_of(as_of) if start <= as_of <= end else None
    return Timeline(start=start, end=end, months=ticks, today_x=today_x, groups=groups, height=y + 10,
                    stages=stages, top=top)
