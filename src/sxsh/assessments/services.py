"""Writes of the assessments app: atomic, with the acting user, each writing its audit record."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from sxsh.core import audit
from sxsh.core.roles import Role
from sxsh.core.scoping import HELD, allows, is_admin
from sxsh.directory.models import CPStatus, Facility
from sxsh.directory.selectors import facilities_for
from sxsh.directory.services import record_cp_status

from . import selectors
from .importing import ReadingsPreview
from .models import (
    TASKS,
    Assessment,
    AssessmentTask,
    CauseAnalysis,
    Flow,
    MonitoringSeries,
    MVAnalysis,
    Option,
    OptionStatus,
    ProcessStep,
    Reading,
    WasteStreamCost,
)

ASSESSMENT_FIELDS = ("title", "kind", "consultant", "team", "start_date", "end_date", "focus_step",
                     "current_step", "notes")
#: CP statuses before "applying": implementing an option moves these to "applying".
BEFORE_APPLYING = (CPStatus.UNAWARE, CPStatus.AWARE, CPStatus.COMMITTED)
PART_CODES: dict[type[models.Model], str] = {
    ProcessStep: "process_step", Flow: "flow", WasteStreamCost: "waste_stream", CauseAnalysis: "cause",
    Option: "option",
}


def _require_edit(user: Any, assessment: Assessment) -> None:
    if not selectors.can_edit(user, assessment):
        raise PermissionDenied


@transaction.atomic
def create_assessment(*, acting_user: Any, facility: Facility, data: dict[str, Any],
                      is_illustrative: bool = False) -> Assessment:
    """A new assessment with its 18-task checklist; a consultant creating one is its consultant."""
    if not allows(acting_user, Assessment, "add") or not facilities_for(acting_user).filter(pk=facility.pk).exists():
        raise PermissionDenied
    values = {k: v for k, v in data.items() if k in ASSESSMENT_FIELDS and k != "focus_step"}
    if not is_admin(acting_user) and acting_user.role == Role.CONSULTANT:
        values["consultant"] = acting_user
    assessment = Assessment(facility=facility, is_illustrative=is_illustrative, **values)
    assessment.full_clean()
    assessment.save()
    AssessmentTask.objects.bulk_create(
        AssessmentTask(assessment=assessment, number=n, step=step) for n, step, _label in TASKS
    )
    audit.record(acting_user=acting_user, action="assessments.assessment.created", obj=assessment,
                 after=assessment.audit_snapshot())
    return assessment


@transaction.atomic
def update_assessment(*, acting_user: Any, assessment: Assessment, data: dict[str, Any]) -> Assessment:
    _require_edit(acting_user, assessment)
    assessment = Assessment.objects.unscoped(HELD).select_for_update().get(pk=assessment.pk)
    before = assessment.audit_snapshot()
    for key, value in data.items():
        if key in ASSESSMENT_FIELDS:
            setattr(assessment, key, value)
    if not is_admin(acting_user) and acting_user.role == Role.CONSULTANT:
        assessment.consultant = acting_user
    if assessment.focus_step is not None and assessment.focus_step.assessment_id != assessment.pk:
        raise ValidationError({"focus_step": "focus step of another assessment"})
    assessment.full_clean()
    assessment.save()
    after = assessment.audit_snapshot()
    if after != before:
        audit.record(acting_user=acting_user, action="assessments.assessment.changed", obj=assessment,
                     before=before, after=after)
    return assessment


@transaction.atomic
def set_task_done(*, acting_user: Any, assessment: Assessment, number: int, done: bool) -> AssessmentTask:
    _require_edit(acting_user, assessment)
    task = assessment.tasks.select_for_update().get(number=number)
    before = task.audit_snapshot()
    task.done = done
    task.done_date = date.today() if done else None
    task.save()
    audit.record(acting_user=acting_user, action="assessments.task.changed", obj=task, before=before,
                 after=task.audit_snapshot(), object_repr=f"{assessment} – T{number}")
    return task


def _assessment_of(obj: models.Model) -> Assessment:
    if isinstance(obj, Flow):
        return obj.process_step.assessment
    return obj.assessment  # type: ignore[attr-defined, no-any-return]


@transaction.atomic
def save_part(*, acting_user: Any, assessment: Assessment, obj: models.Model, data: dict[str, Any]) -> Any:
    """Create or change a process step, flow, waste-stream cost, cause or option of ``assessment``."""
    _require_edit(acting_user, assessment)
    code = PART_CODES[type(obj)]
    creating = obj.pk is None
    before = None if creating else type(obj)._default_manager.unscoped(HELD).get(pk=obj.pk).audit_snapshot()  # type: ignore[attr-defined]
    for key, value in data.items():
        setattr(obj, key, value)
    if not isinstance(obj, Flow):
        obj.assessment = assessment  # type: ignore[attr-defined]
    if _assessment_of(obj).pk != assessment.pk:
        raise PermissionDenied
    for name in ("process_step", "waste_stream"):
        related = getattr(obj, name, None) if not isinstance(obj, Flow) else None
        if related is not None and related.assessment_id != assessment.pk:
            raise PermissionDenied
    obj.full_clean()
    obj.save()
    audit.record(acting_user=acting_user, action=f"assessments.{code}.{'created' if creating else 'changed'}",
                 obj=obj, before=before, after=obj.audit_snapshot())  # type: ignore[attr-defined]
    return obj


@transaction.atomic
def delete_part(*, acting_user: Any, assessment: Assessment, obj: models.Model) -> None:
    _require_edit(acting_user, assessment)
    if _assessment_of(obj).pk != assessment.pk:
        raise PermissionDenied
    if isinstance(obj, Option) and obj.status == OptionStatus.IMPLEMENTED:
        raise ValidationError("implemented options are kept")
    audit.record(acting_user=acting_user, action=f"assessments.{PART_CODES[type(obj)]}.deleted", obj=obj,
                 before=obj.audit_snapshot())  # type: ignore[attr-defined]
    obj.delete()


@transaction.atomic
def implement_option(*, acting_user: Any, option: Option, implemented_date: date,
                     actual_investment: Decimal | None) -> Option:
    """Mark an option implemented; the facility's CP status moves to "applying" in the same transaction."""
    assessment = option.assessment
    _require_edit(acting_user, assessment)
    option = Option.objects.unscoped(HELD).select_for_update().select_related("assessment__facility").get(pk=option.pk)
    if option.status == OptionStatus.IMPLEMENTED:
        raise ValidationError({"implemented_date": "already implemented"})
    before = option.audit_snapshot()
    option.status = OptionStatus.IMPLEMENTED
    option.implemented_date = implemented_date
    option.actual_investment = actual_investment if actual_investment is not None else option.investment
    option.full_clean()
    option.save()
    audit.record(acting_user=acting_user, action="assessments.option.implemented", obj=option, before=before,
                 after=option.audit_snapshot())
    facility = option.assessment.facility
    if facility.cp_status in BEFORE_APPLYING:
        record_cp_status(acting_user=acting_user, facility=facility, status=CPStatus.APPLYING,
                         effective_date=implemented_date, note=f"Thực hiện giải pháp SXSH: {option.title}"[:500])
    return option


# --- monitoring --------------------------------------------------------------------------------


def _require_monitoring(user: Any, facility: Facility) -> None:
    if not selectors.can_edit_monitoring(user, facility):
        raise PermissionDenied


@transaction.atomic
def save_series(*, acting_user: Any, facility: Facility, series: MonitoringSeries,
                data: dict[str, Any]) -> MonitoringSeries:
    _require_monitoring(acting_user, facility)
    creating = series.pk is None
    if not creating and series.facility_id != facility.pk:
        raise PermissionDenied
    before = None if creating else MonitoringSeries.objects.unscoped(HELD).get(pk=series.pk).audit_snapshot()
    for key, value in data.items():
        setattr(series, key, value)
    series.facility = facility
    series.full_clean()
    series.save()
    audit.record(acting_user=acting_user, action=f"assessments.series.{'created' if creating else 'changed'}",
                 obj=series, before=before, after=series.audit_snapshot())
    return series


@transaction.atomic
def import_readings(*, acting_user: Any, facility: Facility, preview: ReadingsPreview) -> tuple[int, int]:
    """Save every reading of a valid preview, or nothing at all. Returns (created, updated)."""
    _require_monitoring(acting_user, facility)
    if not preview.is_valid or not preview.rows:
        raise ValueError("import preview has errors")
    series = {s.pk: s for s in facility.monitoring_series.all()}
    created = updated = 0
    for row in preview.rows:
        for series_id, value in row.cleaned.items():
            if series_id not in series:
                raise PermissionDenied
            assert row.period is not None
            _obj, new = Reading.objects.unscoped("readings of the series above").update_or_create(
                series_id=series_id, period=row.period, defaults={"value": value}
            )
            created += new
            updated += not new
    audit.record(acting_user=acting_user, action="assessments.readings.imported", obj=facility, after={
        "created": created, "updated": updated, "rows": len(preview.rows),
        "series": sorted(preview.series_ids), "months": [str(r.period) for r in preview.rows][:120],
    })
    return created, updated


@transaction.atomic
def save_readings(*, acting_user: Any, series: MonitoringSeries, rows: list[tuple[date, Decimal]]) -> tuple[int, int]:
    """Create or replace monthly readings of one series, all or nothing (validated by the caller)."""
    _require_monitoring(acting_user, series.facility)
    created = updated = 0
    for period, value in rows:
        if period.day != 1 or value < 0:
            raise ValidationError("readings must be monthly and non-negative")
        _obj, new = series.readings.update_or_create(period=period, defaults={"value": value})
        created += new
        updated += not new
    audit.record(acting_user=acting_user, action="assessments.readings.saved", obj=series,
                 after={"created": created, "updated": updated, "months": [str(p) for p, _v in rows][:120]})
    return created, updated


@transaction.atomic
def save_analysis(*, acting_user: Any, facility: Facility, item: MVAnalysis, data: dict[str, Any],
                  drivers: list[MonitoringSeries]) -> MVAnalysis:
    _require_monitoring(acting_user, facility)
    creating = item.pk is None
    if not creating and item.facility_id != facility.pk:
        raise PermissionDenied
    before = None if creating else MVAnalysis.objects.unscoped(HELD).get(pk=item.pk).audit_snapshot()
    for key, value in data.items():
        setattr(item, key, value)
    item.facility = facility
    if item.target.facility_id != facility.pk or any(d.facility_id != facility.pk for d in drivers):
        raise PermissionDenied
    item.full_clean()
    item.save()
    item.drivers.set(drivers)
    audit.record(acting_user=acting_user, action=f"assessments.mv.{'created' if creating else 'changed'}",
                 obj=item, before=before, after=item.audit_snapshot())
    return item
