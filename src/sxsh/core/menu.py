"""The site menu: each app lists its entries in ``sxsh.<app>.navigation.ITEMS``."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import import_module
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .roles import ALL_ROLES
from .scoping import is_admin

APPS_WITH_MENUS = ("core", "accounts", "directory", "plans", "outreach", "events", "assessments", "indicators", "tasks")


@dataclass(frozen=True)
class MenuItem:
    label: Any
    url_name: str
    public: bool = False  # shown to visitors in the public menu
    roles: frozenset[str] = field(default=ALL_ROLES)  # back-office roles that see it
    order: int = 100
    badge: Callable[[Any], int] | None = None  # e.g. number of items awaiting moderation


@dataclass(frozen=True)
class ResolvedItem:
    label: Any
    url: str
    active: bool
    badge: int


@cache
def _items() -> tuple[MenuItem, ...]:
    items: list[MenuItem] = []
    for app in APPS_WITH_MENUS:
        items.extend(import_module(f"sxsh.{app}.navigation").ITEMS)
    return tuple(sorted(items, key=lambda item: item.order))


def _resolve(request: HttpRequest, item: MenuItem, user: Any) -> ResolvedItem | None:
    try:
        url = reverse(item.url_name)
    except NoReverseMatch:
        return None
    active = request.path == url or (url != "/" and request.path.startswith(url))
    return ResolvedItem(item.label, url, active, item.badge(user) if item.badge and user else 0)


def menu_for(request: HttpRequest) -> dict[str, list[ResolvedItem]]:
    """Public and back-office entries the current user may see."""
    user = getattr(request, "user", None)
    public = [r for i in _items() if i.public and (r := _resolve(request, i, None))]
    backoffice: list[ResolvedItem] = []
    if user is not None and user.is_authenticated:
        for item in _items():
            if not item.public and (is_admin(user) or user.role in item.roles):
                resolved = _resolve(request, item, user)
                if resolved:
                    backoffice.append(resolved)
    return {"public": _one_active(request, public), "backoffice": _one_active(request, backoffice)}


def _one_active(request: HttpRequest, items: list[ResolvedItem]) -> list[ResolvedItem]:
    """Keep only the most specific active entry (``/danh-gia/giam-sat/`` over ``/danh-gia/``)."""
    active = [item for item in items if item.active]
    if len(active) <= 1:
        return items
    best = max(active, key=lambda item: len(item.url))
    return [item if item is best or not item.active else replace(item, active=False) for item in items]


def sections(user: Any, name: str) -> list[tuple[str, dict[str, Any]]]:
    """Blocks that apps add to a page, ``name = [(order, template, context_fn)]`` in their navigation module
    (``HOME_SECTIONS`` for the public home page, ``DASHBOARD_SECTIONS`` for the back-office landing page)."""
    found = []
    for app in APPS_WITH_MENUS:
        module = import_module(f"sxsh.{app}.navigation")
        for order, template, context_fn in getattr(module, name, []):
            found.append((order, template, context_fn(user)))
    return [(template, context) for _, template, context in sorted(found, key=lambda s: s[0])]
