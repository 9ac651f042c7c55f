"""Writes of the indicators app: recomputation, report workflow. Atomic, audited, permission-checked."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core import audit
from sxsh.core.numbering import next_number
from sxsh.core.pdf import official_language
from sxsh.core.roles import REVIEWERS, Role
from sxsh.core.scoping import HELD, allows, ensure_in_scope, is_admin
from sxsh.directory import bodies
from sxsh.directory.models import AdministrativeUnit, UnitLevel

from . import engine, notices, selectors, sources, subjects
from .models import Indicator, IndicatorTarget, IndicatorValue, Report, ReportReview, ReportStatus, ReviewStep, View
from .periods import Period, periods_of_year
from .selectors import approver_unit, is_sent_up, report_approver
from .sources import COMPUTATION

#: The kind of the periodic reports in their number ("15/BC-UBND").
REPORT_KIND = "BC"

Progress = Callable[[int, str], None]
RECOMPUTE_ROLES = frozenset({Role.DISTRICT, Role.DOIT})


def can_recompute(user: Any) -> bool:
    return bool(user is None or is_admin(user) or getattr(user, "role", None) in RECOMPUTE_ROLES)


def _units_by_span(period: Period) -> list[tuple[Period, list[tuple[int, str]]]]:
    """The units valid in the period ("as reported"), grouped by the part of the period they were valid in:
    the whole period for most; January–June and July–December of 2025 for the units closed and opened by
    the reorganisation of 1/7/2025. Each part is computed on its own, clipped period."""
    units = AdministrativeUnit.objects.unscoped(COMPUTATION).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.start),
    ).order_by("path")
    spans: dict[tuple[date, date], list[tuple[int, str]]] = {}
    for pk, path, valid_from, valid_to in units.values_list("pk", "path", "valid_from", "valid_to"):
        span = (max(valid_from or period.start, period.start), min(valid_to or period.end, period.end))
        spans.setdefault(span, []).append((pk, path))
    whole = (period.start, period.end)
    return [(period if span == whole else period.clipped(*span), rows) for span, rows in sorted(spans.items())]


def _today(cache: dict[str, Any]) -> tuple[list[tuple[int, str]], dict[str, str]]:
    """Today's units ("restated") and, for each closed unit that went whole into another, the path of the
    unit valid today it ended up in (following successors); read once per run."""
    if "today_units" not in cache:
        today = timezone.localdate()
        rows = list(AdministrativeUnit.objects.unscoped(COMPUTATION).order_by("path").values_list("pk", "path", "successor_id", "valid_to"))
        by_pk = {pk: (path, successor, valid_to) for pk, path, successor, valid_to in rows}
        current = [(pk, path) for pk, path, _s, valid_to in rows if valid_to is None or valid_to >= today]
        remap: dict[str, str] = {}
        for pk, (path, successor, valid_to) in by_pk.items():
            seen = {pk}
            while valid_to is not None and valid_to < today and successor is not None and successor not in seen:
                seen.add(successor)
                target, successor, valid_to = by_pk[successor]
                if valid_to is None or valid_to >= today:
                    remap[path] = target
        cache["today_units"] = (current, remap)
    return cache["today_units"]  # type: ignore[no-any-return]


def recompute_period(indicator: Indicator, period: Period, cache: dict[str, Any]) -> int:
    """Replace the stored values of one indicator and period, in both views; returns how many were stored."""
    batches: list[tuple[str, Period, list[engine.StoredCell], str]] = []
    for span, units in _units_by_span(period):
        cache[sources.WARDS_ON] = span.end
        result = sources.compute(indicator.code, span, cache)
        if result is not None:
            batches.append((View.REPORTED, span, engine.stored_cells(
                result, units, indicator.factor, indicator.is_ratio), result.record_model))
    cache[sources.WARDS_ON] = None
    result = sources.compute(indicator.code, period, cache)
    if result is not None:
        today_units, remap = _today(cache)
        batches.append((View.RESTATED, period, engine.stored_cells(
            result, today_units, indicator.factor, indicator.is_ratio, remap), result.record_model))
    now = timezone.now()
    with transaction.atomic():
        IndicatorValue.objects.unscoped(COMPUTATION).filter(
            indicator=indicator, period_kind=period.kind, year=period.year, period_no=period.number
        ).delete()
        for view, span, cells, record_model in batches:
            _insert_values(IndicatorValue(
                indicator=indicator, period_kind=period.kind, year=period.year, period_no=period.number,
                period_start=span.start, period_end=span.end, record_model=record_model, computed_at=now, view=view,
            ), cells)
    return sum(len(cells) for _v, _s, cells, _m in batches)


#: The columns that differ from one value of an indicator × period to the next, in the order of the
#: per-row part of each inserted row; the other columns are the same for the whole period.
_PER_ROW = ("unit_id", "sector_id", "numerator", "denominator", "value", "record_count", "record_ids", "note",
            "is_estimate", "unplaced_count")
_BATCH = 2000


def _insert_values(template: IndicatorValue, cells: list[engine.StoredCell]) -> None:
    """Insert the values of one indicator × period: ``COPY`` on PostgreSQL, ``executemany`` in batches
    of 2,000 on SQLite.

    The same stored rows as ``bulk_create`` (a test compares them), without its per-row cost: the
    columns equal for the whole period (indicator, period, timestamps…) are prepared once by their
    fields; per row, the engine's ints, Decimals and Nones are what both backends take as they are, and
    only the id list goes through its JSON field. No model instance is built per value and no SQL is
    compiled per batch.
    """
    if not cells:
        return
    connection = transaction.get_connection()  # the connection itself: Django's proxy costs a lookup per use
    meta = IndicatorValue._meta
    by_attname = {f.attname: f for f in meta.concrete_fields if not f.primary_key}
    constant_fields = [f for name, f in by_attname.items() if name not in _PER_ROW]
    columns = [*constant_fields, *(by_attname[name] for name in _PER_ROW)]
    constant = tuple(f.get_db_prep_save(f.pre_save(template, True), connection) for f in constant_fields)
    ids_field = by_attname["record_ids"]
    no_ids = ids_field.get_db_prep_save([], connection)
    rows = [
        (*constant, c.unit_id, c.sector_id, c.numerator, c.denominator, c.value, c.record_count,
         ids_field.get_db_prep_save(c.own_ids, connection) if c.own_ids else no_ids, c.note, c.is_estimate, c.unplaced)
        for c in cells
    ]
    quote = connection.ops.quote_name
    table, names = quote(meta.db_table), ", ".join(quote(str(f.column)) for f in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: a pipeline of single-row INSERTs (or one huge multi-row INSERT, bound client-side)
            # spends far longer than the rows take to write
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:  # SQLite runs executemany on one prepared statement
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
            for start in range(0, len(rows), _BATCH):
                cursor.executemany(sql, rows[start:start + _BATCH])


def recompute(
    *, acting_user: Any, years: list[int], codes: list[str] | None = None, progress: Progress | None = None
) -> int:
    """Recompute every catalogue indicator (or ``codes``) for each period of ``years``.

    Each indicator × period is replaced in its own transaction, so readers never see half a period.
    ``acting_user`` None means the system (demo loading, the command line).
    """
    if not can_recompute(acting_user):
        raise PermissionDenied
    sync_plan_targets()
    inds = list(selectors.indicators().filter(code__in=codes) if codes else selectors.indicators())
    periods = [p for y in sorted(set(years)) for p in periods_of_year(y)]
    total = max(len(inds) * len(periods), 1)
    stored = 0
    step = 0
    cache: dict[str, Any] = {}  # shared by the sources during one run (status snapshots, M&V results)
    for period in periods:
        for ind in inds:
            stored += recompute_period(ind, period, cache)
            step += 1
            if progress:
                progress(int(step * 100 / total), f"{ind.short_name} – {period.label}")
    with transaction.atomic():
        audit.record(acting_user=acting_user, action="indicators.values.recomputed",
                     after={"years": sorted(set(years)), "codes": [i.code for i in inds], "values": stored},
                     object_repr=_("Tính lại chỉ tiêu"))
    return stored


def sync_plan_targets() -> int:
    """Copy the plan targets that carry an ``indicator_code`` (plans app) into the indicator targets.

    A plan target applies to the plan's own unit (the district); the national targets stay for the
    others. Targets of draft plans are ignored. Nothing happens until the plans app has targets.
    """
    target_model = sources.model_or_none("plans.Target")
    if target_model is None:
        return 0
    codes = {i.code: i for i in Indicator.objects.unscoped("reference data: the indicator catalogue")}
    seen: set[str] = set()
    with transaction.atomic():
        rows = target_model._default_manager.unscoped(COMPUTATION).select_related("plan").exclude(indicator_code="").exclude(plan__status="draft")  # type: ignore[attr-defined]
        for t in rows:
            code = selectors.CODE_ALIASES.get(t.indicator_code, t.indicator_code)  # type: ignore[attr-defined]
            indicator = codes.get(code or "")
            if indicator is None:
                continue
            ref = f"plans.target:{t.pk}"
            plan = t.plan  # type: ignore[attr-defined]
            clash = IndicatorTarget.objects.unscoped(COMPUTATION).filter(indicator=indicator, year=t.year,  # type: ignore[attr-defined]
                                                   unit_id=plan.unit_id).exclude(external_ref=ref)
            if clash.exists():
                continue  # two plan targets for the same indicator, year and unit: keep the first
            seen.add(ref)
            IndicatorTarget.objects.unscoped(COMPUTATION).update_or_create(
                external_ref=ref,
                defaults={"indicator": indicator, "year": t.year, "unit_id": plan.unit_id,  # type: ignore[attr-defined]
                          "value": t.target_value, "value_high": t.target_high,  # type: ignore[attr-defined]
                          "source": f"{plan.number}: {t.name}"[:300]},  # type: ignore[attr-defined]
            )
        IndicatorTarget.objects.unscoped(COMPUTATION).filter(external_ref__startswith="plans.target:").exclude(external_ref__in=seen).delete()
    return len(seen)


# --- reports ------------------------------------------------------------------------------------------

class ReportError(ValidationError):
    """A workflow step that is not allowed now; the message is for the user."""


def _keep_step(report: Report, step: str, acting_user: Any, at: Any, comment: str = "") -> ReportReview:
    """Keep one review step (in the transaction of the step itself): a submission opens a new round."""
    last = report.reviews.order_by("-round").values_list("round", flat=True).first() or 0
    opens = step in (ReviewStep.SUBMITTED, ReviewStep.RESUBMITTED) or last == 0
    return ReportReview.objects.unscoped(HELD).create(
        report=report, round=last + 1 if opens else last, step=step, at=at, comment=comment,
        by=acting_user if getattr(acting_user, "is_authenticated", False) else None)


def _check_unit_existed(unit: AdministrativeUnit, period: Period) -> None:
    if (unit.valid_from and unit.valid_from > period.end) or (unit.valid_to and unit.valid_to < period.start):
        raise ReportError(_("%(unit)s không tồn tại trong kỳ %(period)s (hiệu lực %(start)s – %(end)s): không thể "
                            "lập báo cáo của đơn vị cho kỳ này.") % {
            "unit": unit, "period": period.label,
            "start": unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "…",
            "end": unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "…"})


@official_language  # frozen figures go into official reports: their labels in Vietnamese
def _snapshot(user: Any, report: Report) -> dict[str, Any]:
    period = Period(report.period_kind, report.year, report.period_no)
    rows = selectors.summary_rows(user, report.unit, period)
    data: dict[str, Any] = {"rows": [r.as_dict() for r in rows], "taken_at": timezone.now().isoformat()}
    if report.unit.level != UnitLevel.COMMUNE:
        data["wards"] = [
            {"unit": name, "rows": [r.as_dict() for r in ward_rows]}
            for name, ward_rows in selectors.report_ward_rows(user, report)
        ]
    return data


def report_number(report: Report) -> str:
    """"15/BC-UBND" ("3/BC-SCT" for a province, issued by its Department): the next number of the unit's
    reports in the report's year (Decree 30 numbers per issuing body and year)."""
    number = next_number(body=report.unit.path, kind=REPORT_KIND, year=report.year)
    return f"{number}/{REPORT_KIND}-{bodies.report_symbol(report.unit)}"


@transaction.atomic
def create_report(*, acting_user: Any, unit: AdministrativeUnit, period: Period, number: str = "",
                  narrative: str = "") -> tuple[Report, bool]:
    """The report of a unit for a period; an existing one is returned (``created`` False), never duplicated."""
    if not allows(acting_user, Report, "add"):
        raise PermissionDenied
    _check_unit_existed(unit, period)
    report, created = Report.objects.unscoped("one report per unit and period; scope checked after").get_or_create(
        unit=unit, period_kind=period.kind, year=period.year, period_no=period.number,
        defaults={"number": number, "narrative": narrative, "prepared_by": acting_user},
    )
    ensure_in_scope(acting_user, report, "add")
    if created:
        if not report.number:
            report.number = report_number(report)
            report.save(update_fields=["number"])
        audit.record(acting_user=acting_user, action="indicators.report.created", obj=report,
                     after=report.audit_snapshot())
    return report, created


@transaction.atomic
def update_report(*, acting_user: Any, report: Report, number: str, narrative: str, subject: str | None = None) -> Report:
    """A draft's number, narrative and subject (``None`` keeps the subject; empty: the programme in force)."""
    report = Report.objects.unscoped(HELD).select_for_update().get(pk=report.pk)
    ensure_in_scope(acting_user, report, "change")
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        raise ReportError(_("Báo cáo đã gửi hoặc đã được phê duyệt, không thể sửa."))
    before = report.audit_snapshot()
    report.number, report.narrative = number.strip() or report.number or report_number(report), narrative.strip()
    if subject is not None:
        report.subject = " ".join(subject.split())
    report.save()
    audit.record(acting_user=acting_user, action="indicators.report.changed", obj=report,
                 before=before, after=report.audit_snapshot())
    return report


@transaction.atomic
def submit_report(*, acting_user: Any, report: Report) -> Report:
    """A commune-level unit submits its report to the unit that reviews it in that period (stored with
    the report, with its figures).

    Submitting again while it awaits review, or after approval, is refused with a message.
    """
    report = Report.objects.unscoped(HELD).select_for_update().select_related("unit").get(pk=report.pk)
    ensure_in_scope(acting_user, report, "change")
    if not is_sent_up(report.unit):
        raise ReportError(_("Báo cáo của %(unit)s được ban hành trực tiếp, không gửi lên cấp trên.")
                          % {"unit": report.unit})
    if not (is_admin(acting_user) or acting_user.role == Role.WARD):
        raise PermissionDenied  # the local officer submits; the reviewing unit reviews
    if report.status == ReportStatus.SUBMITTED:
        raise ReportError(_("Báo cáo này đã được gửi lúc %(at)s và đang chờ %(approver)s xem xét; không cần gửi lại.")
                          % {"at": timezone.localtime(report.submitted_at).strftime("%H:%M %d/%m/%Y")
                             if report.submitted_at else "", "approver": report_approver(report) or "—"})
    if report.status == ReportStatus.APPROVED:
        raise ReportError(_("Báo cáo này đã được phê duyệt; số liệu đã chốt và không thể gửi lại."))
    approver = approver_unit(report.unit, Period(report.period_kind, report.year, report.period_no))
    if approver is None:
        raise ReportError(_("%(unit)s không có đơn vị cấp trên trong kỳ báo cáo: không có nơi nhận báo cáo.")
                          % {"unit": report.unit})
    before = report.audit_snapshot()
    resubmitted = report.status == ReportStatus.RETURNED
    report.approver = approver
    report.subject = subjects.subject_of(report)  # as sent, whatever programmes are recorded later
    report.snapshot = _snapshot(acting_user, report)
    report.snapshot_at = timezone.now()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = report.snapshot_at
    report.submitted_by = acting_user
    report.save()
    _keep_step(report, ReviewStep.RESUBMITTED if resubmitted else ReviewStep.SUBMITTED, acting_user,
               report.submitted_at)
    audit.record(acting_user=acting_user, action="indicators.report.submitted", obj=report,
                 before=before, after=report.audit_snapshot())
    notices.report_submitted(report, acting_user=acting_user)
    return report


def can_review(user: Any, report: Report) -> bool:
    """The reviewing unit's officers review a report sent up; a unit's own officers issue its own report."""
    if is_admin(user):
        return True
    if getattr(user, "role", None) not in REVIEWERS or not user.unit_id:
        return False
    reviewer = report_approver(report) if is_sent_up(report.unit) else report.unit
    return reviewer is not None and reviewer.pk == user.unit_id


def _require_reviewer(user: Any, report: Report) -> None:
    if not can_review(user, report):
        raise PermissionDenied
    ensure_in_scope(user, report, "change")


@transaction.atomic
def approve_report(*, acting_user: Any, report: Report, comment: str = "") -> Report:
    """The reviewing unit approves a submitted report (figures frozen), or a unit issues its own report."""
    report = Report.objects.unscoped(HELD).select_for_update().select_related("unit").get(pk=report.pk)
    _require_reviewer(acting_user, report)
    if report.status == ReportStatus.APPROVED:
        raise ReportError(_("Báo cáo này đã được phê duyệt trước đó."))
    is_ward = is_sent_up(report.unit)
    if is_ward and report.status != ReportStatus.SUBMITTED:
        raise ReportError(_("Chỉ phê duyệt được báo cáo đã gửi lên để xem xét."))
    before = report.audit_snapshot()
    if report.snapshot is None or not is_ward:
        report.snapshot = _snapshot(acting_user, report)
        report.snapshot_at = timezone.now()
    report.subject = subjects.subject_of(report)
    report.status = ReportStatus.APPROVED
    report.reviewed_by = acting_user
    report.reviewed_at = timezone.now()
    report.review_comment = comment.strip()
    report.save()
    _keep_step(report, ReviewStep.APPROVED, acting_user, report.reviewed_at, report.review_comment)
    audit.record(acting_user=acting_user, action="indicators.report.approved", obj=report,
                 before=before, after=report.audit_snapshot())
    notices.report_decided(report, acting_user=acting_user)
    return report


@transaction.atomic
def return_report(*, acting_user: Any, report: Report, comment: str) -> Report:
    """The reviewing unit sends a submitted report back with a comment (required)."""
    report = Report.objects.unscoped(HELD).select_for_update().select_related("unit").get(pk=report.pk)
    _require_reviewer(acting_user, report)
    if not comment.strip():
        raise ReportError(_("Hãy ghi rõ lý do trả lại báo cáo."))
    if report.status != ReportStatus.SUBMITTED:
        raise ReportError(_("Chỉ trả lại được báo cáo đang chờ xem xét."))
    before = report.audit_snapshot()
    report.status = ReportStatus.RETURNED
    report.reviewed_by = acting_user
    report.reviewed_at = timezone.now()
    report.review_comment = comment.strip()
    report.snapshot = None
    report.snapshot_at = None
    report.save()
    _keep_step(report, ReviewStep.RETURNED, acting_user, report.reviewed_at, report.review_comment)
    audit.record(acting_user=acting_user, action="indicators.report.returned", obj=report,
                 before=before, after=report.audit_snapshot())
    notices.report_decided(report, acting_user=acting_user)
    return report
