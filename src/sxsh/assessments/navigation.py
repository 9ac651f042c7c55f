from typing import Any

from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import ALL_ROLES


def _results(user: Any) -> dict[str, Any]:
    from .selectors import public_summary

    return public_summary()


ITEMS: list[MenuItem] = [
    MenuItem(_("Đánh giá SXSH"), "assessments:assessment_list", roles=ALL_ROLES, order=40),
    MenuItem(_("Giám sát, tiết kiệm"), "assessments:monitoring_list", roles=ALL_ROLES, order=41),
]

HOME_SECTIONS = [(30, "assessments/home_results.html", _results)]
