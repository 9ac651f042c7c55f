"""Back-office pages for facilities and organisations (thin: parse, authorise, call, render)."""

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sxsh.core.audit import history_for
from sxsh.core.scoping import allows
from sxsh.core.tables import bulk_response, export_view, render_page
from sxsh.tasks import services as tasks_services

from . import importing, selectors, services, tasks
from .forms import CPStatusForm, FacilityForm, ImportForm, OrganisationForm, UnitCorrectionForm, UnitForm
from .models import AdministrativeUnit, Facility, Organisation
from .tables import FACILITIES, ORGANISATIONS, UNITS


def _facility_or_404(request: HttpRequest, pk: int, action: str = "view") -> Facility:
    return get_object_or_404(selectors.facilities_for(request.user, action=action), pk=pk)


@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, FACILITIES, "directory/facility_list.html", {
        "can_add": allows(request.user, Facility, "add"),
    }, bulk_url=reverse("directory:facility_bulk"))


facility_export = export_view(FACILITIES)


@login_required
@require_POST
def facility_bulk(request: HttpRequest) -> HttpResponse:
    return bulk_response(request, FACILITIES, reverse("directory:facility_list"))


@login_required
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility_or_404(request, pk)
    can_change = selectors.facilities_for(request.user, action="change").filter(pk=pk).exists()
    return render(request, "directory/facility_detail.html", {
        "facility": facility,
        "history": selectors.status_history(facility)[:50],
        "wards": selectors.ward_history(facility),
        "audit": history_for(facility)[:20],
        "can_change": can_change,
        "status_form": CPStatusForm(initial={"status": facility.cp_status, "effective_date": timezone.localdate()}),
    })


@login_required
def facility_create(request: HttpRequest) -> HttpResponse:
    if not allows(request.user, Facility, "add"):
        raise Http404
    form = FacilityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        facility = services.create_facility(acting_user=request.user, data=form.cleaned_data)
        messages.success(request, _("Đã thêm cơ sở “%(name)s”.") % {"name": facility.name})
        return redirect("directory:facility_detail", pk=facility.pk)
    return render(request, "directory/facility_form.html", {"form": form, "creating": True})


@login_required
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility_or_404(request, pk, "change")
    form = FacilityForm(request.POST or None, instance=facility, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_facility(acting_user=request.user, facility=facility, data=form.cleaned_data)
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("directory:facility_detail", pk=facility.pk)
    return render(request, "directory/facility_form.html", {"form": form, "facility": facility})


@login_required
@require_POST
def facility_status(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility_or_404(request, pk, "change")
    form = CPStatusForm(request.POST)
    if form.is_valid():
        services.record_cp_status(acting_user=request.user, facility=facility, **form.cleaned_data)
        messages.success(request, _("Đã ghi nhận tình trạng sản xuất sạch hơn."))
    else:
        messages.error(request, _("Không ghi nhận được: %(e)s") % {"e": "; ".join(
            str(e) for errors in form.errors.values() for e in errors)})
    return redirect("directory:facility_detail", pk=facility.pk)


@login_required
def facility_import(request: HttpRequest) -> HttpResponse:
    """Upload, then a preview of every row with its errors; save only when all rows are valid."""
    if not allows(request.user, Facility, "add"):
        raise Http404
    context: dict[str, Any] = {"form": ImportForm(), "columns": [str(c[0]) for c in importing.COLUMNS.values()]}
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_import(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            preview = importing.preview_from_upload(request.user, upload)
            context["preview"] = preview
            if preview.is_valid:
                token = uuid.uuid4().hex
                upload.seek(0)
                (importing.stored_uploads() / token).write_bytes(upload.read())
                request.session["facility_import"] = token
                request.session["facility_import_rows"] = len(preview.rows)
                context["token"] = token
    return render(request, "directory/facility_import.html", context)


def _confirm_import(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("confirm", "")
    if not token or request.session.get("facility_import") != token:
        messages.error(request, _("Phiên nhập dữ liệu đã hết hạn, vui lòng tải tệp lên lại."))
        return redirect("directory:facility_import")
    if request.session.pop("facility_import_rows", 0) > settings.SXSH_IMPORT_TASK_ROWS:
        request.session.pop("facility_import", None)
        record = tasks_services.start(tasks.import_facilities, acting_user=request.user, params={"token": token})
        messages.info(request, _("Tệp có nhiều dòng nên được lưu trong nền; kết quả hiện ở đây khi xong."))
        return redirect("tasks:detail", record.pk)
    stored = importing.stored_uploads() / token
    try:
        with stored.open("rb") as handle:
            preview = importing.preview_from_upload(request.user, handle)
        if not preview.is_valid:
            messages.error(request, _("Dữ liệu đã thay đổi kể từ lúc xem trước; vui lòng tải tệp lên lại."))
            return redirect("directory:facility_import")
        created, updated = services.import_facilities(acting_user=request.user, preview=preview)
    except (FileNotFoundError, PermissionDenied):
        messages.error(request, _("Không nhập được dữ liệu; không có dòng nào được lưu."))
        return redirect("directory:facility_import")
    finally:
        stored.unlink(missing_ok=True)
        request.session.pop("facility_import", None)
    messages.success(request, _("Đã nhập %(c)s cơ sở mới và cập nhật %(u)s cơ sở.") % {"c": created, "u": updated})
    return redirect("directory:facility_list")


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The administrative units in the user's scope, with their validity dates and successors."""
    return render_page(request, UNITS, "directory/unit_list.html", {
        "reorganisations": selectors.reorganisations(request.user),
        "can_add": allows(request.user, AdministrativeUnit, "add")})


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    """A new unit (administrator): bad input is shown next to its field, the entries kept."""
    if not allows(request.user, AdministrativeUnit, "add"):
        raise Http404
    form = UnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(acting_user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm %(unit)s.") % {"unit": unit})
            return redirect(reverse("directory:unit_list") + f"?parent={unit.parent_id or ''}")
    return render(request, "directory/unit_form.html", {"form": form})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit with its place in time: parent, validity, successor and predecessors, units below, reorganisations."""
    unit = get_object_or_404(selectors.units_for(request.user).select_related("kind", "parent__kind",
                                                                              "successor__kind"), pk=pk)
    return render(request, "directory/unit_detail.html", {
        "unit": unit, **selectors.unit_context(request.user, unit),
        "can_change": selectors.units_for(request.user, "change").filter(pk=pk).exists(),
        "audit": history_for(unit)[:20]})


@login_required
def unit_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a unit's official code or validity (administrator); bad input is shown next to its field."""
    unit = get_object_or_404(selectors.units_for(request.user, "change").select_related("kind", "parent"), pk=pk)
    initial = {field: getattr(unit, field) for field in services.UNIT_CORRECTIONS}
    form = UnitCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_unit(acting_user=request.user, unit=unit, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu %(unit)s.") % {"unit": unit})
            return redirect("directory:unit_detail", pk=unit.pk)
    return render(request, "directory/unit_correct.html", {"form": form, "unit": unit})


unit_export = export_view(UNITS)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, ORGANISATIONS, "directory/organisation_list.html", {
        "can_add": allows(request.user, Organisation, "add"),
    })


organisation_export = export_view(ORGANISATIONS)


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_for(request.user), pk=pk)
    can_change = selectors.organisations_for(request.user, action="change").filter(pk=pk).exists()
    return render(request, "directory/organisation_detail.html", {
        "organisation": organisation, "can_change": can_change, "audit": history_for(organisation)[:20],
    })


@login_required
def organisation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        if not allows(request.user, Organisation, "add"):
            raise Http404
        organisation = Organisation()
    else:
        organisation = get_object_or_404(selectors.organisations_for(request.user, action="change"), pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = services.save_organisation(acting_user=request.user, organisation=organisation, data=form.cleaned_data)
        messages.success(request, _("Đã lưu tổ chức “%(name)s”.") % {"name": saved.name})
        return redirect("directory:organisation_detail", pk=saved.pk)
    return render(request, "directory/organisation_form.html", {"form": form, "organisation": organisation})
