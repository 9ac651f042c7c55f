from django.contrib import admin

from sxsh.core.admin import AuditedAdmin
from sxsh.core.forms import CheckedAdminFields

from .models import (
    Activity,
    BudgetLine,
    EvidenceFile,
    EvidenceLink,
    FundingSource,
    Plan,
    ProgressUpdate,
    Stage,
    Target,
    Workstream,
)


class WorkstreamInline(CheckedAdminFields, admin.TabularInline):
    model = Workstream
    extra = 0


class TargetInline(CheckedAdminFields, admin.TabularInline):
    model = Target
    extra = 0


class StageInline(CheckedAdminFields, admin.TabularInline):
    model = Stage
    extra = 0


class BudgetLineInline(CheckedAdminFields, admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ("number", "document_type", "title", "issuer", "issued_on", "status")
    list_filter = ("status", "document_type")
    search_fields = ("number", "title")
    inlines = [StageInline, WorkstreamInline, TargetInline, BudgetLineInline]


@admin.register(FundingSource)
class FundingSourceAdmin(AuditedAdmin):
    list_display = ("name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


@admin.register(Activity)
class ActivityAdmin(AuditedAdmin):
    list_display = ("title", "workstream", "responsible", "start_date", "due_date", "status", "percent_complete")
    list_filter = ("status", "workstream__plan")
    search_fields = ("title",)
    filter_horizontal = ("coordinating",)
    # the activity's current state follows its progress updates (plans.services)
    readonly_fields = ("status", "percent_complete", "spent", "last_update_on")


class EvidenceFileInline(CheckedAdminFields, admin.TabularInline):
    model = EvidenceFile
    extra = 0


class EvidenceLinkInline(CheckedAdminFields, admin.TabularInline):
    model = EvidenceLink
    extra = 0


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(AuditedAdmin):
    list_display = ("activity", "reported_on", "percent_complete", "status", "reported_by")
    list_filter = ("status",)
    inlines = [EvidenceFileInline, EvidenceLinkInline]
