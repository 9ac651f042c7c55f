from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "sxsh.assessments"
    verbose_name = _("Đánh giá SXSH tại cơ sở")
