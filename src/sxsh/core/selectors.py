"""Reads for the home page, the back-office landing page and the audit log (scoped to the reader)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from . import auditlog
from .models import AuditLog
from .scoping import allows, is_admin


def home_context(user: Any) -> dict[str, Any]:
    from .menu import sections

    return {"home_sections": sections(user, "HOME_SECTIONS")}


def dashboard_context(user: Any) -> dict[str, Any]:
    from .menu import sections
    from .todo import todo_for

    return {"todo": todo_for(user), "dashboard_sections": sections(user, "DASHBOARD_SECTIONS")}


# --- the audit log ---------------------------------------------------------------------------------------


def can_read_audit(user: Any) -> bool:
    """Administrators, and unit-scoped officers (district, ward, Department) for their own units."""
    return allows(user, AuditLog, "view") and bool(is_admin(user) or user.scope_path)


def audit_scope(user: Any) -> QuerySet[AuditLog]:
    """The entries the user may read: every entry for the administrator; an officer those whose object (or,
    once deleted, the unit recorded with it) lies in their subtree; nobody else any."""
    return AuditLog.objects.restrict(user, "view")


def audit_entries(user: Any) -> QuerySet[AuditLog]:
    """The log page, its export and its detail page read this: scoped, newest first (``audit_tables.AUDIT``
    filters it)."""
    return audit_scope(user).select_related("content_type", "user")


def audit_entry(user: Any, pk: int) -> auditlog.EntryView:
    """One entry with its full values; ``AuditLog.DoesNotExist`` (a 404) outside the user's scope."""
    return auditlog.present(user, [audit_entries(user).get(pk=pk)])[0]


def audit_actions(user: Any) -> list[tuple[str, str]]:
    """The action codes present in the user's entries, with their Vietnamese labels (the filter's choices)."""
    codes = sorted(set(audit_scope(user).order_by().values_list("action", flat=True).distinct()))
    return [(code, auditlog.action_label(code, None)) for code in codes]


def audit_people(user: Any) -> QuerySet[Any]:
    """Who wrote the user's entries (the filter's choices)."""
    return get_user_model().objects.filter(
        pk__in=audit_scope(user).order_by().values("user_id").distinct()).order_by("username")
