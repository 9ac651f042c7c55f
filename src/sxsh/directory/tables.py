"""The directory's listed kinds, each declared once (``core.tables``): facilities, units, organisations."""

from datetime import date
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sxsh.calc.money import format_number
from sxsh.core import tables as t

from . import selectors, services
from .forms import CPStatusForm
from .importing import COLUMNS
from .models import AdministrativeUnit, CPStatus, Facility, KeySector, Organisation, OrganisationKind, UnitLevel


class FacilityFilters(t.FilterSet):
    q = t.SearchFilter(label=_("Tìm kiếm (tên, mã số thuế, địa chỉ)"))
    ward = t.related("ward", lambda request: selectors.wards_for(request.user), _("Địa bàn"))
    sector = t.related("sector", lambda request: selectors.divisions(), _("Ngành"))
    key_group = t.choice("sector__key_group", KeySector.choices, _("Nhóm trọng điểm"))
    status = t.choice("cp_status", CPStatus.choices, _("Tình trạng SXSH"))
    supporting = t.yes_no("supporting_industry", _("Công nghiệp hỗ trợ"))


class FacilityTable(t.Table):
    """Every column of the import file (the export can be imported back), then key group and CP status."""

    name = t.NameColumn(COLUMNS["name"][0], kind="name", linkify=lambda record: reverse(
        "directory:facility_detail", args=[record.pk]))
    tax_code = t.Column(COLUMNS["tax_code"][0], kind="code")
    address = t.Column(COLUMNS["address"][0], kind="name")
    ward = t.Column(COLUMNS["ward"][0], accessor="ward__name")
    sector = t.Column(COLUMNS["sector"][0], accessor="sector__code", kind="code")
    supporting_industry = t.YesNoColumn(COLUMNS["supporting_industry"][0])
    size = t.Column(COLUMNS["size"][0])
    employees = t.IntegerColumn(COLUMNS["employees"][0])
    contact_name = t.Column(COLUMNS["contact_name"][0])
    contact_phone = t.Column(COLUMNS["contact_phone"][0], kind="code")
    contact_email = t.Column(COLUMNS["contact_email"][0])
    key_group = t.Column(_("Nhóm ngành trọng điểm"), accessor="sector__key_group")
    cp_status = t.TagColumn(_("Tình trạng SXSH"))


def _record_status(*, acting_user: Any, obj: Facility, **data: Any) -> Any:
    return services.record_cp_status(acting_user=acting_user, facility=obj, **data)


FACILITIES = t.register(t.Listing(
    name="facilities", title=_("Cơ sở sản xuất"), model=Facility,
    rows=lambda user: selectors.facilities_for(user),
    filterset=FacilityFilters, table=FacilityTable, ordering=("name",), filename="co-so-san-xuat",
    page="directory:facility_list", export="directory:facility_export",
    default_columns=("name", "tax_code", "ward", "sector", "cp_status"),
    detail=t.url("directory:facility_detail"),
    actions=(t.BulkAction("cp_status", _("Ghi nhận tình trạng SXSH"),
                          rows=lambda user: selectors.facilities_for(user, action="change"),
                          perform=_record_status, form=CPStatusForm),),
))


def _units(user: Any) -> QuerySet[AdministrativeUnit]:
    return selectors.units_for(user).select_related("successor__kind").annotate(n_facilities=Count("facilities"))


class UnitFilters(t.FilterSet):
    level = t.choice("level", UnitLevel.choices, _("Cấp"))
    parent = t.related("parent", lambda request: selectors.units_for(request.user), _("Đơn vị cấp trên"))
    valid_on = t.day("valid_from", "exact", _("Có hiệu lực vào ngày"), method="filter_valid_on")

    def filter_valid_on(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        return queryset.filter(pk__in=AdministrativeUnit.valid_on(value).values("pk"))


class UnitTable(t.Table):
    name = t.Column(_("Tên"), accessor="full_name", order_by="path", kind="name")
    level = t.Column(_("Cấp"))
    kind = t.Column(_("Loại"), accessor="kind__name")
    official_code = t.Column(_("Mã đơn vị hành chính"), kind="code")
    valid_from = t.DateColumn(_("Hiệu lực từ"))
    valid_to = t.DateColumn(_("Hiệu lực đến"), default=_("còn hiệu lực"))
    successor = t.Column(_("Đơn vị kế thừa"), accessor="successor__full_name", order_by="successor__path")
    n_facilities = t.IntegerColumn(_("Số cơ sở"))

    def render_name(self, value: str, record: AdministrativeUnit) -> Any:
        depth = record.path.count("/") - 2
        link = reverse("directory:unit_detail", args=[record.pk])
        if record.level == UnitLevel.COMMUNE:
            return format_html('<span class="depth-{}"><a href="{}">{}</a></span>', depth, link, value)
        return format_html('<span class="depth-{}"><a href="{}"><strong>{}</strong></a></span>', depth, link, value)

    def render_n_facilities(self, value: int, record: AdministrativeUnit) -> Any:
        if record.level != UnitLevel.COMMUNE:
            return format_number(value)
        link = reverse("directory:facility_list") + f"?ward={record.pk}"
        return format_html('<a href="{}">{}</a>', link, format_number(value))

    def value_name(self, value: str) -> str:
        return value

    def value_n_facilities(self, value: int) -> int:
        return value


UNITS = t.register(t.Listing(
    name="units", title=_("Đơn vị hành chính"), model=AdministrativeUnit, rows=_units,
    filterset=UnitFilters, table=UnitTable, ordering=("path",), filename="don-vi-hanh-chinh", page_size=100,
    page="directory:unit_list", export="directory:unit_export",
    detail=t.url("directory:unit_detail"),
))


class OrganisationFilters(t.FilterSet):
    q = t.SearchFilter()
    kind = t.choice("kind", OrganisationKind.choices, _("Loại"))


class OrganisationTable(t.Table):
    name = t.Column(_("Tên"), kind="name", linkify=lambda record: reverse(
        "directory:organisation_detail", args=[record.pk]))
    short_name = t.Column(_("Tên viết tắt"))
    kind = t.Column(_("Loại"))
    unit = t.Column(_("Địa bàn"), accessor="unit__name")
    address = t.Column(_("Địa chỉ"), kind="name")
    phone = t.Column(_("Điện thoại"), kind="code")
    email = t.Column(_("Thư điện tử"))


ORGANISATIONS = t.register(t.Listing(
    name="organisations", title=_("Tổ chức"), model=Organisation,
    rows=lambda user: selectors.organisations_for(user),
    filterset=OrganisationFilters, table=OrganisationTable, ordering=("name",), filename="to-chuc",
    page="directory:organisation_list", export="directory:organisation_export",
    default_columns=("name", "kind", "unit", "phone"), detail=t.url("directory:organisation_detail"),
    opens=t.viewers_of(Organisation),
))
