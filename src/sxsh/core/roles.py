"""The roles of DESIGN.md and how each one is scoped."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    DISTRICT = "district", _("Cán bộ Phòng Kinh tế quận")
    WARD = "ward", _("Cán bộ UBND phường")
    DOIT = "doit", _("Sở Công Thương")
    CONSULTANT = "consultant", _("Chuyên gia tư vấn SXSH")
    ENTERPRISE = "enterprise", _("Đại diện doanh nghiệp")


#: Roles whose scope is a subtree of administrative units.
UNIT_SCOPED = frozenset({Role.DISTRICT, Role.WARD, Role.DOIT})
#: Roles whose scope is a set of facilities (their own, or those assigned to them).
FACILITY_SCOPED = frozenset({Role.ENTERPRISE, Role.CONSULTANT})
ALL_ROLES = frozenset(Role)
STAFF_ROLES = frozenset({Role.DISTRICT, Role.WARD, Role.DOIT})
