from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sxsh.core.admin import AuditedAdmin
from sxsh.core.forms import CheckedAdminFields

from .models import AdministrativeUnit, Facility, Organisation, Reorganisation, ReorganisationPart, Sector, UnitKind


@admin.register(UnitKind)
class UnitKindAdmin(AuditedAdmin):
    list_display = ("name", "title", "level", "code")
    list_filter = ("level",)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedAdmin):
    """Units are never deleted nor renamed in place: a reorganisation closes them and opens new ones."""

    list_display = ("name", "level", "kind", "official_code", "parent", "valid_from", "valid_to")
    list_filter = ("level", "kind")
    search_fields = ("name", "code", "official_code")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("name", "level", "kind", "valid_to", "successor") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReorganisationPartInline(CheckedAdminFields, admin.TabularInline):
    model = ReorganisationPart
    extra = 0
    autocomplete_fields = ("source", "target")


@admin.register(Reorganisation)
class ReorganisationAdmin(AuditedAdmin):
    """Recorded here; previewed and applied on the application's own page (``/danh-muc/don-vi/sap-xep/<id>/``)."""

    list_display = ("name", "effective_date", "legal_basis", "applied_at")
    readonly_fields = ("applied_at", "applied_by")
    filter_horizontal = ("abolished",)
    inlines = (ReorganisationPartInline,)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.applied_at is None


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
