from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import ALL_ROLES, STAFF_ROLES, UNIT_SCOPED
from sxsh.core.todo import Todo

from .selectors import facility_status_counts, public_summary, unplaced_count

ITEMS = [
    MenuItem(_("Cơ sở sản xuất"), "directory:facility_list", roles=ALL_ROLES, order=10),
    MenuItem(_("Tổ chức"), "directory:organisation_list", roles=STAFF_ROLES, order=11),
    MenuItem(_("Đơn vị hành chính"), "directory:unit_list", roles=STAFF_ROLES, order=12),
    MenuItem(_("Xếp địa bàn mới cho cơ sở"), "directory:placement", roles=UNIT_SCOPED, order=13, badge=unplaced_count),
]

HOME_SECTIONS = [(10, "directory/home_summary.html", lambda user: public_summary())]
DASHBOARD_SECTIONS = [(10, "directory/dashboard_status.html", facility_status_counts)]


def _unplaced(user: Any) -> Any:
    from .selectors import unplaced_facilities

    return unplaced_facilities(user).order_by("name", "pk")


TODO = [Todo(_("Cơ sở cần xếp địa bàn mới"), rows=_unplaced, roles=UNIT_SCOPED, order=50,
             url=lambda user, first: reverse("directory:placement"),
             link=lambda f: reverse("directory:facility_detail", args=[f.pk]), label=lambda f: f"{f.name} ({f.ward})")]
