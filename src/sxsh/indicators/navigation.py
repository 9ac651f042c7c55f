from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import STAFF_ROLES

ITEMS = [
    MenuItem(_("Chỉ tiêu"), "indicators:dashboard", roles=STAFF_ROLES, order=60),
    MenuItem(_("Báo cáo định kỳ"), "indicators:report_list", roles=STAFF_ROLES, order=61),
]
