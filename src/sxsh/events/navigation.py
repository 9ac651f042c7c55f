from typing import Any

from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import Role

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
