"""The to-do home: what waits for the signed-in person, declared by each app in ``navigation.TODO``.

Each :class:`Todo` names the roles it concerns, the waiting rows for a user (a scoped queryset, ordered),
the filtered list it leads to and how one row is shown. The landing page counts each kind and shows the
first few rows: two queries per kind that applies, one when nothing waits. The people of a closed unit write
nothing (``closed_units``), so nothing waits for them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from .closed_units import closed_since
from .menu import APPS_WITH_MENUS
from .roles import ALL_ROLES
from .scoping import is_admin

#: Rows shown under each count (the list behind the link has the rest).
SHOWN = 5


@dataclass(frozen=True)
class Todo:
    title: Any  # "Bình luận chờ kiểm duyệt"
    rows: Callable[[Any], Any]  # user -> queryset of what waits, ordered (scoped to the user)
    url: Callable[[Any, Any], str]  # (user, first waiting row or None) -> the filtered list
    link: Callable[[Any], str]  # row -> its page
    label: Callable[[Any], str] = str
    roles: frozenset[str] = field(default=ALL_ROLES)
    admin: bool = True  # shown to the administrator too
    order: int = 100


@dataclass(frozen=True)
class Waiting:
    title: str
    count: int
    url: str
    items: list[tuple[str, str]]  # (label, link)


@cache
def _declared() -> tuple[Todo, ...]:
    found: list[Todo] = []
    for app in APPS_WITH_MENUS:
        found.extend(getattr(import_module(f"sxsh.{app}.navigation"), "TODO", []))
    return tuple(sorted(found, key=lambda t: t.order))


def todo_for(user: Any) -> list[Waiting]:
    """Every kind of work that concerns the user, with its count and first rows (kinds with nothing too); none
    for the people of a closed unit, who may do none of it."""
    if closed_since(user):
        return []
    blocks = []
    for todo in _declared():
        if not (user.role in todo.roles or (todo.admin and is_admin(user))):
            continue
        rows = todo.rows(user)
        count = rows.count()
        first = list(rows[:SHOWN]) if count else []
        blocks.append(Waiting(str(todo.title), count, todo.url(user, first[0] if first else None),
                              [(todo.label(row), todo.link(row)) for row in first]))
    return sorted(blocks, key=lambda block: block.count == 0)  # what waits first, in declared order
