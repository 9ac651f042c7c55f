"""The assessments app's listed kinds, each declared once (``core.tables``): assessments, options (all those in
scope, or one assessment's on its page), monitoring series and the facilities monitored (with their series and
M&V analyses counted)."""

from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core import tables as t
from sxsh.directory.models import Facility
from sxsh.directory.selectors import facilities_for, wards_for

from . import selectors
from .models import (
    STEPS,
    Assessment,
    AssessmentKind,
    MonitoringSeries,
    Option,
    OptionCategory,
    OptionStatus,
    Resource,
    Screening,
)


def _assessments(user: Any) -> QuerySet[Assessment]:
    return selectors.assessments_for(user).annotate(
        option_count=Count("options", distinct=True),
        implemented_count=Count("options", filter=Q(options__status=OptionStatus.IMPLEMENTED), distinct=True),
        tasks_done=Count("tasks", filter=Q(tasks__done=True), distinct=True),
    )


class AssessmentFilters(t.FilterSet):
    q = t.SearchFilter(fields=("search_text", "facility__search_text"))
    facility = t.related("facility", lambda request: facilities_for(request.user), _("Cơ sở"))
    kind = t.choice("kind", AssessmentKind.choices, _("Hình thức"))
    step = t.choice("current_step", [(n, f"{n}. {label}") for n, label in STEPS], _("Bước"))


class AssessmentTable(t.Table):
    title = t.NameColumn(_("Đợt đánh giá"), kind="name", linkify=lambda record: reverse(
        "assessments:assessment_detail", args=[record.pk]))
    facility = t.Column(_("Cơ sở"), accessor="facility__name", kind="name")
    ward = t.Column(_("Địa bàn"), accessor="facility__ward__name")
    kind = t.Column(_("Hình thức"))
    consultant = t.Column(_("Chuyên gia"), accessor="consultant", order_by="consultant__username")
    start_date = t.DateColumn(_("Bắt đầu"))
    current_step = t.Column(_("Bước"))
    tasks_done = t.IntegerColumn(_("Nhiệm vụ xong (trên 18)"))
    option_count = t.IntegerColumn(_("Giải pháp"))
    implemented_count = t.IntegerColumn(_("Giải pháp đã thực hiện"))

    def render_consultant(self, value: Any) -> str:
        return str(value.get_full_name() or value.username)

    value_consultant = render_consultant


ASSESSMENTS = t.register(t.Listing(
    name="assessments", title=_("Đánh giá SXSH"), model=Assessment, rows=_assessments,
    filterset=AssessmentFilters, table=AssessmentTable, ordering=("-start_date", "-pk"), filename="danh-gia-sxsh",
    page="assessments:assessment_list", export="assessments:assessment_list_export",
    default_columns=("title", "facility", "kind", "start_date", "current_step", "tasks_done", "option_count",
                     "implemented_count"),
    detail=t.url("assessments:assessment_detail"),
))


class OptionFilters(t.FilterSet):
    assessment = t.related("assessment", lambda request: selectors.assessments_for(request.user), _("Đợt đánh giá"))
    facility = t.related("assessment__facility", lambda request: facilities_for(request.user), _("Cơ sở"))
    category = t.choice("category", OptionCategory.choices, _("Nhóm giải pháp"))
    screening = t.choice("screening", Screening.choices, _("Sàng lọc"))
    status = t.choice("status", OptionStatus.choices, _("Trạng thái"))


class OptionTable(t.Table):
    title = t.Column(_("Giải pháp"), kind="name", linkify=lambda record: reverse(
        "assessments:option_detail", args=[record.pk]))
    assessment = t.Column(_("Đợt đánh giá"), accessor="assessment__title", kind="name")
    facility = t.Column(_("Cơ sở"), accessor="assessment__facility__name", kind="name")
    category = t.Column(_("Nhóm"))
    screening = t.Column(_("Sàng lọc"))
    investment = t.MoneyColumn(_("Vốn đầu tư"))
    saving_vnd = t.MoneyColumn(_("Lợi ích (đồng/năm)"))
    saving_kwh = t.NumberColumn(_("Tiết kiệm điện (kWh/năm)"), decimals=1)
    saving_water_m3 = t.NumberColumn(_("Tiết kiệm nước (m³/năm)"), decimals=1)
    status = t.TagColumn(_("Trạng thái"))
    implemented_date = t.DateColumn(_("Ngày thực hiện"))


OPTIONS = t.register(t.Listing(
    name="options", title=_("Giải pháp SXSH"), model=Option, rows=lambda user: selectors.options_for(user),
    filterset=OptionFilters, table=OptionTable, ordering=("assessment_id", "pk"), filename="giai-phap-sxsh",
    page="assessments:options", export="assessments:option_export",
    default_columns=("title", "facility", "category", "screening", "investment", "saving_vnd", "status"),
    detail=t.url("assessments:option_detail"),
    parent=t.Parent("assessment", "assessments:option_list", rows=lambda user: selectors.assessments_for(user)),
))


def _series(user: Any) -> QuerySet[MonitoringSeries]:
    return selectors.series_for(user).select_related("facility__ward").annotate(
        reading_count=Count("readings"), first_period=Min("readings__period"), last_period=Max("readings__period"))


class SeriesFilters(t.FilterSet):
    q = t.SearchFilter(fields=("facility__search_text",), label=_("Tìm cơ sở"))
    facility = t.related("facility", lambda request: facilities_for(request.user), _("Cơ sở"))
    resource = t.choice("resource", Resource.choices, _("Loại"))


class SeriesTable(t.Table):
    name = t.Column(_("Chuỗi số liệu"), kind="name", linkify=lambda record: reverse(
        "assessments:monitoring_detail", args=[record.facility_id]))
    facility = t.Column(_("Cơ sở"), accessor="facility__name", kind="name")
    ward = t.Column(_("Địa bàn"), accessor="facility__ward__name")
    resource = t.Column(_("Loại"))
    unit = t.Column(_("Đơn vị"))
    unit_price = t.MoneyColumn(_("Đơn giá (đồng/đơn vị)"))
    reading_count = t.IntegerColumn(_("Số tháng có số liệu"))
    first_period = t.DateColumn(_("Từ tháng"))
    last_period = t.DateColumn(_("Đến tháng"))


SERIES = t.register(t.Listing(
    name="series", title=_("Chuỗi số liệu giám sát"), model=MonitoringSeries, rows=_series,
    filterset=SeriesFilters, table=SeriesTable, ordering=("facility__name", "name"), filename="chuoi-so-lieu",
    page="assessments:series_list", export="assessments:series_export",
    default_columns=("name", "facility", "resource", "unit", "reading_count", "first_period", "last_period"),
    detail=lambda series: reverse("api:get_series", args=[series.pk]),
))


class MonitoringFilters(t.FilterSet):
    q = t.SearchFilter(label=_("Tìm cơ sở"))
    ward = t.related("ward", lambda request: wards_for(request.user), _("Địa bàn"))
    with_series = t.yes_no("series_count", _("Có chuỗi số liệu"), method="filter_with_series")

    def filter_with_series(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(series_count__gt=0) if value == "1" else queryset.filter(series_count=0)


class MonitoringTable(t.Table):
    name = t.NameColumn(_("Cơ sở"), kind="name", linkify=lambda record: reverse(
        "assessments:monitoring_detail", args=[record.pk]))
    ward = t.Column(_("Địa bàn"), accessor="ward__name")
    sector = t.Column(_("Ngành"), accessor="sector__code", kind="code")
    series_count = t.IntegerColumn(_("Chuỗi số liệu"))
    analysis_count = t.IntegerColumn(_("Phân tích M&V"))


MONITORING = t.register(t.Listing(
    name="monitoring", title=_("Giám sát tiêu thụ và tiết kiệm đo được"), model=Facility,
    rows=lambda user: selectors.monitoring_facilities(user).select_related("ward", "sector"),
    filterset=MonitoringFilters, table=MonitoringTable, ordering=("-series_count", "name"),
    filename="giam-sat-co-so", page="assessments:monitoring_list", export="assessments:monitoring_list_export",
    detail=t.url("assessments:monitoring_detail"),
))
