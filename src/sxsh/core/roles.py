"""The roles of DESIGN.md and how each one is scoped.

A role says what a person does, never at which level: the unit they are given (``User.unit``) says
where. An economic-office officer owning a programme can sit at a district (until 30/6/2025), a
province or a commune; a local officer keeps the facilities of a ward, a commune or a district and
submits its reports; the Department's officers own the provincial programme and review the reports
sent to their province. Who reviews a report follows from the unit tree of its period (see
``sxsh.indicators.selectors.approver_unit``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    DISTRICT = "district", _("Cán bộ chủ trì kế hoạch (phòng kinh tế)")
    WARD = "ward", _("Cán bộ kinh tế địa bàn")
    DOIT = "doit", _("Cán bộ Sở Công Thương")
    CONSULTANT = "consultant", _("Chuyên gia tư vấn SXSH")
    ENTERPRISE = "enterprise", _("Đại diện doanh nghiệp")


#: Roles whose scope is a subtree of administrative units.
UNIT_SCOPED = frozenset({Role.DISTRICT, Role.WARD, Role.DOIT})
#: Roles whose scope is a set of facilities (their own, or those assigned to them).
FACILITY_SCOPED = frozenset({Role.ENTERPRISE, Role.CONSULTANT})
ALL_ROLES = frozenset(Role)
STAFF_ROLES = frozenset({Role.DISTRICT, Role.WARD, Role.DOIT})
#: Roles that own and write plans (programmes) of their unit's subtree.
PLAN_OWNERS = frozenset({Role.DISTRICT, Role.DOIT})
#: Roles that review the reports sent to their unit, and issue their own unit's report.
REVIEWERS = frozenset({Role.DISTRICT, Role.DOIT})
