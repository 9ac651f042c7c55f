from django.contrib import admin

from sxsh.core.admin import AuditedAdmin

from .models import Attendance, Event, Feedback, Registration, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    list_display = ("title", "kind", "status", "starts_at", "capacity", "unit")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    inlines = [SessionInline]
    filter_horizontal = ("co_organisers",)


@admin.register(Registration)
class RegistrationAdmin(AuditedAdmin):
    list_display = ("code", "full_name", "event", "status", "audience", "created_at")
    list_filter = ("status", "audience")
    search_fields = ("code", "full_name", "email", "phone")
    raw_id_fields = ("event", "facility", "registered_by")


admin.site.register(Attendance, AuditedAdmin)
admin.site.register(Feedback, AuditedAdmin)
