from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem

from .selectors import GRANTABLE

ITEMS = [
    MenuItem(_("Người dùng"), "accounts:user_list", roles=frozenset(GRANTABLE), order=890),
]
