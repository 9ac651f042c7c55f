"""Pages for assessments, options and monitoring (thin: parse, authorise, call, render)."""

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sxsh.core import docxfile
from sxsh.core.downloads import file_response
from sxsh.core.pdf import official_language, render_pdf
from sxsh.core.tables import export_view, render_page
from sxsh.core.tabular import write_xlsx
from sxsh.directory.models import Facility
from sxsh.directory.selectors import facilities_for

from . import analysis, charts, exports, importing, selectors, services
from .forms import (
    AnalysisForm,
    AssessmentForm,
    CauseForm,
    FacilityChoiceForm,
    FlowForm,
    ImplementForm,
    OptionForm,
    ProcessStepForm,
    ReadingsImportForm,
    SeriesForm,
    WasteStreamForm,
)
from .models import (
    STEPS,
    Assessment,
    CauseAnalysis,
    Flow,
    MonitoringSeries,
    MVAnalysis,
    Option,
    OptionStatus,
    ProcessStep,
    WasteStreamCost,
)
from .tables import ASSESSMENTS, MONITORING, OPTIONS, SERIES

PART_OF_ASSESSMENT = "a part of the assessment read in scope"


def _assessment(request: HttpRequest, pk: int, action: str = "view") -> Assessment:
    try:
        return selectors.assessment_detail(request.user, pk, action)
    except Assessment.DoesNotExist:
        raise Http404 from None


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, ASSESSMENTS, "assessments/assessment_list.html", {
        "can_add": selectors.can_add_assessment(request.user)})


assessment_list_export = export_view(ASSESSMENTS)


@login_required
def assessment_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_add_assessment(request.user):
        raise Http404
    facilities = facilities_for(request.user)
    choice = FacilityChoiceForm(request.POST or None, facilities=facilities,
                                initial={"facility": request.GET.get("facility")})
    form = AssessmentForm(request.POST or None, user=request.user,
                          initial={"start_date": timezone.localdate(), "current_step": 1})
    if request.method == "POST" and choice.is_valid() and form.is_valid():
        assessment = services.create_assessment(acting_user=request.user, facility=choice.cleaned_data["facility"],
                                                data=form.cleaned_data)
        messages.success(request, _("Đã tạo đợt đánh giá."))
        return redirect("assessments:assessment_detail", pk=assessment.pk)
    return render(request, "assessments/assessment_form.html", {"form": form, "choice": choice})


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, "change")
    form = AssessmentForm(request.POST or None, instance=assessment, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_assessment(acting_user=request.user, assessment=assessment, data=form.cleaned_data)
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("assessments:assessment_detail", pk=pk)
    return render(request, "assessments/assessment_form.html", {"form": form, "assessment": assessment})


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    steps = list(assessment.process_steps.all())
    tasks = list(assessment.tasks.all())
    return render_page(request, OPTIONS, "assessments/assessment_detail.html", {
        "assessment": assessment,
        "can_edit": selectors.can_edit(request.user, assessment),
        "steps_with_tasks": [(n, label, [t for t in tasks if t.step == n]) for n, label in STEPS],
        "balances": [analysis.balance(step, list(step.flows.all())) for step in steps],
        "waste_streams": list(assessment.waste_streams.all()),
        "causes": list(assessment.causes.all()),
    }, parent=assessment)  # the options, ranked: the declared listing fixed to the assessment


@login_required
@require_POST
def task_toggle(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    assessment = _assessment(request, pk, "change")
    if not 1 <= number <= 18:
        raise Http404
    services.set_task_done(acting_user=request.user, assessment=assessment, number=number,
                           done=request.POST.get("done") == "1")
    return redirect(f"{assessment.get_absolute_url()}#buoc")


PARTS: dict[str, tuple[type[models.Model], Any, str]] = {
    "cong-doan": (ProcessStep, ProcessStepForm, _("Công đoạn sản xuất")),
    "dong": (Flow, FlowForm, _("Dòng vào/ra")),
    "dong-thai": (WasteStreamCost, WasteStreamForm, _("Chi phí dòng thải")),
    "nguyen-nhan": (CauseAnalysis, CauseForm, _("Phân tích nguyên nhân")),
    "giai-phap": (Option, OptionForm, _("Giải pháp SXSH")),
}


def _part_queryset(model: type[models.Model], assessment: Assessment) -> Any:
    if model is Flow:
        return Flow.objects.unscoped(PART_OF_ASSESSMENT).filter(process_step__assessment=assessment)
    return model._default_manager.unscoped(PART_OF_ASSESSMENT).filter(assessment=assessment)  # type: ignore[attr-defined]


@login_required
def part_form(request: HttpRequest, pk: int, kind: str, part_pk: int | None = None) -> HttpResponse:
    """Add or change a process step, flow, waste-stream cost, cause or option of an assessment."""
    if kind not in PARTS:
        raise Http404
    assessment = _assessment(request, pk, "change")
    model, form_class, title = PARTS[kind]
    obj = model() if part_pk is None else get_object_or_404(_part_queryset(model, assessment), pk=part_pk)
    kwargs: dict[str, Any] = {} if form_class is ProcessStepForm else {"assessment": assessment}
    kwargs_initial = {"order": assessment.process_steps.count() + 1} if part_pk is None and model is ProcessStep else {}
    form = form_class(request.POST or None, instance=obj, initial=kwargs_initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_part(acting_user=request.user, assessment=assessment, obj=obj, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu."))
            anchor = "giai-phap" if model is Option else kind
            return redirect(f"{assessment.get_absolute_url()}#{anchor}")
    return render(request, "assessments/part_form.html", {
        "form": form, "assessment": assessment, "title": title, "obj": obj, "kind": kind,
    })


@login_required
@require_POST
def part_delete(request: HttpRequest, pk: int, kind: str, part_pk: int) -> HttpResponse:
    if kind not in PARTS:
        raise Http404
    assessment = _assessment(request, pk, "change")
    model = PARTS[kind][0]
    obj = get_object_or_404(_part_queryset(model, assessment), pk=part_pk)
    try:
        services.delete_part(acting_user=request.user, assessment=assessment, obj=obj)
    except ValidationError:
        messages.error(request, _("Không xóa được giải pháp đã thực hiện."))
    else:
        messages.success(request, _("Đã xóa."))
    return redirect(assessment.get_absolute_url())


@login_required
@require_POST
def option_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """NPV, IRR and payback of the option being typed (htmx), without saving anything."""
    assessment = _assessment(request, pk, "change")
    form = OptionForm(request.POST, instance=Option(assessment=assessment), assessment=assessment)
    figures = analysis.option_figures(form.instance) if form.is_valid() else None
    return render(request, "assessments/_option_preview.html", {"figures": figures, "option": form.instance})


@login_required
def options(request: HttpRequest) -> HttpResponse:
    return render_page(request, OPTIONS, "assessments/options.html")


option_export = export_view(OPTIONS)


@login_required
def option_detail(request: HttpRequest, pk: int) -> HttpResponse:
    option = get_object_or_404(selectors.options_for(request.user), pk=pk)
    figures = analysis.option_figures(option)
    can_edit = selectors.can_edit(request.user, option.assessment)
    form = ImplementForm(request.POST or None, initial={"implemented_date": timezone.localdate(),
                                                        "actual_investment": option.investment})
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if option.status == OptionStatus.IMPLEMENTED:
            messages.error(request, _("Giải pháp này đã được ghi nhận thực hiện."))
        elif form.is_valid():
            services.implement_option(acting_user=request.user, option=option, **form.cleaned_data)
            messages.success(request, _("Đã ghi nhận thực hiện giải pháp; cơ sở chuyển sang “Đang áp dụng” SXSH."))
            return redirect("assessments:option_detail", pk=pk)
    return render(request, "assessments/option_detail.html", {
        "option": option, "figures": figures, "can_edit": can_edit, "form": form,
    })


# --- exports -----------------------------------------------------------------------------------


@login_required
@official_language
def assessment_export(request: HttpRequest, pk: int) -> HttpResponse:
    report = exports.assessment_report(request.user, _assessment(request, pk))
    return file_response(write_xlsx(exports.assessment_sheets(report)), f"danh-gia-sxsh-{pk}.xlsx")


@login_required
@official_language
def assessment_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The assessment report as an official document: PDF (with the M&V charts) or DOCX, the same figures."""
    report = exports.assessment_report(request.user, _assessment(request, pk))
    if fmt == "docx":
        body = exports.report_docx(report)
    else:
        body = render_pdf("assessments/report_pdf.html", {
            "report": report, "header": report.header, "assessment": report.assessment,
            "results": [(r, _charts(r, font=docxfile.FONT)) for r in report.results],
        })
    return file_response(body, f"bao-cao-danh-gia-sxsh-{report.assessment.pk}.{fmt}")


# --- monitoring --------------------------------------------------------------------------------


def _facility(request: HttpRequest, pk: int) -> Facility:
    return get_object_or_404(facilities_for(request.user), pk=pk)


@login_required
def monitoring_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, MONITORING, "assessments/monitoring_list.html")


monitoring_list_export = export_view(MONITORING)


@login_required
def series_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, SERIES, "assessments/series_list.html")


series_export = export_view(SERIES)


@login_required
def monitoring_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data = _monitoring(request, pk)
    return render(request, "assessments/monitoring_detail.html", {
        "facility": data.facility,
        "series": data.series,
        "table": data.table[-60:],
        "results": [(result, _charts(result)) for result in data.results],
        "streams": data.streams,
        "combined": data.combined,
        "can_edit": selectors.can_edit_monitoring(request.user, data.facility),
        "import_form": ReadingsImportForm(),
    })


def _monitoring(request: HttpRequest, pk: int) -> selectors.Monitoring:
    try:
        return selectors.monitoring(request.user, pk)
    except Facility.DoesNotExist:
        raise Http404 from None


@login_required
def monitoring_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The monitoring page as XLSX: series and readings, each M&V model with its validity, results per stream."""
    data = _monitoring(request, pk)
    body = write_xlsx(exports.monitoring_sheets(data))
    return file_response(body, f"giam-sat-{data.facility.pk}.xlsx")


def _charts(result: analysis.MVResult, font: str = "") -> dict[str, Any]:
    if result.model is None or not result.reporting_predicted:
        return {}
    unit = result.analysis.target.unit
    return {
        "actual": charts.line_chart(
            result.reporting_months,
            [(_("Thực tế (%(u)s)") % {"u": unit}, result.reporting_actual),
             (_("Đường cơ sở điều chỉnh (%(u)s)") % {"u": unit}, result.reporting_predicted)],
            title=_("Thực tế và đường cơ sở điều chỉnh"), font=font,
        ),
        "cusum": charts.line_chart(
            result.reporting_months, [(_("CUSUM (thực tế − dự báo, %(u)s)") % {"u": unit}, result.cusum)],
            title=_("Tổng tích lũy chênh lệch (CUSUM)"), zero_line=True, font=font,
        ),
    }


def _require_monitoring(request: HttpRequest, facility: Facility) -> None:
    if not selectors.can_edit_monitoring(request.user, facility):
        raise Http404


@login_required
def series_form(request: HttpRequest, pk: int, series_pk: int | None = None) -> HttpResponse:
    facility = _facility(request, pk)
    _require_monitoring(request, facility)
    series = MonitoringSeries() if series_pk is None else get_object_or_404(
        selectors.series_for(request.user, facility.pk, "change"), pk=series_pk)
    series.facility = facility
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        services.save_series(acting_user=request.user, facility=facility, series=series, data=form.cleaned_data)
        messages.success(request, _("Đã lưu chuỗi số liệu."))
        return redirect("assessments:monitoring_detail", pk=facility.pk)
    return render(request, "assessments/simple_form.html", {
        "form": form, "facility": facility, "title": _("Chuỗi số liệu giám sát"),
        "back": facility.pk,
    })


@login_required
def analysis_form(request: HttpRequest, pk: int, analysis_pk: int | None = None) -> HttpResponse:
    facility = _facility(request, pk)
    _require_monitoring(request, facility)
    item = MVAnalysis(facility=facility) if analysis_pk is None else get_object_or_404(
        selectors.analyses_for(request.user, facility.pk, "change"), pk=analysis_pk)
    form = AnalysisForm(request.POST or None, instance=item, facility=facility)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        drivers = list(data.pop("drivers"))
        services.save_analysis(acting_user=request.user, facility=facility, item=item, data=data, drivers=drivers)
        messages.success(request, _("Đã lưu phân tích đo lường và kiểm chứng."))
        return redirect("assessments:monitoring_detail", pk=facility.pk)
    return render(request, "assessments/simple_form.html", {
        "form": form, "facility": facility, "title": _("Phân tích đo lường và kiểm chứng (M&V)"),
        "back": facility.pk,
    })


def _import_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def readings_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload, preview every row with its errors, then confirm; nothing is saved unless all rows are valid."""
    facility = _facility(request, pk)
    _require_monitoring(request, facility)
    session_key = f"readings_import_{facility.pk}"
    context: dict[str, Any] = {"facility": facility, "form": ReadingsImportForm(),
                               "series": selectors.series_for(request.user, facility.pk)}
    if request.method == "POST" and "confirm" in request.POST:
        token = request.POST.get("confirm", "")
        if not token or request.session.get(session_key) != token:
            messages.error(request, _("Phiên nhập dữ liệu đã hết hạn, vui lòng tải tệp lên lại."))
            return redirect("assessments:readings_import", pk=facility.pk)
        stored = _import_dir() / token
        try:
            with stored.open("rb") as handle:
                preview = importing.preview_from_upload(facility.pk, handle)
            if not preview.is_valid:
                messages.error(request, _("Dữ liệu đã thay đổi kể từ lúc xem trước; vui lòng tải tệp lên lại."))
                return redirect("assessments:readings_import", pk=facility.pk)
            created, updated = services.import_readings(acting_user=request.user, facility=facility,
                                                        preview=preview)
        except (FileNotFoundError, PermissionDenied):
            messages.error(request, _("Không nhập được dữ liệu; không có dòng nào được lưu."))
            return redirect("assessments:readings_import", pk=facility.pk)
        finally:
            stored.unlink(missing_ok=True)
            request.session.pop(session_key, None)
        messages.success(request, _("Đã nhập %(c)s số liệu mới và cập nhật %(u)s số liệu.") % {
            "c": created, "u": updated})
        return redirect("assessments:monitoring_detail", pk=facility.pk)
    if request.method == "POST":
        form = ReadingsImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            preview = importing.preview_from_upload(facility.pk, upload)
            context["preview"] = preview
            if preview.is_valid:
                token = uuid.uuid4().hex
                upload.seek(0)
                (_import_dir() / token).write_bytes(upload.read())
                request.session[session_key] = token
                context["token"] = token
    return render(request, "assessments/readings_import.html", context)
