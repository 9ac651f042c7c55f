"""Writes of the plans app: atomic, with the acting user, each writing its audit record."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from sxsh.core import audit
from sxsh.core.scoping import HELD, allows, ensure_in_scope
from sxsh.core.uploads import DOCUMENTS, DOCX, IMAGES, PDF, validate_upload

from . import progress, selectors
from .models import (
    Activity,
    BudgetLine,
    EvidenceFile,
    EvidenceLink,
    Plan,
    PlanOwner,
    ProgressUpdate,
    Stage,
    Target,
    Workstream,
)

PLAN_DOCUMENT_KINDS = (PDF, DOCX)
EVIDENCE_KINDS = DOCUMENTS + IMAGES

PLAN_FIELDS = ("document_type", "number", "title", "issuer", "issued_on", "period_start", "period_end",
               "signer_title", "signer_name", "summary", "status")
STAGE_FIELDS = ("order", "name", "start_date", "end_date", "description")
BUDGET_FIELDS = ("year", "source", "amount", "note")
WORKSTREAM_FIELDS = ("order", "title", "description")
ACTIVITY_FIELDS = (
    "workstream", "order", "title", "description", "responsible", "target_audience", "start_date", "due_date",
    "budget", "funding_source", "programmes", "weight",
)
TARGET_FIELDS = ("workstream", "indicator_code", "name", "unit_of_measure", "baseline", "target_value", "target_high",
                 "year", "note")
OWNER_FIELDS = ("organisation", "since", "basis", "note")
UPDATE_FIELDS = ("reported_on", "percent_complete", "status", "narrative", "spent_to_date")


@dataclass(frozen=True)
class Evidence:
    files: Sequence[tuple[str, UploadedFile]] = ()  # (title, upload)
    links: Sequence[tuple[str, str]] = ()  # (title, url)


def _require(user: Any, model: type, action: str) -> None:
    if not allows(user, model, action):
        raise PermissionDenied


def _assign(obj: Any, data: dict[str, Any], fields: Sequence[str]) -> None:
    for key in fields:
        if key in data:
            setattr(obj, key, data[key])


def _save(
    *, acting_user: Any, obj: Any, data: dict[str, Any], fields: Sequence[str], code: str,
    m2m: dict[str, Any] | None = None,
) -> Any:
    creating = obj.pk is None
    action = "add" if creating else "change"
    _require(acting_user, type(obj), action)
    if not creating:
        ensure_in_scope(acting_user, obj, "change")
    before = None if creating else type(obj).objects.unscoped(HELD).get(pk=obj.pk).audit_snapshot()
    _assign(obj, data, fields)
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    ensure_in_scope(acting_user, obj, action)
    after = obj.audit_snapshot()
    if creating or after != before:
        audit.record(acting_user=acting_user, action=f"plans.{code}.{'created' if creating else 'changed'}",
                     obj=obj, before=before, after=after)
    return obj


@transaction.atomic
def save_plan(*, acting_user: Any, plan: Plan, data: dict[str, Any]) -> Plan:
    document = data.get("document")
    if isinstance(document, UploadedFile):
        validate_upload(document, PLAN_DOCUMENT_KINDS)
        plan.document = document  # type: ignore[assignment]
    elif document is False:  # "clear" ticked
        plan.document = None  # type: ignore[assignment]
    return _save(acting_user=acting_user, obj=plan, data=data, fields=PLAN_FIELDS, code="plan")  # type: ignore[no-any-return]


@transaction.atomic
def save_stage(*, acting_user: Any, stage: Stage, data: dict[str, Any]) -> Stage:
    return _save(acting_user=acting_user, obj=stage, data=data, fields=STAGE_FIELDS, code="stage")  # type: ignore[no-any-return]


@transaction.atomic
def save_budget_line(*, acting_user: Any, line: BudgetLine, data: dict[str, Any]) -> BudgetLine:
    return _save(acting_user=acting_user, obj=line, data=data, fields=BUDGET_FIELDS, code="budget")  # type: ignore[no-any-return]


@transaction.atomic
def save_workstream(*, acting_user: Any, workstream: Workstream, data: dict[str, Any]) -> Workstream:
    return _save(acting_user=acting_user, obj=workstream, data=data, fields=WORKSTREAM_FIELDS,  # type: ignore[no-any-return]
                 code="workstream")


@transaction.atomic
def save_activity(*, acting_user: Any, activity: Activity, data: dict[str, Any]) -> Activity:
    m2m = {"coordinating": data["coordinating"]} if "coordinating" in data else None
    return _save(acting_user=acting_user, obj=activity, data=data, fields=ACTIVITY_FIELDS,  # type: ignore[no-any-return]
                 code="activity", m2m=m2m)


@transaction.atomic
def save_target(*, acting_user: Any, target: Target, data: dict[str, Any]) -> Target:
    return _save(acting_user=acting_user, obj=target, data=data, fields=TARGET_FIELDS, code="target")  # type: ignore[no-any-return]


@transaction.atomic
def record_owner(*, acting_user: Any, plan: Plan, data: dict[str, Any]) -> PlanOwner:
    """Record the organisation that owns ``plan`` from a date (a successor of the issuer or of the last
    owner); from then on the plan is written within that organisation's unit, and read by both."""
    from sxsh.directory.models import Organisation

    _require(acting_user, PlanOwner, "add")
    plan = Plan.objects.unscoped(HELD).select_for_update().get(pk=plan.pk)
    ensure_in_scope(acting_user, plan, "change")
    organisation = Organisation.objects.restrict(acting_user).select_related("unit").filter(
        pk=data["organisation"].pk).first()
    if organisation is None:
        raise PermissionDenied
    owner = PlanOwner(plan=plan)
    _assign(owner, {**data, "organisation": organisation}, OWNER_FIELDS)
    owner.full_clean()
    owner.save()
    before = plan.audit_snapshot()
    plan.owner_unit_id = plan.owner_on(owner.since).unit_id
    Plan.objects.filter(pk=plan.pk).update(owner_unit_id=plan.owner_unit_id)
    audit.record(acting_user=acting_user, action="plans.owner.recorded", obj=owner, after=owner.audit_snapshot())
    audit.record(acting_user=acting_user, action="plans.plan.owner_changed", obj=plan, before=before,
                 after=plan.audit_snapshot())
    return owner


@transaction.atomic
def add_progress_update(
    *, acting_user: Any, activity: Activity, data: dict[str, Any], evidence: Evidence | None = None
) -> ProgressUpdate:
    """Record a progress update with its evidence and refresh the activity's current status."""
    if not selectors.can_report(acting_user, activity):
        raise PermissionDenied
    # Serialise concurrent updates of one activity so that the copied "latest" values stay consistent.
    Activity.objects.unscoped(HELD).select_for_update().filter(pk=activity.pk).values_list("pk", flat=True).first()
    evidence = evidence or Evidence()
    for _, upload in evidence.files:
        validate_upload(upload, EVIDENCE_KINDS)
    update = ProgressUpdate(activity=activity, reported_by=acting_user,
                            reporter_organisation_id=getattr(acting_user, "organisation_id", None))
    _assign(update, data, UPDATE_FIELDS)
    update.full_clean()
    update.save()
    for title, upload in evidence.files:
        item = EvidenceFile(update=update, title=title[:255], file=upload)
        item.kind = validate_upload(upload, EVIDENCE_KINDS).code
        item.save()
    for title, url in evidence.links:
        link = EvidenceLink(update=update, title=(title or url)[:255], url=url)
        link.full_clean()
        link.save()
    before = Activity.objects.unscoped(HELD).get(pk=activity.pk).audit_snapshot()
    refresh_activity(activity)
    audit.record(acting_user=acting_user, action="plans.update.created", obj=update, after={
        **update.audit_snapshot(),
        "files": [f.file.name for f in update.files.all()],
        "links": [link.url for link in update.links.all()],
    })
    audit.record(acting_user=acting_user, action="plans.activity.progress", obj=activity, before=before,
                 after=activity.audit_snapshot())
    return update


def refresh_activity(activity: Activity) -> None:
    """Copy the latest update (by date, then id) onto the activity; called inside the writer's transaction."""
    latest = activity.updates.order_by("-reported_on", "-pk").first()
    if latest is None:
        activity.status, activity.percent_complete, activity.spent, activity.last_update_on = (
            "not_started", 0, None, None)
    else:
        activity.status = latest.status
        activity.percent_complete = int(progress.effective_percent(latest.percent_complete, latest.status))
        activity.spent = latest.spent_to_date
        activity.last_update_on = latest.reported_on
    Activity.objects.filter(pk=activity.pk).update(
        status=activity.status, percent_complete=activity.percent_complete, spent=activity.spent,
        last_update_on=activity.last_update_on,
    )


def validation_messages(exc: ValidationError) -> dict[str, list[str]]:
    """Field → messages, for forms and the API."""
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}
