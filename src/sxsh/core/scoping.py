"""Permissions inside the query, and scope that cannot be forgotten.

Each scoped model declares two class attributes:

* ``role_permissions``: ``{"view": roles, "add": roles, "change": roles, "delete": roles}``;
  the administrator may do everything.
* ``scope``: a :class:`Scope`, the one place where the kinds of scope are declared:

  - own subtree: ``unit`` is the lookup to an administrative unit's materialised ``path``; a
    unit-scoped user (district, ward, Department) gets the rows whose unit lies in their subtree;
  - ancestors-or-self for reading: with ``read_ancestors`` a unit-scoped user also *reads* the rows of
    the units above their own (a ward officer reads the district's plan), and a facility-scoped user
    reads the rows of the units that contain their facilities;
  - assigned facilities: ``facility`` is the lookup to a facility id; a facility-scoped user
    (enterprise, consultant) gets the rows of their facilities, and a unit-scoped user those of the
    facilities in their subtree when the model has no unit lookup;
  - public: the rows a visitor (not logged in) may view.

``Model.objects.restrict(user, action)`` applies it. While a request is being served
(:class:`ScopeGuardMiddleware`), reading a scoped model through a queryset that has neither been
restricted nor explicitly declared ``unscoped(reason)`` raises :class:`ScopeError` (the habit of
django-scopes). Querysets reached through an object already read (``event.sessions.all()``) count as
scoped by that object. ``tests/test_scope_rule.py`` checks the same rule statically over the source.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .closed_units import closed_since
from .roles import FACILITY_SCOPED, UNIT_SCOPED, Role

_M = TypeVar("_M", bound=models.Model)
NOTHING = Q(pk__in=[])
#: The marker of a queryset narrowed by ``restrict``.
RESTRICTED = "restrict"
#: The marker of a queryset reached through a related object (already read in scope).
THROUGH_RELATION = "through a related object"
#: The reason services give to re-read (or lock) the object their caller read in scope.
HELD = "re-read of the object the caller holds, checked in scope before"

_guard: ContextVar[bool] = ContextVar("sxsh_scope_guard", default=False)

#: Sent by ``QuerySet.update()`` (``bulk_update`` too) before it writes: ``sender`` the model, ``queryset`` the rows
#: about to change, ``fields`` the names written. Saves and deletes have Django's own signals; this is the bulk one.
before_update = Signal()


class ScopeError(RuntimeError):
    """A scoped model was read for a request without the user's scope or a declared reason."""


@dataclass(frozen=True)
class Scope:
    unit: str | None = None  # lookup to AdministrativeUnit.path, e.g. "ward__path"
    facility: str | None = None  # lookup to a facility id, e.g. "pk" or "facility_id"
    public: Q | None = None  # rows a visitor (not logged in) may view
    read_ancestors: bool = False  # "view" also reaches the units above the user's (plans, library)
    owner: str | None = None  # lookup to the current owner's unit path: reads through either, writes through it


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


def ancestor_paths(path: str) -> list[str]:
    """``"/ha-noi/hoan-kiem/"`` → ``["/ha-noi/", "/ha-noi/hoan-kiem/"]`` (self included)."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def unit_q(user: Any, lookup: str, action: str = "view", *, read_ancestors: bool = False,
           owner: str | None = None) -> Q:
    """The filter on ``lookup`` (a path to ``AdministrativeUnit.path``) for the user and action; with
    ``owner`` (the path to the current owner's unit) reads go through either unit, writes through the owner's."""
    if is_admin(user):
        return Q()
    viewing = action == "view"
    lookups = [lookup, owner] if owner and viewing else [owner or lookup]
    if user.role in UNIT_SCOPED:
        path = user.scope_path
        if not path:
            return NOTHING
        q = Q()
        for each in lookups:
            q |= Q(**{f"{each}__startswith": path})
            if read_ancestors and viewing:
                q |= Q(**{f"{each}__in": ancestor_paths(path)})
        return q
    if user.role in FACILITY_SCOPED and read_ancestors:
        paths = _facility_unit_paths(user)
        if not paths:
            return NOTHING
        q = Q()
        for each in lookups:
            q |= Q(**{f"{each}__in": paths})
        return q
    return NOTHING


def scope_q(user: Any, model: type[models.Model], action: str = "view") -> Q:
    """The filter that limits ``model`` to the user's scope (the role check is separate)."""
    if is_admin(user):
        return Q()
    scope: Scope = getattr(model, "scope", Scope())
    if user.role in UNIT_SCOPED:
        if scope.unit is None:
            return Q() if scope.facility is None else _unit_facilities_q(user, scope)
        return unit_q(user, scope.unit, action, read_ancestors=scope.read_ancestors, owner=scope.owner)
    if user.role in FACILITY_SCOPED:
        if scope.facility is not None:
            return Q(**{f"{scope.facility}__in": user.facility_ids})
        if scope.unit is None:
            return Q()
        return unit_q(user, scope.unit, action, read_ancestors=scope.read_ancestors, owner=scope.owner)
    return NOTHING


def _unit_facilities_q(user: Any, scope: Scope) -> Q:
    path = user.scope_path
    if not path:
        return NOTHING
    return Q(**{f"{scope.facility}__in": _facility_ids_under(path)})


def _facility_ids_under(path: str) -> Any:
    from django.apps import apps

    facility = apps.get_model("directory", "Facility")
    return facility.objects.filter(ward__path__startswith=path).values("pk").unscoped("subquery of a scope filter")


def _facility_unit_paths(user: Any) -> list[str]:
    """The paths of the units containing the user's facilities, and their ancestors (cached on the user)."""
    cached = getattr(user, "_facility_unit_paths", None)
    if cached is None:
        from django.apps import apps

        facility = apps.get_model("directory", "Facility")
        ward_paths = facility.objects.filter(pk__in=user.facility_ids).unscoped(
            "the user's own facilities, to compute their scope").values_list("ward__path", flat=True)
        cached = sorted({a for p in ward_paths for a in ancestor_paths(p)})
        user._facility_unit_paths = cached
    return list(cached)


class ScopedQuerySet(models.QuerySet[_M], Generic[_M]):
    """A queryset that knows whether its scope was decided (``restrict`` or ``unscoped``)."""

    _scope_reason: str | None = None

    def _clone(self) -> "ScopedQuerySet[_M]":
        clone = super()._clone()  # type: ignore[misc]
        clone._scope_reason = self._scope_reason
        return clone  # type: ignore[no-any-return]

    def _decided(self, reason: str) -> "ScopedQuerySet[_M]":
        self._scope_reason = reason
        return self

    def restrict(self, user: Any, action: str = "view") -> "ScopedQuerySet[_M]":
        """Only the rows ``user`` may ``action``; none for a role without that permission."""
        scope: Scope = getattr(self.model, "scope", Scope())
        if user is None or not user.is_authenticated:
            if action == "view" and scope.public is not None:
                return self.filter(scope.public)._decided(RESTRICTED)
            return self.none()._decided(RESTRICTED)
        if not allows(user, self.model, action):
            return self.none()._decided(RESTRICTED)
        return self.filter(scope_q(user, self.model, action))._decided(RESTRICTED)

    def none(self) -> "ScopedQuerySet[_M]":
        return super().none()._decided(RESTRICTED)  # type: ignore[attr-defined, no-any-return]

    def scoped_by(self, scope_filter: Q) -> "ScopedQuerySet[_M]":
        """The rows of a scope filter built with :func:`unit_q` or :func:`scope_q` (role check aside)."""
        return self.filter(scope_filter)._decided(RESTRICTED)

    def public(self) -> "ScopedQuerySet[_M]":
        """The rows a visitor may view (the model's ``scope.public``), for public pages and feeds."""
        return self.restrict(None, "view")

    def unscoped(self, reason: str) -> "ScopedQuerySet[_M]":
        """Every row, for a legitimate system read; ``reason`` says why (and makes it greppable)."""
        if not reason.strip():
            raise ValueError("unscoped() needs the reason of the system read")
        return self._chain()._decided(reason)  # type: ignore[attr-defined, no-any-return]

    def update(self, **kwargs: Any) -> int:
        """A bulk update is a change like a save: it stamps ``updated_at`` (``auto_now``), unless it writes only the
        model's ``bookkeeping_fields`` (a view count is no change of the row), and tells ``before_update``."""
        fields = set(kwargs)
        stamped = next((f for f in self.model._meta.concrete_fields
                        if f.name == "updated_at" and getattr(f, "auto_now", False)), None)
        if stamped is not None and "updated_at" not in fields and not fields <= getattr(
                self.model, "bookkeeping_fields", frozenset()):
            kwargs["updated_at"] = timezone.now()
        before_update.send(sender=self.model, queryset=self, fields=fields)
        return super().update(**kwargs)

    def _check_scope(self) -> None:
        if self._scope_reason is None and _guard.get() and hasattr(self.model, "role_permissions"):
            raise ScopeError(
                f"{self.model._meta.label} read while serving a request without restrict(user, action) "
                "or unscoped(reason)")

    def _fetch_all(self) -> None:
        if self._result_cache is None:  # type: ignore[has-type]
            self._check_scope()
        super()._fetch_all()  # type: ignore[misc]

    def iterator(self, *args: Any, **kwargs: Any) -> Iterator[_M]:
        self._check_scope()
        return super().iterator(*args, **kwargs)

    def count(self) -> int:
        if self._result_cache is None:  # type: ignore[has-type]
            self._check_scope()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:  # type: ignore[has-type]
            self._check_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scope()
        return super().aggregate(*args, **kwargs)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    """``Model.objects``: querysets start undecided, except those reached through a related object."""

    def get_queryset(self) -> ScopedQuerySet[Any]:
        queryset: ScopedQuerySet[Any] = super().get_queryset()
        if getattr(self, "instance", None) is not None:  # a related manager: scoped by its object
            queryset._scope_reason = THROUGH_RELATION
        return queryset


@contextmanager
def scope_guard(active: bool = True) -> Iterator[None]:
    """Within the block, undecided reads of scoped models raise (``active``) or pass (``False``)."""
    token = _guard.set(active)
    try:
        yield
    finally:
        _guard.reset(token)


class ScopeGuardMiddleware:
    """Every request is served under the scope guard, except the Django admin (administrators only)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.urls import NoReverseMatch, reverse

        try:
            in_admin = request.path.startswith(reverse("admin:index"))
        except NoReverseMatch:
            in_admin = False
        with scope_guard(not in_admin):
            return self.get_response(request)


def unit_path_of(obj: models.Model) -> str:
    """The materialised path of the unit ``obj`` belongs to (its ``scope.unit`` lookup, else its ``unit``), or ""."""
    scope: Scope | None = getattr(type(obj), "scope", None)
    lookup = scope.unit if scope is not None and scope.unit else ("unit__path" if hasattr(obj, "unit_id") else "")
    value: Any = obj
    for part in lookup.split("__") if lookup else []:
        value = getattr(value, part, None)
        if value is None:
            return ""
    return str(value) if lookup else ""


def visible_or_404(user: Any, model: type[models.Model], pk: int | None) -> None:
    """A list filtered by a record the user may not see answers 404, as for a missing one (never 200-empty,
    which would tell that the record exists)."""
    from django.http import Http404

    if pk is not None and not model._default_manager.restrict(user, "view").filter(pk=pk).exists():  # type: ignore[attr-defined]
        raise Http404


def ensure_in_scope(user: Any, obj: models.Model, action: str) -> None:
    """Raise PermissionDenied when ``obj`` (already saved) falls outside the user's scope.

    Services call it after writing, inside their transaction, so an out-of-scope write rolls back.
    """
    from django.core.exceptions import PermissionDenied

    if not type(obj)._default_manager.restrict(user, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied
