from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem

ITEMS = [MenuItem(_("Công việc nền"), "tasks:list", order=95)]
