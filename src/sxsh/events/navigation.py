from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import Role
from sxsh.core.todo import Todo

from .models import OFFICERS

ITEMS: list[MenuItem] = [
    MenuItem(_("Hội thảo, tập huấn"), "events:list", public=True, order=30),
    MenuItem(_("Sự kiện"), "events:staff_list", roles=OFFICERS | {Role.CONSULTANT}, order=30),
    MenuItem(_("Đăng ký sự kiện"), "events:my_registrations", roles=frozenset({Role.ENTERPRISE}), order=31),
]


def _upcoming(user: Any) -> dict[str, Any]:
    from . import selectors

    events = list(selectors.public_events("upcoming")[:3])
    return {"events": events}


HOME_SECTIONS = [(30, "events/_home_section.html", _upcoming)]


def _check_in_today(user: Any) -> Any:
    from .selectors import events_to_check_in

    return events_to_check_in(user)


def _upcoming_registrations(user: Any) -> Any:
    from django.utils import timezone

    from .models import RegistrationStatus
    from .selectors import registrations_for

    return registrations_for(user).filter(status=RegistrationStatus.CONFIRMED,
                                                event__ends_at__gte=timezone.now()).order_by("event__starts_at", "pk")


def _claims(user: Any) -> Any:
    from .selectors import facility_claims

    return facility_claims(user).order_by("created_at", "pk")


TODO = [
    Todo(_("Sự kiện cần điểm danh hôm nay"), rows=_check_in_today, roles=OFFICERS, order=40,
         url=lambda user, first: reverse("events:staff_list"),
         link=lambda e: reverse("events:checkin", args=[e.pk]),
         label=lambda e: _("%(title)s: còn %(n)s người chưa điểm danh") % {"title": e.title, "n": e.unchecked}),
    Todo(_("Nhân viên đăng ký sự kiện sắp tới"), rows=_upcoming_registrations, roles=frozenset({Role.ENTERPRISE}),
         order=41, admin=False, url=lambda user, first: reverse("events:my_registrations"),
         link=lambda r: reverse("events:confirmation", args=[r.code]),
         label=lambda r: f"{r.full_name} – {r.event.title}"),
    Todo(_("Người đăng ký nhận là của cơ sở, chờ xác nhận"), rows=_claims, roles=frozenset({Role.ENTERPRISE}),
         order=42, admin=False, url=lambda user, first: reverse("events:claims"),
         link=lambda r: reverse("events:claims"),
         label=lambda r: f"{r.full_name} – {r.event.title}"),
]
