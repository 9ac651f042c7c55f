"""The plans app's listed kinds, each declared once (``core.tables``): plans and activities (all those in
scope, or one plan's on its page)."""

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sxsh.core import tables as t

from . import selectors
from .models import DISPLAY_STATUS_LABELS, Activity, Plan, PlanStatus


class PlanFilters(t.FilterSet):
    q = t.SearchFilter()
    status = t.choice("status", PlanStatus.choices, _("Tình trạng"))
    issued_from = t.day("issued_on", "gte", _("Ban hành từ ngày"))
    issued_to = t.day("issued_on", "lte", _("Ban hành đến ngày"))


class PlanTable(t.Table):
    number = t.Column(_("Số, ký hiệu"), kind="code", linkify=lambda record: reverse(
        "plans:plan_detail", args=[record.pk]))
    title = t.Column(_("Trích yếu"), kind="name")
    issuer = t.Column(_("Cơ quan ban hành"), accessor="issuer__name", kind="name")
    unit = t.Column(_("Địa bàn"), accessor="unit__name")
    issued_on = t.DateColumn(_("Ngày ban hành"))
    period_start = t.DateColumn(_("Thực hiện từ ngày"))
    period_end = t.DateColumn(_("Đến ngày"))
    signer_name = t.Column(_("Người ký"))
    status = t.TagColumn(_("Tình trạng"))


PLANS = t.register(t.Listing(
    name="plans", title=_("Kế hoạch hành động"), model=Plan, rows=lambda user: selectors.plans_for(user),
    filterset=PlanFilters, table=PlanTable, ordering=("-issued_on", "-pk"), filename="ke-hoach",
    page="plans:plan_list", export="plans:plan_export",
    default_columns=("number", "title", "issuer", "issued_on", "period_start", "period_end", "status"),
    detail=t.url("plans:plan_detail"),
))


class ActivityFilters(t.FilterSet):
    q = t.SearchFilter()
    plan = t.related("workstream__plan", lambda request: selectors.plans_for(request.user), _("Kế hoạch"))
    workstream = t.related("workstream", lambda request: selectors.workstreams_for(request.user), _("Nhóm nhiệm vụ"))
    organisation = t.related("responsible", lambda request: selectors.organisations_for_plans(request.user),
                             _("Đơn vị chủ trì hoặc phối hợp"), method="filter_organisation")
    status = t.choice("shown_status", list(DISPLAY_STATUS_LABELS.items()), _("Tình trạng"))
    overdue = t.yes_no("late", _("Quá hạn"))

    def filter_organisation(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        coordinated = Activity.coordinating.through.objects.filter(organisation=value).values("activity_id")
        return queryset.filter(Q(responsible=value) | Q(pk__in=coordinated))


class ActivityTable(t.Table):
    title = t.Column(_("Hoạt động"), kind="name", linkify=lambda record: reverse(
        "plans:activity_detail", args=[record.pk]))
    plan = t.Column(_("Kế hoạch"), accessor="workstream__plan__number", kind="code")
    workstream = t.Column(_("Nhóm nhiệm vụ"), accessor="workstream__title", order_by=(
        "workstream__plan_id", "workstream__order"))
    responsible = t.Column(_("Chủ trì"), accessor="responsible__name", kind="name")
    coordinating = t.Column(_("Đơn vị phối hợp"), accessor="pk", orderable=False)
    start_date = t.DateColumn(_("Bắt đầu"))
    due_date = t.DateColumn(_("Hạn"))
    status = t.Column(_("Tình trạng"), accessor="shown_status")
    percent_complete = t.IntegerColumn(_("Tiến độ (%)"))
    budget = t.MoneyColumn(_("Kinh phí"))
    spent = t.MoneyColumn(_("Đã chi"))
    funding_source = t.Column(_("Nguồn kinh phí"), accessor="funding_source__name")
    last_update_on = t.DateColumn(_("Cập nhật gần nhất"))

    def render_coordinating(self, record: Activity) -> str:
        return "; ".join(o.name for o in record.coordinating.all())

    value_coordinating = render_coordinating

    def render_status(self, value: str) -> Any:
        return format_html('<span class="tag status-{}">{}</span>', value, DISPLAY_STATUS_LABELS[value])

    def value_status(self, value: str) -> str:
        return str(DISPLAY_STATUS_LABELS[value])


ACTIVITIES = t.register(t.Listing(
    name="activities", title=_("Hoạt động"), model=Activity, rows=lambda user: selectors.activities_for(user),
    filterset=ActivityFilters, table=ActivityTable, ordering=("workstream__plan_id", "workstream__order", "order"),
    filename="hoat-dong", page="plans:activities", export="plans:activity_export",
    default_columns=("title", "plan", "responsible", "due_date", "status", "percent_complete"),
    detail=t.url("plans:activity_detail"),
    parent=t.Parent("plan", "plans:activity_list", rows=lambda user: selectors.plans_for(user)),
))
