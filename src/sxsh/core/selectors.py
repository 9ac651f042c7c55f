"""Reads for the home page, the back-office landing page and the audit log (scoped to the reader)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import auditlog
from .dates import parse_date
from .ids import parse_id
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


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""  # an action code, or its first parts ("events.registration")
    user: int | None = None
    object_type: int | None = None  # a content type id
    date_from: date | None = None
    date_to: date | None = None
    request_id: str = ""

    @classmethod
    def from_params(cls, params: Any) -> "AuditFilters":
        return cls(action=str(params.get("action") or "").strip()[:100], user=parse_id(params.get("user")),
                   object_type=parse_id(params.get("object_type")), date_from=parse_date(params.get("date_from")),
                   date_to=parse_date(params.get("date_to")), request_id=str(params.get("request_id") or "").strip()[:64])

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters (the export link repeats them)."""
        values = {"action": self.action, "user": self.user, "object_type": self.object_type,
                  "date_from": self.date_from.isoformat() if self.date_from else "",
                  "date_to": self.date_to.isoformat() if self.date_to else "", "request_id": self.request_id}
        return {k: str(v) for k, v in values.items() if v}


def audit_scope(user: Any) -> QuerySet[AuditLog]:
    """The entries the user may read: every entry for the administrator; an officer those whose object (or,
    once deleted, the unit recorded with it) lies in their subtree; nobody else any."""
    return AuditLog.objects.restrict(user, "view")


def audit_entries(user: Any, filters: AuditFilters | None = None) -> QuerySet[AuditLog]:
    """The log page, its export and its detail page read this: scoped, filtered, newest first."""
    entries = audit_scope(user).select_related("content_type", "user")
    if filters is None:
        return entries
    if filters.action:
        entries = entries.filter(Q(action=filters.action) | Q(action__startswith=filters.action + "."))
    if filters.user:
        entries = entries.filter(user_id=filters.user)
    if filters.object_type:
        entries = entries.filter(content_type_id=filters.object_type)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        entries = entries.filter(timestamp__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz))
    if filters.date_to:
        entries = entries.filter(timestamp__lt=datetime.combine(filters.date_to + timedelta(days=1), time.min,
                                                                tzinfo=tz))
    if filters.request_id:
        entries = entries.filter(request_id=filters.request_id)
    return entries


def audit_entry(user: Any, pk: int) -> auditlog.EntryView:
    """One entry with its full values; ``AuditLog.DoesNotExist`` (a 404) outside the user's scope."""
    return auditlog.present(user, [audit_entries(user).get(pk=pk)])[0]


def audit_choices(user: Any) -> dict[str, list[tuple[Any, str]]]:
    """What the filters offer: the actions, people and kinds of object present in the user's entries."""
    entries = audit_scope(user).order_by()
    actions = sorted(set(entries.values_list("action", flat=True).distinct()))
    types = ContentType.objects.filter(pk__in=entries.values("content_type_id").distinct())
    people = get_user_model().objects.filter(pk__in=entries.values("user_id").distinct())
    return {
        "actions": [(code, auditlog.action_label(code, None)) for code in actions],
        "object_types": sorted(((ct.pk, str(model._meta.verbose_name)) for ct in types
                                if (model := ct.model_class()) is not None), key=lambda c: c[1]),
        "users": sorted(((u.pk, u.get_full_name() or u.username) for u in people), key=lambda c: c[1]),
    }


def audit_export_rows(user: Any, filters: AuditFilters) -> Iterator[list[Any]]:
    """The rows of the XLSX export: the filtered entries as the page shows them, every change written out."""
    entries = audit_entries(user, filters)
    for start in range(0, entries.count(), 500):
        for view in auditlog.present(user, list(entries[start:start + 500])):
            changes = "\n".join(f"{c.label}: {c.before} → {c.after}" for c in view.changes)
            yield [view.when, view.who, view.action, view.object_type, view.object, changes, view.entry.request_id]
