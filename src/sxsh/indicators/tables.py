"""The indicators app's listed kinds, each declared once (``core.tables``): computed values and reports (bulk:
approve several)."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sxsh.calc.money import format_number
from sxsh.core import tables as t
from sxsh.directory.models import AdministrativeUnit, UnitLevel

from . import selectors, services
from .forms import ApproveForm
from .models import IndicatorValue, PeriodKind, Report, ReportStatus, View
from .periods import Period


def _period_label(template: str, n: int) -> str:
    return gettext(template) % {"n": n}


_lazy_label = lazy(_period_label, str)
PERIODS = [("year", _("Cả năm")), *[(f"q{q}", _lazy_label("Quý %(n)s", q)) for q in range(1, 5)],
           *[(f"m{m}", _lazy_label("Tháng %(n)s", m)) for m in range(1, 13)]]


class ViewFilter(t.django_filters.ChoiceFilter):
    """The view of the series; a list names one, "as reported" unless asked otherwise (never both mixed)."""

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        return qs.filter(view=value or View.REPORTED)


class ValueFilters(t.FilterSet):
    """``unit`` is the unit and every unit under it (``selectors.within``); ``level`` keeps one level of it."""

    year = t.django_filters.NumberFilter(field_name="year", label=_("Năm"), min_value=1900, max_value=2100)
    period = t.django_filters.ChoiceFilter(choices=PERIODS, label=_("Kỳ"), empty_label=t.ALL, method="filter_period")
    unit = t.related("unit", lambda request: selectors.units_for(request.user), _("Địa bàn (và các địa bàn trực thuộc)"),
                     method="filter_unit")
    level = t.choice("unit__level", UnitLevel.choices, _("Cấp"))
    indicator = t.data_choice("indicator__code", lambda: [(i.code, i.short_name) for i in selectors.indicators()],
                         _("Chỉ tiêu"))
    sector = t.related("sector", lambda request: selectors.sectors_with_values(), _("Ngành"))
    all_sectors = t.yes_no("sector__isnull", _("Chỉ số liệu chung các ngành"))
    view = ViewFilter(choices=View.choices, label=_("Cách xem"), empty_label=None)

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__({} if data is None else data, *args, **kwargs)  # bound: the default view applies

    def filter_period(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        period = Period.parse(2000, value)
        return queryset.filter(period_kind=period.kind, period_no=period.number)

    def filter_unit(self, queryset: QuerySet[Any], name: str, value: AdministrativeUnit) -> QuerySet[Any]:
        return selectors.within(queryset, value)


class FigureColumn(t.NumberColumn):
    """A value with its indicator's decimals on the page ("không có dữ liệu" when there is none)."""

    def render(self, value: Any, record: Any = None) -> str:
        return format_number(value, record.indicator.decimals if record is not None else 0)


class ValueTable(t.Table):
    """The columns of the data export ("Dữ liệu chi tiết"): one row per stored value."""

    code = t.Column(_("Mã chỉ tiêu"), accessor="indicator__code", kind="code",
                    order_by=("indicator__order", "indicator__code"))
    indicator = t.Column(_("Chỉ tiêu"), accessor="indicator__short_name", kind="name",
                         order_by=("indicator__order", "indicator__code"),
                         linkify=lambda record: reverse("indicators:value_detail", args=[record.pk]))
    indicator_unit = t.Column(_("Đơn vị tính"), accessor="indicator__unit")
    period = t.Column(_("Kỳ"), accessor="period_label", order_by=("year", "period_rank", "period_no"))
    period_start = t.DateColumn(_("Từ ngày"))
    period_end = t.DateColumn(_("Đến ngày"))
    unit = t.Column(_("Địa bàn"), accessor="unit__name", order_by="unit__path")
    level = t.Column(_("Cấp"), accessor="unit__level")
    sector_code = t.Column(_("Mã ngành"), accessor="sector__code", kind="code")
    sector = t.Column(_("Ngành"), accessor="sector__name", kind="name", order_by="sector__code", empty_values=())
    numerator = t.NumberColumn(_("Tử số"), decimals=2)
    denominator = t.NumberColumn(_("Mẫu số"), decimals=2)
    value = FigureColumn(_("Giá trị"), default=_("không có dữ liệu"))
    record_count = t.IntegerColumn(_("Số bản ghi"))
    unplaced_count = t.IntegerColumn(_("Số bản ghi chưa xếp được"))
    view = t.Column(_("Cách xem"))
    computed_at = t.DateColumn(_("Số liệu tính lúc"), kind="datetime")
    remark = t.Column(_("Ghi chú"), kind="name", orderable=False)

    def render_sector(self, value: str | None) -> str:
        return value or gettext("Tất cả các ngành")

    def value_sector(self, value: str | None) -> str:
        return self.render_sector(value)


VALUES = t.register(t.Listing(
    name="values", title=_("Giá trị chỉ tiêu"), model=IndicatorValue, rows=selectors.values,
    filterset=ValueFilters, table=ValueTable,
    ordering=("indicator__order", "indicator__code", "-year", "period_rank", "period_no", "unit__path",
              "sector__code"),
    filename="gia-tri-chi-tieu", page="indicators:value_list", export="indicators:value_list_export",
    default_columns=("indicator", "period", "unit", "sector", "value", "record_count", "computed_at"),
    detail=t.url("indicators:value_detail"), opens=t.viewers_of(IndicatorValue),
    extra={"defaults": {"view": View.REPORTED}},
))


class ReportFilters(t.FilterSet):
    unit = t.related("unit", lambda request: selectors.units_for(request.user), _("Đơn vị"))
    status = t.choice("status", ReportStatus.choices, _("Trạng thái"))
    period_kind = t.choice("period_kind", PeriodKind.choices, _("Kỳ báo cáo"))
    year = t.django_filters.NumberFilter(field_name="year", label=_("Năm"), min_value=1900, max_value=2100)


class ReportTable(t.Table):
    unit = t.Column(_("Đơn vị"), accessor="unit__name", order_by="unit__path", linkify=lambda record: reverse(
        "indicators:report_detail", args=[record.pk]))
    period = t.Column(_("Kỳ"), accessor="period_label", order_by=("year", "period_kind", "period_no"))
    number = t.Column(_("Số"), kind="code")
    subject = t.Column(_("Trích yếu"), kind="name")
    status = t.TagColumn(_("Trạng thái"))
    submitted_at = t.DateColumn(_("Gửi lúc"), kind="datetime")
    approver = t.Column(_("Đơn vị xem xét"), accessor="approver__name")
    reviewed_at = t.DateColumn(_("Xem xét lúc"), kind="datetime")


def _approve(*, acting_user: Any, obj: Report, comment: str = "") -> Report:
    return services.approve_report(acting_user=acting_user, report=obj, comment=comment)


REPORTS = t.register(t.Listing(
    name="reports", title=_("Báo cáo định kỳ"), model=Report, rows=lambda user: selectors.reports_for(user),
    filterset=ReportFilters, table=ReportTable, ordering=("-year", "-period_no", "unit__path"),
    filename="bao-cao-dinh-ky", page="indicators:report_list", export="indicators:report_list_export",
    default_columns=("unit", "period", "number", "status", "submitted_at"),
    detail=t.url("indicators:report_detail"), opens=t.viewers_of(IndicatorValue),
    actions=(t.BulkAction("approve", _("Phê duyệt"), rows=lambda user: selectors.awaiting_review(user),
                          perform=_approve, form=ApproveForm),),
))
