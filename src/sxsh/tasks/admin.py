from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django_tasks_db.models import DBTaskResult

from sxsh.core.admin import AuditedAdmin

from .models import BackgroundTask

# The queue's own rows are the backend's business; the task records below are what people look at.
admin.site.unregister(DBTaskResult)


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(AuditedAdmin):
    """Read only: task records are written by the services and the workers alone."""

    list_display = ("pk", "kind", "status", "progress", "attempts", "created_by", "created_at", "finished_at")
    list_filter = ("status", "kind")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
