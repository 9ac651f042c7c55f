from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "sxsh.plans"
    verbose_name = _("Kế hoạch hành động")
