"""Admin registrations write their audit record like any service."""

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from . import audit
from .models import AuditLog


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes are atomic and audited."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = type(obj).objects.get(pk=obj.pk).audit_snapshot() if change else None
            super().save_model(request, obj, form, change)
            verb = "changed" if change else "created"
            audit.record(acting_user=request.user, action=f"{obj._meta.label_lower}.{verb}.admin", obj=obj,
                         before=before, after=obj.audit_snapshot())

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(acting_user=request.user, action=f"{obj._meta.label_lower}.deleted.admin", obj=obj,
                         before=obj.audit_snapshot())
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
