from django.contrib import admin

from sxsh.core.admin import AuditedAdmin
from sxsh.core.forms import CheckedAdminFields

from .models import Indicator, IndicatorTarget, IndicatorValue, Report


class TargetInline(CheckedAdminFields, admin.TabularInline):
    model = IndicatorTarget
    extra = 0
    fields = ("year", "unit", "value", "value_high", "source", "external_ref")
    readonly_fields = ("external_ref",)


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ("code", "short_name", "unit", "level", "higher_is_better", "is_active", "order")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name")
    inlines = [TargetInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(AuditedAdmin):
    list_display = ("indicator", "year", "unit", "value", "value_high", "source")
    list_filter = ("year",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(AuditedAdmin):
    list_display = ("indicator", "year", "period_kind", "period_no", "unit", "sector", "value", "computed_at")
    list_filter = ("year", "period_kind", "indicator")
    list_select_related = ("indicator", "unit", "sector")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(AuditedAdmin):
    """Submission and approval go through the workflow pages (indicators.services), never the admin."""

    list_display = ("unit", "year", "period_kind", "period_no", "status", "submitted_at", "reviewed_at")
    list_filter = ("status", "year")
    readonly_fields = ("status", "snapshot", "snapshot_at", "submitted_at", "submitted_by", "reviewed_at",
                       "reviewed_by")
