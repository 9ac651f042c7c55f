from django.contrib import admin

from sxsh.core.admin import AuditedAdmin

from .models import AdministrativeUnit, Facility, Organisation, Sector


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedAdmin):
    list_display = ("name", "kind", "code", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(Sector)
class SectorAdmin(AuditedAdmin):
    list_display = ("code", "name", "key_group")
    list_filter = ("key_group",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "unit")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Facility)
class FacilityAdmin(AuditedAdmin):
    list_display = ("name", "tax_code", "ward", "sector", "cp_status")
    list_filter = ("cp_status", "sector")
    search_fields = ("name", "tax_code")
    readonly_fields = ("cp_status",)  # follows the CP status history (directory.services.record_cp_status)
