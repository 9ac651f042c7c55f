"""The scope rule, checked two ways: statically over the source and at run time during a request.

Static: every read of a scoped model (``Model.objects…`` or ``Model._default_manager…``) in the code
that serves requests (views, API, exports, feeds, forms, selectors, services, jobs…) names its scope in
the same expression: ``restrict(user, action)``, ``public()``, ``scoped_by(filter)`` or
``unscoped("reason")`` with a literal reason. Demo loaders, management commands, synthetic data and
migrations are outside the rule (they run without a user), and so is the Django admin (administrators only).

Run time: while a request is served, an undecided queryset of a scoped model raises ``ScopeError``.
"""

import ast
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from sxsh.core.scoping import ScopeError, scope_guard
from sxsh.directory.models import Facility

SRC = Path(__file__).resolve().parent.parent / "src" / "sxsh"
SCOPING = frozenset({"restrict", "public", "scoped_by", "unscoped", "none"})
#: Writes that read nothing back (``filter(pk=…).update(…)``, ``create``) are not reads.
WRITES = frozenset({"create", "bulk_create", "update", "bulk_update"})
OUTSIDE_THE_RULE = ("migrations", "tests", "management", "bench", "testing")
#: The Django admin is served outside the guard (administrators only, every row): ``admin.py`` too.
OUTSIDE_FILES = ("demo.py", "synthetic.py", "admin.py")


def scoped_model_names() -> set[str]:
    return {m.__name__ for m in apps.get_models() if hasattr(m, "role_permissions")}


def modules() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py"))
            if not set(p.relative_to(SRC).parts) & set(OUTSIDE_THE_RULE) and p.name not in OUTSIDE_FILES]


def _extends(parent: ast.AST | None, node: ast.AST) -> bool:
    """Whether ``parent`` continues the expression ``node`` (``node.attr``, ``node(…)``, ``node[…]``)."""
    if isinstance(parent, ast.Attribute | ast.Subscript):
        return parent.value is node
    return isinstance(parent, ast.Call) and parent.func is node


def _chain_names(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> set[str]:
    """The attribute names of the whole expression ``node`` starts (``X.objects.filter().restrict()``)."""
    names: set[str] = set()
    while _extends(parent := parents.get(node), node):
        if isinstance(parent, ast.Attribute):
            names.add(parent.attr)
        node = parent  # type: ignore[assignment]
    return names


def _enclosing_class(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    while (node := parents.get(node)) is not None:  # type: ignore[assignment]
        if isinstance(node, ast.ClassDef):
            return node.name
    return ""


def _may_be_scoped_manager(node: ast.Attribute, scoped: set[str], parents: dict[ast.AST, ast.AST]) -> bool:
    """``Facility.objects``, ``cls.objects`` in a scoped model, ``type(obj).objects``, any ``x._default_manager``."""
    if node.attr == "_default_manager":
        return True
    if node.attr != "objects":
        return False
    owner = node.value
    if isinstance(owner, ast.Name):
        return owner.id in scoped or (owner.id == "cls" and _enclosing_class(node, parents) in scoped)
    return isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "type"


def violations_in(source: str, scoped: set[str], label: str) -> list[str]:
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _may_be_scoped_manager(node, scoped, parents):
            names = _chain_names(node, parents)
            if not names & (SCOPING | WRITES):
                found.append(f"{label}:{node.lineno}: {ast.unparse(node)} without restrict/unscoped")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "unscoped":
            reason = node.args[0] if node.args else None
            literal = isinstance(reason, ast.Constant) and isinstance(reason.value, str) and reason.value.strip()
            if not (literal or (isinstance(reason, ast.Name) and reason.id.isupper())):
                found.append(f"{label}:{node.lineno}: unscoped() needs a literal reason (or a CONSTANT)")
    return found


def test_every_read_of_a_scoped_model_names_its_scope() -> None:
    scoped = scoped_model_names()
    assert {"Facility", "Registration", "Plan", "Document", "Report"} <= scoped
    problems = [v for path in modules() for v in violations_in(path.read_text(), scoped, str(path.relative_to(SRC)))]
    assert not problems, "\n".join(problems)
    assert len(modules()) >= 60  # the rule reads the source tree, not an empty list


def _manager_of(call: ast.Call, scoped: set[str], parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether the chain ``call`` ends (``….restrict(…)``) starts at a scoped model's manager."""
    node: ast.AST = call.func
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        if isinstance(node, ast.Attribute) and _may_be_scoped_manager(node, scoped, parents):
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def _restrict_calls(tree: ast.AST, scoped: set[str]) -> list[ast.Call]:
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr == "restrict" and _manager_of(n, scoped, parents)]


class _WithoutCall(ast.NodeTransformer):
    """Replaces one ``x.restrict(…)`` call by ``x``."""

    def __init__(self, target: ast.Call) -> None:
        self.target = target

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        return node.func.value if node is self.target else node  # type: ignore[attr-defined]


def test_removing_any_restrict_breaks_the_rule(capsys: Any) -> None:
    """Mutation check: each ``restrict(…)`` on a scoped model's manager in the source, removed on its own,
    makes the rule report that module (so no ``restrict()`` is there for show)."""
    scoped = scoped_model_names()
    removed, silent = 0, []
    for path in modules():
        source, label = path.read_text(), str(path.relative_to(SRC))
        for index in range(len(_restrict_calls(ast.parse(source), scoped))):
            tree = ast.parse(source)
            target = _restrict_calls(tree, scoped)[index]
            mutated = ast.unparse(_WithoutCall(target).visit(tree))
            removed += 1
            if not violations_in(mutated, scoped, label):
                silent.append(f"{label}:{target.lineno}")
    with capsys.disabled():
        print(f"scope rule: {removed} restrict() calls removed one at a time, {removed - len(silent)} reported")
    assert not silent, silent
    assert removed >= 50, removed


def test_the_static_rule_bites() -> None:
    """Control: the checker flags an unscoped read and accepts the scoped and the declared forms."""
    scoped = {"Facility"}
    bad = ("def f(user, obj, model):\n    a = Facility.objects.filter(name='x').first()\n"
           "    b = type(obj).objects.get(pk=obj.pk)\n    c = model._default_manager.all()\n")
    good = ("def f(user):\n    a = Facility.objects.restrict(user, 'view').first()\n"
            "    b = Facility.objects.filter(pk=1).unscoped('lock the row the caller holds')\n")
    empty = "def f():\n    return Facility.objects.unscoped('')\n"
    assert len(violations_in(bad, scoped, "m")) == 3
    assert violations_in(good, scoped, "m") == []
    assert len(violations_in(empty, scoped, "m")) == 1


def test_an_undecided_read_raises_while_serving(db: Any) -> None:
    with scope_guard():
        with pytest.raises(ScopeError):
            list(Facility.objects.all())
        with pytest.raises(ScopeError):
            Facility.objects.filter(pk=1).exists()
        with pytest.raises(ScopeError):
            Facility.objects.count()
        assert list(Facility.objects.unscoped("test of the escape").all()) == []
        assert Facility.objects.restrict(None).count() == 0
    assert list(Facility.objects.all()) == []  # outside a request (commands, tests) the guard is off


def test_requests_are_served_under_the_guard(db: Any, settings: Any) -> None:
    """The middleware turns the guard on: a view reading without scope answers with ScopeError."""
    settings.ROOT_URLCONF = "tests.scope_urls"
    with pytest.raises(ScopeError):
        Client().get("/unscoped/")
    assert Client().get("/scoped/").status_code == 200
