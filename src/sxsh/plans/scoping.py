"""Plan scope: ancestors-or-self and descendants of the user's unit (read); own subtree (write).

``sxsh.core.scoping`` limits unit-scoped users to their own subtree. A plan is different: a ward
officer must read the district's plan that their ward carries out, and an enterprise must read the
plans of the ward, district and city its facility lies in. So the plan models override ``restrict``
with this rule while keeping the role table of ``role_permissions``.
"""

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

from sxsh.core.roles import FACILITY_SCOPED, UNIT_SCOPED
from sxsh.core.scoping import NOTHING, ScopedQuerySet, allows, is_admin

_M = TypeVar("_M", bound=models.Model)


def ancestor_paths(path: str) -> list[str]:
    """``"/ha-noi/hoan-kiem/"`` → ``["/ha-noi/", "/ha-noi/hoan-kiem/"]`` (self included)."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _facility_unit_paths(user: Any) -> list[str]:
    cached = getattr(user, "_plans_facility_paths", None)
    if cached is None:
        from sxsh.directory.models import Facility

        ward_paths = Facility.objects.filter(pk__in=user.facility_ids).values_list("ward__path", flat=True)
        cached = sorted({a for p in ward_paths for a in ancestor_paths(p)})
        user._plans_facility_paths = cached
    return list(cached)


def plan_scope_q(user: Any, lookup: str, action: str = "view") -> Q:
    """The filter on ``lookup`` (a path to ``AdministrativeUnit.path``) for the user and action."""
    if is_admin(user):
        return Q()
    if user.role in UNIT_SCOPED:
        path = user.scope_path
        if not path:
            return NOTHING
        below = Q(**{f"{lookup}__startswith": path})
        if action != "view":
            return below
        return below | Q(**{f"{lookup}__in": ancestor_paths(path)})
    if user.role in FACILITY_SCOPED:
        paths = _facility_unit_paths(user)
        return Q(**{f"{lookup}__in": paths}) if paths else NOTHING
    return NOTHING


class PlanScopedQuerySet(ScopedQuerySet[_M]):
    def restrict(self, user: Any, action: str = "view") -> "PlanScopedQuerySet[_M]":
        if user is None or not user.is_authenticated or not allows(user, self.model, action):
            return self.none()
        lookup: str = self.model.unit_lookup  # type: ignore[attr-defined]
        return self.filter(plan_scope_q(user, lookup, action))
