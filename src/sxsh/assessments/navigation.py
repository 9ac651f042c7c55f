from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import ALL_ROLES, Role
from sxsh.core.todo import Todo


def _results(user: Any) -> dict[str, Any]:
    from .selectors import public_summary

    return public_summary()


ITEMS: list[MenuItem] = [
    MenuItem(_("Đánh giá SXSH"), "assessments:assessment_list", roles=ALL_ROLES, order=40),
    MenuItem(_("Giám sát, tiết kiệm"), "assessments:monitoring_list", roles=ALL_ROLES, order=41),
]

HOME_SECTIONS = [(30, "assessments/home_results.html", _results)]


def _in_progress(user: Any) -> Any:
    from .selectors import assessments_for

    return assessments_for(user, action="change" if user.role == Role.CONSULTANT else "view").filter(
        current_step__lt=6).order_by("start_date", "pk")


TODO = [Todo(_("Đánh giá SXSH đang thực hiện"), rows=_in_progress, order=60, admin=False,
             roles=frozenset({Role.CONSULTANT, Role.ENTERPRISE}),
             url=lambda user, first: reverse("assessments:assessment_list"),
             link=lambda a: reverse("assessments:assessment_detail", args=[a.pk]),
             label=lambda a: str(_("%(title)s – %(facility)s (bước %(n)s/6)") % {
                 "title": a.title, "facility": a.facility, "n": a.current_step}))]
