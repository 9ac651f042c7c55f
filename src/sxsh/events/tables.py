"""The events app's listed kinds, each declared once (``core.tables``): events (the staff list),
registrations (all those the user may see, or one event's on its staff page) and the registrations waiting
for a facility's confirmation (claims: confirmed or refused row by row)."""

from typing import Any

from django.db.models import QuerySet
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from sxsh.core import tables as t
from sxsh.core.scoping import allows

from . import selectors
from .models import Audience, Event, EventKind, EventStatus, Registration, RegistrationStatus


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


class RegistrationFilters(t.FilterSet):
    q = t.SearchFilter(label=_("Tìm (tên, cơ quan, mã, điện thoại)"))
    event = t.related("event", lambda request: selectors.registration_events(request.user), _("Sự kiện"))
    status = t.choice("status", RegistrationStatus.choices, _("Trạng thái"))
    audience = t.choice("audience", Audience.choices, _("Đối tượng"))
    attended = t.yes_no("attended", _("Đã tham dự"))


class RegistrationTable(t.Table):
    event = t.Column(_("Sự kiện"), accessor="event__title", order_by=("event__starts_at", "event_id"), kind="name")
    code = t.Column(_("Mã đăng ký"), kind="code")
    full_name = t.Column(_("Họ và tên"), kind="name")
    organisation_name = t.Column(_("Cơ quan / cơ sở"), kind="name")
    position = t.Column(_("Chức vụ"))
    audience = t.Column(_("Đối tượng"))
    phone = t.Column(_("Điện thoại"), kind="code")
    email = t.Column(_("Thư điện tử"))
    facility = t.Column(_("Cơ sở sản xuất"), accessor="facility__name", kind="name")
    ward = t.Column(_("Địa bàn"), accessor="facility__ward__name")
    status = t.TagColumn(_("Trạng thái"))
    is_walk_in = t.YesNoColumn(_("Đăng ký tại chỗ"))
    created_at = t.DateColumn(_("Đăng ký lúc"), kind="datetime")
    attended = t.YesNoColumn(_("Đã tham dự"))
    actions = t.Column("", accessor="pk", orderable=False, exported=False)

    def render_actions(self, record: Registration) -> Any:
        """Cancel (before the event) and erase the personal data, for those who may change registrations."""
        request = getattr(self, "request", None)
        if request is None or not self._may_change(request):
            return ""
        token = get_token(request)
        buttons: list[tuple[str, Any, Any]] = []
        if record.status != RegistrationStatus.CANCELLED and not record.event.is_past:
            buttons.append((reverse("events:staff_cancel", args=[record.event_id, record.pk]), "",
                            _("Hủy")))
        buttons.append((reverse("events:staff_erase", args=[record.event_id, record.pk]),
                        _("Xóa họ tên, điện thoại, thư điện tử theo yêu cầu của người đăng ký"),
                        _("Xóa dữ liệu cá nhân")))
        return format_html_join(" ", '<form method="post" action="{}" class="inline"><input type="hidden" '
                                'name="csrfmiddlewaretoken" value="{}"><button type="submit" class="link" '
                                'title="{}">{}</button></form>',
                                ((url, token, title, label) for url, title, label in buttons))

    def _may_change(self, request: Any) -> bool:
        if not hasattr(self, "_change"):
            self._change = allows(request.user, Registration, "change")
        return self._change


REGISTRATIONS = t.register(t.Listing(
    name="registrations", title=_("Đăng ký sự kiện"), model=Registration,
    rows=lambda user: selectors.registrations_for(user), filterset=RegistrationFilters, table=RegistrationTable,
    ordering=("event_id", "created_at"), filename="dang-ky", page="events:my_registrations",
    export="events:registration_export", page_size=50,
    default_columns=("event", "code", "full_name", "organisation_name", "audience", "phone", "status", "attended",
                     "actions"),
    detail=lambda registration: reverse("api:get_registration", args=[registration.pk]),
    parent=t.Parent("event", "events:staff_detail", rows=lambda user: selectors.staff_events(user)),
))


class ClaimFilters(t.FilterSet):
    q = t.SearchFilter(label=_("Tìm (tên, cơ quan, mã, điện thoại)"))
    event = t.related("event", lambda request: selectors.claim_events(request.user), _("Sự kiện"))


class ClaimTable(t.Table):
    event = t.Column(_("Sự kiện"), accessor="event__title", order_by=("event__starts_at", "event_id"), kind="name")
    full_name = t.Column(_("Họ và tên"), kind="name")
    organisation_name = t.Column(_("Cơ quan / cơ sở"), kind="name")
    claimed_tax_code = t.Column(_("Mã số thuế khai báo"), kind="code")
    created_at = t.DateColumn(_("Đăng ký lúc"), kind="datetime")
    settle = t.Column("", accessor="pk", orderable=False, exported=False)

    def render_settle(self, record: Registration) -> Any:
        """Confirm that the person comes from the facility of the tax code, or refuse it."""
        return format_html(
            '<form method="post" action="{}" class="inline"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" name="accept" value="1">{}</button> '
            '<button type="submit" name="accept" value="0" class="link">{}</button></form>',
            reverse("events:settle_claim", args=[record.pk]), get_token(self.request), _("Xác nhận"),
            _("Không phải người của cơ sở"))


CLAIMS = t.register(t.Listing(
    name="claims", title=_("Đăng ký chờ cơ sở xác nhận"), model=Registration,
    rows=lambda user: selectors.facility_claims(user), filterset=ClaimFilters, table=ClaimTable,
    ordering=("created_at",), filename="dang-ky-cho-xac-nhan", page="events:claims", export="events:claim_export",
    opens=selectors.settles_claims,
))
