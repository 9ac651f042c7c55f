from django.contrib import admin

from sxsh.core.admin import AuditedAdmin

from .models import Assessment, EmissionFactor, MonitoringSeries, Option


@admin.register(EmissionFactor)
class EmissionFactorAdmin(AuditedAdmin):
    list_display = ("kind", "year", "fuel", "value", "ncv_tj_per_gg", "status", "source")
    list_filter = ("kind", "status")
    list_editable = ("value", "ncv_tj_per_gg", "status")


@admin.register(Assessment)
class AssessmentAdmin(AuditedAdmin):
    list_display = ("title", "facility", "kind", "consultant", "start_date", "current_step")
    list_filter = ("kind", "current_step")
    search_fields = ("title", "facility__name")
    raw_id_fields = ("facility", "consultant", "focus_step")


@admin.register(Option)
class OptionAdmin(AuditedAdmin):
    list_display = ("title", "assessment", "category", "screening", "status")
    list_filter = ("category", "screening", "status")
    raw_id_fields = ("assessment", "process_step")
    readonly_fields = ("status",)  # implementation moves the facility's CP status (assessments.services)


@admin.register(MonitoringSeries)
class MonitoringSeriesAdmin(AuditedAdmin):
    list_display = ("name", "facility", "resource", "unit", "unit_price")
    list_filter = ("resource",)
    raw_id_fields = ("facility",)
