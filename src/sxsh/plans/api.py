"""Plan, activity and progress-update endpoints, scoped exactly like the pages."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ConfigDict

from sxsh.core.apidoc import stated
from sxsh.core.dates import Day
from sxsh.core.ids import Id
from sxsh.core.tables_api import api_list

from . import selectors, services
from .forms import MAX_EVIDENCE_LINKS, ProgressUpdateForm
from .models import Activity, ActivityStatus, Plan, ProgressUpdate
from .tables import ACTIVITIES, PLANS

router = Router(tags=["plans"])


class OrganisationRef(Schema):
    id: int
    name: str


class PlanOut(Schema):
    id: int
    document_type: str
    number: str
    title: str
    issuer: OrganisationRef
    unit_id: int
    issued_on: date
    period_start: date
    period_end: date
    signer_title: str
    signer_name: str
    status: str
    has_document: bool

    @staticmethod
    def resolve_has_document(obj: Plan | dict[str, Any]) -> bool:
        if isinstance(obj, dict):
            return bool(obj.get("has_document"))
        return bool(obj.document)


class ActivityOut(Schema):
    id: int
    plan_id: int
    workstream_id: int
    workstream: str
    title: str
    description: str
    responsible: OrganisationRef
    coordinating: list[OrganisationRef]
    target_audience: str
    start_date: date
    due_date: date
    budget: Decimal | None
    spent: Decimal | None
    funding_source: str
    programmes: list[str]
    weight: Decimal
    status: str
    display_status: str
    overdue: bool
    percent_complete: int
    last_update_on: date | None

    @staticmethod
    def resolve_funding_source(obj: Activity) -> str:
        return obj.funding_source.name if obj.funding_source else ""

    @staticmethod
    def resolve_plan_id(obj: Activity) -> int:
        return obj.workstream.plan_id

    @staticmethod
    def resolve_workstream(obj: Activity) -> str:
        return obj.workstream.title

    @staticmethod
    def resolve_coordinating(obj: Activity) -> list[Any]:
        return list(obj.coordinating.all())

    @staticmethod
    def resolve_display_status(obj: Activity) -> str:
        return obj.display_status(selectors.today())

    @staticmethod
    def resolve_overdue(obj: Activity) -> bool:
        return obj.is_overdue(selectors.today())


class WorkstreamOut(Schema):
    id: int
    order: int
    title: str
    progress: float
    budget: Decimal | None
    spent: Decimal
    activity_ids: list[int]


class StatusCount(Schema):
    status: str
    label: str
    count: int


class PlanDetailOut(PlanOut):
    as_of: date
    progress: float
    budget: Decimal | None
    spent: Decimal
    counts: list[StatusCount]
    overdue_activity_ids: list[int]
    workstreams: list[WorkstreamOut]


class LinkOut(Schema):
    title: str
    url: str


class FileOut(Schema):
    id: int
    title: str
    kind: str


class UpdateOut(Schema):
    id: int
    activity_id: int
    reported_on: date
    percent_complete: int
    status: str
    narrative: str
    spent_to_date: Decimal | None
    reported_by: str
    files: list[FileOut]
    links: list[LinkOut]

    @staticmethod
    def resolve_reported_by(obj: ProgressUpdate) -> str:
        user = obj.reported_by
        return (user.get_full_name() or user.username) if user else ""

    @staticmethod
    def resolve_files(obj: ProgressUpdate) -> list[dict[str, Any]]:
        return [{"id": f.pk, "title": str(f), "kind": f.kind} for f in obj.files.all()]

    @staticmethod
    def resolve_links(obj: ProgressUpdate) -> list[Any]:
        return list(obj.links.all())


#: An http(s) address Django's URL check accepts (host names of letters, digits and hyphens).
URL_PATTERN = (r"^https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
               r"(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$")


class LinkIn(Schema):
    title: str = stated("", maxLength=255, pattern=r"^[^\x00-\x1f\x7f\x85\u2028\u2029]*$")
    url: str = stated(maxLength=500, pattern=URL_PATTERN)


class UpdateIn(Schema):
    """A progress update as the form takes it; "done" needs 100% (stated in the schema too)."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"properties": {"status": {"enum": [s.value for s in ActivityStatus if s != ActivityStatus.DONE]}}},
        {"properties": {"status": {"enum": [ActivityStatus.DONE.value]}, "percent_complete": {"enum": [100]}}},
    ]})

    reported_on: Day
    percent_complete: int = stated(minimum=0, maximum=100)
    status: str = stated(enum=list(ActivityStatus.values))
    narrative: str = stated("", maxLength=20_000, pattern=r"^[^\x00]*$")
    spent_to_date: int | None = stated(None, minimum=0, exclusiveMaximum=10**15)
    links: list[LinkIn] = stated([], maxItems=MAX_EVIDENCE_LINKS)


api_list(router, "/plans", PLANS, list[PlanOut],
         "Plans in the caller's scope (their unit's, the units above and below it), filtered like the list page.")


@router.get("/plans/{plan_id}", response=PlanDetailOut)
def get_plan(request: HttpRequest, plan_id: Id) -> Any:
    """A plan with the same roll-ups as the overview page."""
    plan = get_object_or_404(selectors.plans_for(request.user), pk=plan_id)
    overview = selectors.plan_overview(request.user, plan)
    return {
        **PlanOut.from_orm(plan).dict(),
        "as_of": overview.as_of, "progress": round(overview.progress, 2),
        "budget": overview.budget, "spent": overview.spent,
        "counts": [{"status": s, "label": str(label), "count": n} for s, label, n in overview.counts],
        "overdue_activity_ids": [r.activity.pk for r in overview.overdue],
        "workstreams": [{
            "id": w.workstream.pk, "order": w.workstream.order, "title": w.workstream.title,
            "progress": round(w.progress, 2), "budget": w.budget, "spent": w.spent,
            "activity_ids": [r.activity.pk for r in w.rows],
        } for w in overview.workstreams],
    }


api_list(router, "/activities", ACTIVITIES, list[ActivityOut],
         "Activities in scope, filtered like the list page: ``status`` is a reported status or ``overdue``; "
         "``organisation`` leads or coordinates.")


@router.get("/activities/{activity_id}", response=ActivityOut)
def get_activity(request: HttpRequest, activity_id: Id) -> Any:
    return get_object_or_404(selectors.activities_for(request.user), pk=activity_id)


@router.get("/activities/{activity_id}/updates", response=list[UpdateOut])
@paginate(LimitOffsetPagination)
def list_updates(request: HttpRequest, activity_id: Id) -> Any:
    activity = get_object_or_404(selectors.activities_for(request.user), pk=activity_id)
    return selectors.updates_for(request.user, activity)


@router.post("/activities/{activity_id}/updates", response={201: UpdateOut})
def create_update(request: HttpRequest, activity_id: Id, payload: UpdateIn) -> Any:
    """Post a progress update (members of the responsible or coordinating organisations, district officers).

    Evidence files are uploaded on the page; the API takes evidence links.
    """
    activity = get_object_or_404(selectors.activities_for(request.user), pk=activity_id)
    if not selectors.can_report(request.user, activity):
        raise HttpError(403, _("Bạn không có quyền cập nhật tiến độ hoạt động này."))
    data = payload.dict()
    links = "\n".join(f"{link['title']} | {link['url']}" for link in data.pop("links"))
    form = ProgressUpdateForm({**{k: ("" if v is None else v) for k, v in data.items()}, "evidence_links": links})
    if not form.is_valid():
        raise HttpError(422, "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()))
    try:
        update = services.add_progress_update(
            acting_user=request.user, activity=activity, data=form.cleaned_data,
            evidence=services.Evidence(links=form.cleaned_data["evidence_links"]),
        )
    except PermissionDenied as exc:
        raise HttpError(403, _("Bạn không có quyền cập nhật tiến độ hoạt động này.")) from exc
    except DjangoValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc
    return Status(201, update)
