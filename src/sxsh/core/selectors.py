"""Reads for the home page, the back-office landing page and the audit log."""

from typing import Any

from django.db.models import QuerySet

from .models import AuditLog


def home_context(user: Any) -> dict[str, Any]:
    from .menu import sections

    return {"home_sections": sections(user, "HOME_SECTIONS")}


def dashboard_context(user: Any) -> dict[str, Any]:
    from .menu import sections
    from .todo import todo_for

    return {"todo": todo_for(user), "dashboard_sections": sections(user, "DASHBOARD_SECTIONS")}


def audit_entries(user: Any, params: Any) -> QuerySet[AuditLog]:
    entries = AuditLog.objects.select_related("content_type")
    if action := params.get("action"):
        entries = entries.filter(action__startswith=action)
    if username := params.get("user"):
        entries = entries.filter(user_name=username)
    if request_id := params.get("request_id"):
        entries = entries.filter(request_id=request_id)
    return entries
