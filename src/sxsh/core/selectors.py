"""Reads for the home page, the back-office landing page and the audit log."""

from typing import Any

from django.db.models import Count, QuerySet

from .models import AuditLog


def home_context(user: Any) -> dict[str, Any]:
    from sxsh.directory.selectors import public_summary

    from .menu import home_sections

    return {"summary": public_summary(), "home_sections": home_sections(user)}


def dashboard_context(user: Any) -> dict[str, Any]:
    from sxsh.directory.models import Facility

    facilities = Facility.objects.restrict(user, "view")
    by_status = dict(facilities.values_list("cp_status").annotate(n=Count("pk")).order_by())
    return {"facility_count": facilities.count(), "by_status": by_status}


def audit_entries(user: Any, params: Any) -> QuerySet[AuditLog]:
    entries = AuditLog.objects.select_related("content_type")
    if action := params.get("action"):
        entries = entries.filter(action__startswith=action)
    if username := params.get("user"):
        entries = entries.filter(user_name=username)
    if request_id := params.get("request_id"):
        entries = entries.filter(request_id=request_id)
    return entries
