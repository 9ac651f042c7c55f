"""Plan scope: ancestors-or-self and descendants of the user's unit (read); own subtree (write).

A plan has two units: the issuer's (``unit``, for good) and its current owner's (``owner_unit``, the same
until a successor is recorded). Either gives read access; only the current owner's gives write access,
so a plan taken over by the Department stays readable by the people of the district that issued it.

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


def owner_lookup(lookup: str) -> str:
    """``"plan__unit__path"`` → ``"plan__owner_unit__path"``: the same walk to the plan's current owner."""
    return lookup.removesuffix("unit__path") + "owner_unit__path"


def plan_scope_q(user: Any, lookup: str, action: str = "view", owner: str | None = None) -> Q:
    """The filter on ``lookup`` (a path to ``AdministrativeUnit.path``) for the user and action; ``owner``
    is the path to the plan's current owner's unit (writes follow it; reads follow either)."""
    if is_admin(user):
        return Q()
    if user.role in UNIT_SCOPED:
        path = user.scope_path
        if not path:
            return NOTHING
        lookups = [lookup] if owner is None else [lookup, owner]
        if action != "view":
            return Q(**{f"{owner or lookup}__startswith": path})
        q = Q()
        for each in lookups:
            q |= Q(**{f"{each}__startswith": path}) | Q(**{f"{each}__in": ancestor_paths(path)})
        return q
    if user.role in FACILITY_SCOPED:
        paths = _facility_unit_paths(user)
        if not paths:
            return NOTHING
        q = Q(**{f"{lookup}__in": paths})
        return q | Q(**{f"{owner}__in": paths}) if owner and action == "view" else q
    return NOTHING


class PlanScopedQuerySet(ScopedQuerySet[_M]):
    def restrict(self, user: Any, action: str = "view") -> "PlanScopedQuerySet[_M]":
        if user is None or not user.is_authenticated or not allows(user, self.model, action):
            return self.none()
        lookup: str = self.model.unit_lookup  # type: ignore[attr-defined]
        return self.filter(plan_scope_q(user, lookup, action, owner_lookup(lookup)))
