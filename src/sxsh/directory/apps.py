from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "sxsh.directory"
    verbose_name = _("Danh mục đơn vị và cơ sở")
