"""Pages of the action plan (thin: parse, authorise, call, render)."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.audit import history_for
from sxsh.core.downloads import file_response, stored_file_response
from sxsh.core.ids import parse_id
from sxsh.core.pdf import official_language
from sxsh.core.scoping import allows
from sxsh.core.tables import export_view, render_page
from sxsh.tasks.services import start as start_task
from sxsh.tasks.views import follow as follow_task

from . import exports, selectors, services, tasks
from .forms import (
    ActivityForm,
    BudgetLineForm,
    PlanForm,
    PlanOwnerForm,
    ProgressUpdateForm,
    ReportForm,
    StageForm,
    TargetForm,
    WorkstreamForm,
)
from .models import (
    DISPLAY_STATUS_LABELS,
    Activity,
    BudgetLine,
    EvidenceFile,
    Plan,
    PlanOwner,
    Stage,
    Target,
    Workstream,
)
from .tables import ACTIVITIES, PLANS


def _plan(request: HttpRequest, pk: int, action: str = "view") -> Plan:
    return get_object_or_404(selectors.plans_for(request.user, action=action), pk=pk)


def _apply_errors(form: Any, exc: ValidationError) -> None:
    for name, errors in services.validation_messages(exc).items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, PLANS, "plans/plan_list.html", {"can_add": allows(request.user, Plan, "add")})


plan_export = export_view(PLANS)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    overview = selectors.plan_overview(request.user, plan)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "overview": overview, "can_edit": selectors.can_edit_plan(request.user, plan),
        "report_form": ReportForm(initial={"report_date": overview.as_of}),
        "ownership": selectors.ownership(plan), "successor_needed": selectors.successor_needed(plan),
    })


@login_required
def owner_form(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Record the successor that owns the plan from a date (its issuer's unit has ended, or a transfer)."""
    plan = _plan(request, plan_pk, "change")
    needed = selectors.successor_needed(plan)
    initial = {"since": needed.ended, "organisation": needed.suggestion} if needed else {}
    heading = _("Ghi cơ quan chủ trì mới")
    return _part_form(request, plan, PlanOwner(plan=plan),
                      PlanOwnerForm(request.POST or None, initial=initial, user=request.user),
                      partial(services.record_owner, plan=plan), saved=_("Đã ghi cơ quan chủ trì mới của kế hoạch."),
                      headings=(heading, heading))


@login_required
def plan_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    overview = selectors.plan_overview(request.user, plan)
    return render(request, "plans/plan_timeline.html", {
        "plan": plan, "overview": overview, "timeline": selectors.timeline(overview),
    })


@login_required
def plan_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        if not allows(request.user, Plan, "add"):
            raise Http404
        plan = Plan()
    else:
        plan = _plan(request, pk, "change")
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_plan(acting_user=request.user, plan=plan, data=form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("Bạn không có quyền ban hành kế hoạch của đơn vị này."))
        else:
            messages.success(request, _("Đã lưu kế hoạch %(n)s.") % {"n": saved.number})
            return redirect("plans:plan_detail", pk=saved.pk)
    return render(request, "plans/form.html", {
        "form": form, "plan": plan if plan.pk else None, "multipart": True,
        "heading": _("Sửa kế hoạch") if plan.pk else _("Thêm kế hoạch"),
    })


@login_required
def plan_document(request: HttpRequest, pk: int) -> FileResponse:
    """The signed document, served through a view so that scope applies."""
    plan = _plan(request, pk)
    if not plan.document:
        raise Http404
    return stored_file_response(plan.document)


def _part_form(request: HttpRequest, plan: Plan, part: Any, form: Any, save: Callable[..., Any], *, saved: str,
               headings: tuple[str, str]) -> HttpResponse:
    """The add/edit page of one part of a plan (workstream, stage, budget line, target): validate, save
    through ``save(acting_user=…, data=…)``, show the model's errors next to their fields."""
    if request.method == "POST" and form.is_valid():
        try:
            save(acting_user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, saved)
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/form.html", {
        "form": form, "plan": plan, "heading": headings[1] if part.pk else headings[0],
    })


def _part(request: HttpRequest, model: type[Any], plan: Plan, pk: int | None, **new: Any) -> Any:
    """The part ``pk`` of the plan the user may change (404 otherwise), or a new one with ``new``'s fields."""
    if pk:
        return get_object_or_404(model.objects.restrict(request.user, "change"), pk=pk, plan=plan)
    return model(plan=plan, **new)


@login_required
def workstream_form(request: HttpRequest, plan_pk: int, pk: int | None = None) -> HttpResponse:
    plan = _plan(request, plan_pk, "change")
    workstream = _part(request, Workstream, plan, pk, order=plan.workstreams.count() + 1)
    return _part_form(request, plan, workstream, WorkstreamForm(request.POST or None, instance=workstream),
                      partial(services.save_workstream, workstream=workstream), saved=_("Đã lưu nhóm nhiệm vụ."),
                      headings=(_("Thêm nhóm nhiệm vụ"), _("Sửa nhóm nhiệm vụ")))


@login_required
def stage_form(request: HttpRequest, plan_pk: int, pk: int | None = None) -> HttpResponse:
    plan = _plan(request, plan_pk, "change")
    stage = _part(request, Stage, plan, pk, order=plan.stages.count() + 1)
    return _part_form(request, plan, stage, StageForm(request.POST or None, instance=stage),
                      partial(services.save_stage, stage=stage), saved=_("Đã lưu giai đoạn."),
                      headings=(_("Thêm giai đoạn"), _("Sửa giai đoạn")))


@login_required
def budget_form(request: HttpRequest, plan_pk: int, pk: int | None = None) -> HttpResponse:
    plan = _plan(request, plan_pk, "change")
    line = _part(request, BudgetLine, plan, pk, year=plan.period_start.year)
    return _part_form(request, plan, line, BudgetLineForm(request.POST or None, instance=line),
                      partial(services.save_budget_line, line=line), saved=_("Đã lưu kinh phí."),
                      headings=(_("Thêm kinh phí theo năm và nguồn"), _("Sửa kinh phí")))


@login_required
def activity_form(request: HttpRequest, plan_pk: int, pk: int | None = None) -> HttpResponse:
    plan = _plan(request, plan_pk, "change")
    if pk:
        activity = get_object_or_404(
            Activity.objects.restrict(request.user, "change"), pk=pk, workstream__plan=plan)
    else:
        activity = Activity()
        ws = request.GET.get("workstream")
        initial_ws = plan.workstreams.filter(pk=ws_id).first() if (ws_id := parse_id(ws)) else None
        if initial_ws:
            activity.workstream = initial_ws
    form = ActivityForm(request.POST or None, instance=activity, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_activity(acting_user=request.user, activity=activity, data=form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu hoạt động “%(t)s”.") % {"t": saved.title})
            return redirect("plans:activity_detail", pk=saved.pk)
    return render(request, "plans/form.html", {
        "form": form, "plan": plan, "heading": _("Sửa hoạt động") if pk else _("Thêm hoạt động"),
    })


@login_required
def target_form(request: HttpRequest, plan_pk: int, pk: int | None = None) -> HttpResponse:
    plan = _plan(request, plan_pk, "change")
    target = _part(request, Target, plan, pk, year=plan.period_start.year)
    return _part_form(request, plan, target, TargetForm(request.POST or None, instance=target, plan=plan),
                      partial(services.save_target, target=target), saved=_("Đã lưu chỉ tiêu."),
                      headings=(_("Thêm chỉ tiêu"), _("Sửa chỉ tiêu")))


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    plan = activity.workstream.plan
    return render(request, "plans/activity_detail.html", {
        "activity": activity, "plan": plan,
        "updates": selectors.updates_for(request.user, activity),
        "can_edit": selectors.can_edit_plan(request.user, plan),
        "can_report": selectors.can_report(request.user, activity),
        "audit": history_for(activity)[:20],
        "status_label": DISPLAY_STATUS_LABELS[activity.display_status(selectors.today())],
        "display_status": activity.display_status(selectors.today()),
    })


@login_required
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    if not selectors.can_report(request.user, activity):
        raise PermissionDenied
    form = ProgressUpdateForm(
        request.POST or None, request.FILES or None,
        initial={"reported_on": timezone.localdate(), "percent_complete": activity.percent_complete,
                 "status": activity.status, "spent_to_date": activity.spent},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = services.Evidence(
            files=[(f.name, f) for f in data.get("evidence_files") or []], links=data.get("evidence_links") or [])
        try:
            services.add_progress_update(acting_user=request.user, activity=activity, data=data, evidence=evidence)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận cập nhật tiến độ."))
            return redirect("plans:activity_detail", pk=activity.pk)
    return render(request, "plans/form.html", {
        "form": form, "plan": activity.workstream.plan, "activity": activity, "multipart": True,
        "heading": _("Cập nhật tiến độ: %(t)s") % {"t": activity.title},
    })


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(EvidenceFile.objects.restrict(request.user), pk=pk)
    return stored_file_response(item.file)


@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    """The activities the user's organisation leads or coordinates: the activity list filtered to it."""
    organisation = request.user.organisation_id  # type: ignore[union-attr]
    if organisation is None:
        return render(request, "plans/my_activities.html")
    return redirect(reverse("plans:activities") + f"?organisation={organisation}&sort=due_date")


@login_required
def activities(request: HttpRequest) -> HttpResponse:
    return render_page(request, ACTIVITIES, "plans/activities.html")


activity_export = export_view(ACTIVITIES)


@login_required
def activity_list(request: HttpRequest, pk: int) -> HttpResponse:
    """One plan's activities (the listing fixed to the plan)."""
    plan = _plan(request, pk)
    return render_page(request, ACTIVITIES, "plans/activity_list.html", {"plan": plan}, parent=plan)


@login_required
@official_language
def report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The progress report on its own date (today by default): PDF, DOCX or XLSX, the same figures. A GET
    answers with the file; the plan page's form POSTs, and a background task builds it."""
    if fmt not in exports.FORMATS:
        raise Http404
    plan = _plan(request, pk)
    form = ReportForm(request.POST if request.method == "POST" else request.GET or None)
    params: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    if request.method == "POST":
        day = params.get("report_date")
        record = start_task(tasks.report_document, acting_user=request.user, params={
            "plan": plan.pk, "format": fmt, "number": params.get("number") or "",
            "report_date": day.isoformat() if day else ""})
        return follow_task(record)
    name, body = tasks.progress_report(request.user, plan, fmt, number=params.get("number") or "",
                                       report_date=params.get("report_date"))
    return file_response(body, name)
