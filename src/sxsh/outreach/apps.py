from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "sxsh.outreach"
    verbose_name = _("Cổng thông tin và truyền thông")
