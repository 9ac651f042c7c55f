from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import ALL_ROLES, UNIT_SCOPED

ITEMS = [
    MenuItem(_("Trang chủ"), "core:home", public=True, order=0),
    MenuItem(_("Bảng điều khiển"), "core:dashboard", roles=ALL_ROLES, order=0),
    MenuItem(_("Nhật ký thay đổi"), "core:audit_log", roles=UNIT_SCOPED, order=900),
]
