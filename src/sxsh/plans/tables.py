"""The plans app's listed kinds, each declared once (``core.tables``): plans."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core import tables as t

from . import selectors
from .models import Plan, PlanStatus


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
