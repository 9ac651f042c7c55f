"""Reads for the home page, the back-office landing page and the audit log."""

from typing import Any

from django.db.models import Count, QuerySet

from .models import AuditLog


def home_context(user: Any) -> dict[str, Any]:
    from sxsh.directory.selectors import public_summary

    from .menu import home_sections

    return {"summary": public_summary(), "home_sections": home_sections(user)}


def dashboard_context(user: Any) -> dict[str, Any]:
    from sxsh.directory.models import CPStatus, Facility

    facilities = Facility.objects.restrict(user, "view")
    counts = dict(facilities.values_list("cp_status").annotate(n=Count("pk")).order_by())
    by_status = [(value, label, counts.get(value, 0)) for value, label in CPStatus.choices]
    return {"facility_count": sum(counts.values()), "by_status": by_status}


def audit_entries(user: Any, params: Any) -> QuerySet[AuditLog]:
    entries = AuditLog.objects.select_related("content_type")
    if action := params.get("action"):
        entries = entries.filter(action__startswith=action)
    if username := params.get("user"):
        entries = entries.filter(user_name=username)
    if request_id := params.get("request_id"):
        entries = entries.filter(request_id=request_id)
    return entries
