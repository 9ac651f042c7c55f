"""Dashboard, drill-down, catalogue, background tasks and reports (thin: parse, authorise, call, render)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sxsh.core.downloads import file_response
from sxsh.core.pdf import official_language
from sxsh.core.roles import REVIEWERS
from sxsh.core.scoping import allows, is_admin
from sxsh.core.tables import bulk_response, export_view, render_page
from sxsh.core.tabular import XLSX_CONTENT_TYPE
from sxsh.tasks import services as tasks
from sxsh.tasks.views import follow

from . import charts, comparison, exports, selectors, services
from . import tasks as indicator_tasks
from .forms import ApproveForm, RecomputeForm, ReportCreateForm, ReportEditForm, ReturnForm
from .models import IndicatorValue, Report, ReportStatus, View
from .periods import period_choices
from .tables import REPORTS, VALUES
from .tasks import report_file_task


def staff_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in, with a role that may read indicator values; otherwise 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not allows(request.user, IndicatorValue, "view"):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc

    return wrapper


def _dashboard_data(request: HttpRequest) -> selectors.Dashboard:
    filters = selectors.DashboardFilters.from_params(request.GET, selectors.default_year(request.user))
    return selectors.dashboard(request.user, filters)


def _link(pk: int | None) -> str:
    return reverse("indicators:value_detail", args=[pk]) if pk else ""


@staff_only
def dashboard(request: HttpRequest) -> HttpResponse:
    data = _dashboard_data(request)
    row = data.chart_row
    decimals = row.decimals if row else 0
    target = row.target.value if row and row.target else None
    known = [*selectors.available_years(request.user), data.period.year, timezone.localdate().year]
    years = list(range(min(known), max(known) + 1))
    units = list(selectors.units_in_view(request.user, data.period, data.filters.view))
    sparks = {r.code: charts.line_chart(r.trend, r.decimals, width=140, height=44) for r in data.rows}
    return render(request, "indicators/dashboard.html", {
        "data": data,
        "rows": [(r, sparks[r.code]) for r in data.rows],
        "units": units,
        "unit_in_view": any(u.pk == data.unit.pk for u in units),
        "views": View.choices,
        "view_label": exports.view_label(data.filters.view),
        "sectors": selectors.sectors_with_values(),
        "years": years,
        "periods": period_choices(),
        "unit_chart": charts.bar_chart([(b.label, b.value, _link(b.value_id), b.title) for b in data.units_bars],
                                       decimals, target),
        "sector_chart": charts.bar_chart([(b.label, b.value, _link(b.value_id), b.title) for b in data.sector_bars],
                                         decimals, target),
        "trend_chart": charts.line_chart(row.trend, decimals, target, width=620, height=200) if row else None,
        "can_recompute": services.can_recompute(request.user),
        "recompute_form": RecomputeForm(initial={"year": data.period.year}),
        "status_labels": comparison.STATUS_LABELS,
    })


@staff_only
def dashboard_export(request: HttpRequest) -> HttpResponse:
    data = _dashboard_data(request)
    body = exports.dashboard_xlsx(request.user, data)
    name = exports.file_name("bang-chi-tieu", data.unit, data.period, "xlsx")
    return file_response(body, name, XLSX_CONTENT_TYPE)


def _start_export(request: HttpRequest, task: Any, fields: tuple[str, ...]) -> HttpResponse:
    """Start an export task with the dashboard's filters, once the unit is known to be in scope (else 404)."""
    params = {k: request.POST.get(k, "") for k in fields}
    filters = selectors.DashboardFilters.from_params(params, timezone.localdate().year)
    selectors.unit_for(request.user, filters.unit_id)
    record = tasks.start(task, acting_user=request.user, params=params)
    return redirect("tasks:detail", pk=record.pk)


@staff_only
@require_POST
def dashboard_export_job(request: HttpRequest) -> HttpResponse:
    return _start_export(request, indicator_tasks.dashboard_xlsx,
                         ("year", "period", "unit", "sector", "indicator", "view"))


@staff_only
@require_POST
def values_export_job(request: HttpRequest) -> HttpResponse:
    """All values of the unit's subtree for the year (or only the period shown), as a background job."""
    return _start_export(request, indicator_tasks.values_xlsx, ("year", "period", "unit", "sector", "scope", "view"))


@staff_only
def catalogue(request: HttpRequest) -> HttpResponse:
    inds = selectors.indicators().prefetch_related("targets")
    return render(request, "indicators/catalogue.html", {"indicators": inds})


@staff_only
def value_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, VALUES, "indicators/value_list.html")


value_list_export = export_view(VALUES)


@staff_only
def value_detail(request: HttpRequest, pk: int) -> HttpResponse:
    value = selectors.value_detail(request.user, pk)
    records = selectors.records_of(request.user, value)
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    return render(request, "indicators/value_detail.html", {
        "value": value, "page": page, "records": records,
        "value_text": selectors.display(value.value, value.indicator.decimals),
        "estimate_text": selectors.ESTIMATE_TEXT,
    })


@staff_only
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    if not services.can_recompute(request.user):
        raise Http404
    form = RecomputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm không hợp lệ."))
        return redirect("indicators:dashboard")
    record = tasks.start(indicator_tasks.recompute, acting_user=request.user,
                         params={"years": [form.cleaned_data["year"]]})
    return redirect("tasks:detail", pk=record.pk)


# --- reports ------------------------------------------------------------------------------------------

@staff_only
def report_list(request: HttpRequest) -> HttpResponse:
    units = selectors.units_for(request.user)
    form = ReportCreateForm(request.POST or None, units=units)
    if request.method == "POST":
        if not allows(request.user, Report, "add"):
            raise Http404
        if form.is_valid():
            try:
                report, created = services.create_report(
                    acting_user=request.user, unit=form.cleaned_data["unit"], period=form.period_value()
                )
            except services.ReportError as exc:
                form.add_error("period", exc.messages[0])
            else:
                if created:
                    messages.success(request, _("Đã tạo báo cáo."))
                else:
                    messages.info(request, _("Báo cáo của đơn vị cho kỳ này đã có; mở báo cáo hiện có."))
                return redirect("indicators:report_detail", pk=report.pk)
    return render_page(request, REPORTS, "indicators/report_list.html", {
        "form": form, "can_add": allows(request.user, Report, "add"),
        "awaiting": selectors.awaiting_review(request.user) if _is_reviewer(request.user) else [],
    }, bulk_url=reverse("indicators:report_bulk"))


report_list_export = export_view(REPORTS)


@staff_only
@require_POST
def report_bulk(request: HttpRequest) -> HttpResponse:
    """Approve the ticked reports awaiting the user's review: one audited service call each."""
    return bulk_response(request, REPORTS, reverse("indicators:report_list"))


def _is_reviewer(user: Any) -> bool:
    return is_admin(user) or user.role in REVIEWERS


def _report(request: HttpRequest, pk: int, action: str = "view") -> Report:
    return get_object_or_404(selectors.reports_for(request.user, action), pk=pk)


@staff_only
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    can_change = selectors.reports_for(request.user, "change").filter(pk=pk).exists()
    editable = can_change and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    form = ReportEditForm(request.POST or None, initial={"number": report.number, "subject": report.subject,
                                                        "narrative": report.narrative})
    if request.method == "POST":
        if not editable:
            messages.error(request, _("Báo cáo đã gửi hoặc đã được phê duyệt, không thể sửa."))
            return redirect("indicators:report_detail", pk=pk)
        if form.is_valid():
            services.update_report(acting_user=request.user, report=report, **form.cleaned_data)
            messages.success(request, _("Đã lưu báo cáo."))
            return redirect("indicators:report_detail", pk=pk)
    doc = exports.report_document(request.user, report)
    is_ward = selectors.is_sent_up(report.unit)
    reviewer = services.can_review(request.user, report) and can_change
    return render(request, "indicators/report_detail.html", {
        "report": report, "doc": doc, "form": form, "editable": editable,
        "reviews": selectors.report_reviews(report),
        "approver": selectors.report_approver(report),
        "can_submit": editable and is_ward,
        "can_review": reviewer and is_ward and report.status == ReportStatus.SUBMITTED,
        "can_issue": reviewer and not is_ward and report.status != ReportStatus.APPROVED,
        "return_form": ReturnForm(), "approve_form": ApproveForm(),
    })


def _workflow(request: HttpRequest, pk: int, step: Callable[[Report], Any], done: str) -> HttpResponse:
    report = _report(request, pk, "change")
    try:
        step(report)
    except services.ReportError as exc:
        messages.warning(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, done)
    return redirect("indicators:report_detail", pk=pk)


@staff_only
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, lambda r: services.submit_report(acting_user=request.user, report=r),
                     _("Đã gửi báo cáo lên đơn vị xem xét; số liệu đã được lưu kèm báo cáo."))


@staff_only
@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    form = ApproveForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _workflow(request, pk, lambda r: services.approve_report(acting_user=request.user, report=r,
                                                                    comment=comment),
                     _("Đã phê duyệt báo cáo; số liệu đã được chốt."))


@staff_only
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi rõ lý do trả lại báo cáo."))
        return redirect("indicators:report_detail", pk=pk)
    return _workflow(request, pk, lambda r: services.return_report(acting_user=request.user, report=r,
                                                                   comment=form.cleaned_data["comment"]),
                     _("Đã trả lại báo cáo kèm ý kiến."))


@staff_only
@official_language
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report's official document: a GET answers with the file, the report page's buttons POST and a
    background task builds it."""
    if fmt not in exports.REPORT_FORMATS:
        raise Http404
    report = _report(request, pk)
    if request.method == "POST":
        record = tasks.start(report_file_task, acting_user=request.user, params={"report": report.pk, "format": fmt})
        return follow(record)
    name, body = exports.report_file(request.user, report, fmt)
    return file_response(body, name)
