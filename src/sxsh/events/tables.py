"""The events app's listed kinds, each declared once (``core.tables``): events (the staff list)."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sxsh.core import tables as t

from . import selectors
from .models import Event, EventKind, EventStatus


class EventFilters(t.FilterSet):
    q = t.SearchFilter()
    kind = t.choice("kind", EventKind.choices, _("Loại"))
    status = t.choice("status", EventStatus.choices, _("Trạng thái"))
    year = t.django_filters.NumberFilter(field_name="starts_at", lookup_expr="year", label=_("Năm"),
                                         min_value=1900, max_value=2100)


class EventTable(t.Table):
    title = t.Column(_("Sự kiện"), kind="name", linkify=lambda record: reverse(
        "events:staff_detail", args=[record.pk]))
    unit = t.Column(_("Địa bàn"), accessor="unit__name")
    organiser = t.Column(_("Đơn vị tổ chức"), accessor="organiser__name", kind="name")
    kind = t.Column(_("Loại"))
    starts_at = t.DateColumn(_("Bắt đầu"), kind="datetime")
    venue = t.Column(_("Địa điểm"), kind="name")
    status = t.TagColumn(_("Trạng thái"))
    capacity = t.IntegerColumn(_("Số chỗ"))
    confirmed_count = t.IntegerColumn(_("Đã xác nhận"))
    waitlisted_count = t.IntegerColumn(_("Chờ"))
    checkin = t.Column(_("Điểm danh"), accessor="pk", orderable=False, exported=False)

    def render_checkin(self, record: Event) -> Any:
        return format_html('<a class="btn secondary" href="{}">{}</a>', reverse("events:checkin", args=[record.pk]),
                           _("Điểm danh"))


def _events(user: Any) -> QuerySet[Event]:
    return selectors.events_for(user)


EVENTS = t.register(t.Listing(
    name="events", title=_("Sự kiện"), model=Event, rows=_events, filterset=EventFilters, table=EventTable,
    ordering=("-starts_at", "-pk"), filename="su-kien", page="events:staff_list", export="events:staff_export",
    default_columns=("title", "unit", "kind", "starts_at", "status", "capacity", "confirmed_count",
                     "waitlisted_count", "checkin"),
    detail=t.url("events:staff_detail"),
))
