from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import ALL_ROLES, STAFF_ROLES, Role

ITEMS = [
    MenuItem(_("Kế hoạch hành động"), "plans:plan_list", roles=ALL_ROLES, order=20),
    MenuItem(_("Hoạt động của đơn vị"), "plans:my_activities", roles=STAFF_ROLES | {Role.CONSULTANT}, order=21),
]
