from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import ALL_ROLES, STAFF_ROLES, Role
from sxsh.core.todo import Todo

ITEMS = [
    MenuItem(_("Kế hoạch hành động"), "plans:plan_list", roles=ALL_ROLES, order=20),
    MenuItem(_("Hoạt động của đơn vị"), "plans:my_activities", roles=STAFF_ROLES | {Role.CONSULTANT}, order=21),
]


def _overdue(user: Any) -> Any:
    from .selectors import overdue_activities

    return overdue_activities(user).order_by("due_date", "pk")


def _overdue_url(user: Any, first: Any) -> str:
    """The plan's activity list filtered to the overdue ones (the plan of the most overdue activity)."""
    if first is None:
        return reverse("plans:plan_list")
    return reverse("plans:activity_list", args=[first.workstream.plan_id]) + "?status=overdue"


TODO = [Todo(_("Hoạt động quá hạn"), rows=_overdue, url=_overdue_url, roles=STAFF_ROLES, order=30,
             link=lambda a: reverse("plans:activity_detail", args=[a.pk]),
             label=lambda a: f"{a.title} ({a.due_date:%d/%m/%Y})")]
