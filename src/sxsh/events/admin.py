from django.contrib import admin
from django.http import HttpRequest

from sxsh.core.admin import AuditedAdmin
from sxsh.core.forms import CheckedAdminFields

from .models import Attendance, Event, Feedback, Registration, Session


class SessionInline(CheckedAdminFields, admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    list_display = ("title", "kind", "status", "starts_at", "capacity", "unit")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    inlines = [SessionInline]
    filter_horizontal = ("co_organisers",)
    # publishing and cancelling (with its notices) go through events.services; the address comes from the title
    readonly_fields = ("status", "slug")


@admin.register(Registration)
class RegistrationAdmin(AuditedAdmin):
    list_display = ("code", "full_name", "event", "status", "audience", "created_at")
    list_filter = ("status", "audience")
    search_fields = ("code", "full_name", "email", "phone")
    raw_id_fields = ("event", "facility", "registered_by")
    # confirmation, the waiting list and cancellation go through events.services
    readonly_fields = ("code", "status", "promoted_at", "cancelled_at")


class AttendanceAdmin(AuditedAdmin):
    """Check-ins are recorded at the door (events.services.check_in)."""

    readonly_fields = ("registration", "session", "checked_in_at", "checked_in_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


admin.site.register(Attendance, AttendanceAdmin)
admin.site.register(Feedback, AuditedAdmin)
