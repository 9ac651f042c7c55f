"""The assessments app's listed kinds, each declared once (``core.tables``): assessments, options (all those in
scope, or one assessment's on its page), monitoring series and the facilities monitored (with their series and
M&V analyses counted)."""

from typing import Any

from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html
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
    rank = t.ComputedColumn(_("Hạng"), kind="int", css="rank")
    title = t.Column(_("Giải pháp"), kind="name", linkify=lambda record: reverse(
        "assessments:option_detail", args=[record.pk]))
    assessment = t.Column(_("Đợt đánh giá"), accessor="assessment__title", kind="name")
    facility = t.Column(_("Cơ sở"), accessor="assessment__facility__name", kind="name")
    category = t.Column(_("Nhóm"))
    screening = t.Column(_("Sàng lọc"))
    rejection_reason = t.Column(_("Lý do loại bỏ"))
    investment = t.MoneyColumn(_("Vốn đầu tư"))
    saving_vnd = t.MoneyColumn(_("Lợi ích (đồng/năm)"))
    net_saving = t.MoneyColumn(_("Lợi ích ròng (đồng/năm)"))
    npv = t.ComputedColumn("NPV", kind="money", css="npv")
    irr = t.ComputedColumn(_("IRR (%)"), key="irr_percent", kind="share", decimals=1, suffix="%",
                           missing=_("Không xác định"), css="irr")
    payback = t.ComputedColumn(_("Hoàn vốn (năm)"), key="simple_payback", decimals=2,
                               missing=_("không hoàn vốn"), css="payback")
    discounted_payback = t.ComputedColumn(_("Hoàn vốn có chiết khấu (năm)"), decimals=2,
                                          missing=_("không hoàn vốn"))
    tco2e = t.ComputedColumn(_("tCO2e/năm"), decimals=1, missing=_("Chưa có số liệu"), css="tco2e")
    tco2e_note = t.ComputedColumn(_("Ghi chú tCO2e"), kind="text", missing="", orderable=False)
    saving_kwh = t.NumberColumn(_("Tiết kiệm điện (kWh/năm)"), decimals=1)
    saving_water_m3 = t.NumberColumn(_("Tiết kiệm nước (m³/năm)"), decimals=1)
    status = t.TagColumn(_("Trạng thái"))
    implemented_date = t.DateColumn(_("Ngày thực hiện"))

    def compute(self, records: list[Any]) -> dict[Any, Any]:
        """NPV, IRR, payback and tCO2e of each option (``sxsh.calc``), ranked within its assessment."""
        return selectors.ranked_figures(self.request.user, records)

    def render_tco2e(self, record: Option, bound_column: Any) -> Any:
        """The figure, tagged "ước tính" where it uses an estimated factor; the reason where there is none."""
        text = bound_column.column.render(record=record, table=self, bound_column=bound_column)
        figures = self.figures(record)
        if figures is None:
            return text
        if figures.tco2e is None:
            return format_html('<span title="{}">{}</span>', figures.tco2e_note, text)
        if figures.tco2e_estimate:
            return format_html('{} <abbr class="estimate" title="{}">({})</abbr>', text, figures.tco2e_estimate,
                               _("ước tính"))
        return text

    def value_tco2e(self, record: Option, bound_column: Any) -> Any:
        return bound_column.column.value(record=record, table=self, bound_column=bound_column)

    def value_tco2e_note(self, record: Option) -> str:
        """Why there is no tCO2e figure, or the estimated factors it uses."""
        figures = self.figures(record)
        return "" if figures is None else figures.tco2e_note or figures.tco2e_estimate

    render_tco2e_note = value_tco2e_note


def _options(user: Any) -> QuerySet[Option]:
    return selectors.options_for(user).annotate(net_saving=F("saving_vnd") - F("opex_change"))


#: An assessment's options on its page: ranked by NPV (computed), then the shorter payback.
RANKED_COLUMNS = ("rank", "title", "category", "screening", "rejection_reason", "investment", "net_saving", "npv",
                  "irr", "payback", "tco2e", "status", "implemented_date")

OPTIONS = t.register(t.Listing(
    name="options", title=_("Giải pháp SXSH"), model=Option, rows=_options,
    filterset=OptionFilters, table=OptionTable, ordering=("assessment_id", "pk"), filename="giai-phap-sxsh",
    page="assessments:options", export="assessments:option_export",
    default_columns=("title", "facility", "category", "screening", "investment", "saving_vnd", "npv", "status"),
    detail=t.url("assessments:option_detail"),
    parent=t.Parent("assessment", "assessments:assessment_detail", rows=lambda user: selectors.assessments_for(user),
                    columns=RANKED_COLUMNS, hidden=("facility",), sort="rank"),
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
