"""Every admin writes its audit record, and no admin edits a workflow field (the workflow does)."""

import warnings
from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils.deprecation import RemovedInDjango60Warning

from sxsh.core.admin import AuditedAdmin, AuditLogAdmin

pytestmark = pytest.mark.django_db

#: Fields that a workflow (a service with its checks and side effects) moves, by name.
WORKFLOW_FIELDS = {"status", "cp_status", "current_step", "percent_complete", "moderated_by", "moderated_at",
                   "reviewed_by", "reviewed_at", "submitted_by", "submitted_at", "promoted_at", "cancelled_at",
                   "checked_in_at", "checked_in_by", "hidden_reason", "replied_at"}
#: Fields with a workflow name that are plain data entered on a form of their own page.
PLAIN_DATA = {
    ("plans.plan", "status"),  # the plan's own state, edited on the plan form
    ("plans.progressupdate", "status"),  # what the update reports
    ("plans.progressupdate", "percent_complete"),
    ("assessments.assessment", "current_step"),  # edited on the assessment form
    ("assessments.emissionfactor", "status"),  # official or estimate: reference data kept in the admin
}


def _request(user: Any) -> Any:
    request = RequestFactory().get("/quan-tri/")
    request.user = user
    return request


def test_every_admin_is_audited() -> None:
    unaudited = [model._meta.label for model, model_admin in admin.site._registry.items()
                 if not isinstance(model_admin, AuditedAdmin | AuditLogAdmin)]
    assert unaudited == [], unaudited


def test_no_admin_form_edits_a_workflow_field(users: Any) -> None:
    request = _request(users["admin"])
    editable: list[str] = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_change_permission(request):
            continue
        with warnings.catch_warnings():  # URLField's default scheme (the admin's own forms, unchanged here)
            warnings.simplefilter("ignore", RemovedInDjango60Warning)
            forms = [(model, model_admin.get_form(request))]
            forms += [(inline.model, inline.get_formset(request).form)
                      for inline in model_admin.get_inline_instances(request)]
        for form_model, form in forms:
            label = form_model._meta.label_lower
            editable += [f"{label}.{name}" for name in form.base_fields
                         if name in WORKFLOW_FIELDS and (label, name) not in PLAIN_DATA]
    assert editable == [], editable


def test_report_status_cannot_be_approved_in_the_admin(users: Any, client_for: Any, hang_bac: Any) -> None:
    from sxsh.indicators.models import Report, ReportStatus

    report = Report.objects.create(unit=hang_bac, year=2024, period_kind="quarter", period_no=1)
    client = client_for(users["admin"])
    page = client.get(f"/quan-tri/indicators/report/{report.pk}/change/")
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    client.post(f"/quan-tri/indicators/report/{report.pk}/change/", {"status": ReportStatus.APPROVED})
    report.refresh_from_db()
    assert report.status != ReportStatus.APPROVED
