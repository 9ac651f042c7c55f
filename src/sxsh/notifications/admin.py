from django.contrib import admin

from sxsh.core.admin import AuditedAdmin

from .models import Notification, OptOut


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    list_display = ("title", "kind", "recipient", "created_at", "read_at")
    list_filter = ("kind",)
    readonly_fields = ("recipient", "email", "kind", "title", "body", "url", "read_at")

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(OptOut)
class OptOutAdmin(AuditedAdmin):
    list_display = ("kind", "user", "email", "created_at")
    list_filter = ("kind",)
