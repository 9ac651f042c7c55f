"""Admin registrations write their audit record like any service.

``AuditedAdmin`` records one entry per save with the object's state before and after: its fields, its
many-to-many ids and the rows of its inlines, all read back from the database (``save_model`` takes the
"before", ``save_related`` the "after", once many-to-many and inlines are saved). Secrets are masked by
``audit.record``.
"""

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from . import audit
from .forms import CheckedAdminFields
from .models import AuditLog
from .site import SiteSettings


class AuditedAdmin(CheckedAdminFields, admin.ModelAdmin):
    """A ModelAdmin whose saves (inlines and many-to-many included) and deletes are atomic and audited."""

    def audit_state(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        """The stored state of ``obj``: fields, many-to-many ids and, per inline, its rows."""
        fresh = type(obj)._default_manager.get(pk=obj.pk)
        state = audit.snapshot(fresh)
        for inline in self.get_inline_instances(request, fresh):
            fk_name: str = inline.get_formset(request, fresh).fk.name  # type: ignore[attr-defined]
            rows = inline.model._default_manager.filter(**{fk_name: fresh}).order_by("pk")
            state[f"{inline.model._meta.model_name}_set"] = [audit.snapshot(row) for row in rows]
        return state

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            obj._audit_before = self.audit_state(request, obj) if change else None
            super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            obj = form.instance
            verb = "changed" if change else "created"
            audit.record(acting_user=request.user, action=f"{obj._meta.label_lower}.{verb}.admin", obj=obj,
                         before=getattr(obj, "_audit_before", None), after=self.audit_state(request, obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(acting_user=request.user, action=f"{obj._meta.label_lower}.deleted.admin", obj=obj,
                         before=self.audit_state(request, obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "user_name", "action", "object_repr", "request_id")
    list_filter = ("action",)
    search_fields = ("object_repr", "request_id", "user_name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SiteSettings)
class SiteSettingsAdmin(AuditedAdmin):
    """The one row of site wording: it can be changed, never added twice nor deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
