from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "sxsh.events"
    verbose_name = _("Hội thảo và tập huấn")
