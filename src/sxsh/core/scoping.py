"""Permissions inside the query: ``Model.objects.restrict(user, action)``.

Each scoped model declares two class attributes:

* ``role_permissions``: ``{"view": roles, "add": roles, "change": roles, "delete": roles}``;
  the administrator may do everything.
* ``scope``: a :class:`Scope` naming the lookups from the model to an administrative unit's
  materialised ``path`` and to a facility id. A unit-scoped user sees the rows whose unit lies in
  their subtree; a facility-scoped user sees the rows of their facilities. A model with neither
  lookup is visible to every role allowed to view it.

Anything outside a user's scope is simply not in the queryset, so views answer 404.
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models import Q

from .closed_units import closed_since
from .roles import FACILITY_SCOPED, UNIT_SCOPED, Role

_M = TypeVar("_M", bound=models.Model)
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    unit: str | None = None  # lookup to AdministrativeUnit.path, e.g. "ward__path"
    facility: str | None = None  # lookup to a facility id, e.g. "pk" or "facility_id"
    public: Q | None = None  # rows a visitor (not logged in) may view


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def allows(user: Any, model: type[models.Model], action: str) -> bool:
    """Whether the user's role may perform ``action`` on ``model`` at all (scope aside)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_admin(user):
        return True
    if action != "view" and closed_since(user):
        return False  # the people of a closed unit read its history, write nothing
    roles = getattr(model, "role_permissions", {}).get(action, frozenset())
    return user.role in roles


def scope_q(user: Any, model: type[models.Model]) -> Q:
    """The filter that limits ``model`` to the user's scope (the role check is separate)."""
    if is_admin(user):
        return Q()
    scope: Scope = getattr(model, "scope", Scope())
    if user.role in UNIT_SCOPED:
        if scope.unit is None:
            return Q() if scope.facility is None else _unit_facilities_q(user, scope)
        path = user.scope_path
        return Q(**{f"{scope.unit}__startswith": path}) if path else NOTHING
    if user.role in FACILITY_SCOPED:
        if scope.facility is None:
            return Q() if scope.unit is None else NOTHING
        return Q(**{f"{scope.facility}__in": user.facility_ids})
    return NOTHING


def _unit_facilities_q(user: Any, scope: Scope) -> Q:
    path = user.scope_path
    if not path:
        return NOTHING
    return Q(**{f"{scope.facility}__in": _facility_ids_under(path)})


def _facility_ids_under(path: str) -> Any:
    from django.apps import apps

    facility = apps.get_model("directory", "Facility")
    return facility.objects.filter(ward__path__startswith=path).values("pk")


class ScopedQuerySet(models.QuerySet[_M], Generic[_M]):
    def restrict(self, user: Any, action: str = "view") -> "ScopedQuerySet[_M]":
        """Only the rows ``user`` may ``action``; none for a role without that permission."""
        scope: Scope = getattr(self.model, "scope", Scope())
        if user is None or not user.is_authenticated:
            if action == "view" and scope.public is not None:
                return self.filter(scope.public)
            return self.none()
        if not allows(user, self.model, action):
            return self.none()
        return self.filter(scope_q(user, self.model))


def ensure_in_scope(user: Any, obj: models.Model, action: str) -> None:
    """Raise PermissionDenied when ``obj`` (already saved) falls outside the user's scope.

    Services call it after writing, inside their transaction, so an out-of-scope write rolls back.
    """
    from django.core.exceptions import PermissionDenied

    manager = type(obj)._default_manager
    if not manager.restrict(user, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied
