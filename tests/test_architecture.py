"""Architecture rules that fail the build (DESIGN.md "Layers").

* import-linter contracts in ``pyproject.toml`` (``[tool.importlinter]``): ``sxsh.calc`` imports nothing of
  Django or SXSH; ``sxsh.core`` imports no domain app; models import no services.
* No import cycle between the domain apps (tests and the composition root — ``sxsh.api``, ``sxsh.urls``,
  settings — aside), checked on grimp's import graph, the one import-linter builds.
* Views and API operations write only through services: no ORM write call in ``views.py`` / ``api.py``.
"""

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "sxsh"
APPS = ("core", "directory", "accounts", "plans", "outreach", "events", "assessments", "indicators", "tasks", "notifications", "calc")
#: Call names that write through the ORM whatever they are called on.
ALWAYS_WRITES = frozenset({"save", "bulk_create", "bulk_update", "get_or_create", "update_or_create", "create"})
#: Call names that write when called on a queryset or a manager (``dict.update`` is not one).
QUERYSET_WRITES = frozenset({"update", "delete"})


def _lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert executable, "import-linter is a dev dependency (uv.lock)"
    return subprocess.run([executable, "--no-cache", "--no-logo", str(config)], cwd=ROOT, capture_output=True,
                          text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": str(Path(sys.executable).parent)})


def test_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout, result.stdout


def test_import_linter_sees_real_imports(tmp_path: Path) -> None:
    """The linter is not vacuous: a contract against an import that exists is reported broken."""
    config = tmp_path / "contract.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "sxsh"\n\n[[tool.importlinter.contracts]]\nid = "probe"\n'
        'name = "probe"\ntype = "forbidden"\nsource_modules = ["sxsh.events"]\nforbidden_modules = ["sxsh.directory"]\n'
    )
    result = _lint_imports(config)
    assert result.returncode != 0 and "BROKEN" in result.stdout, result.stdout


def _is_excluded(module: str) -> bool:
    parts = module.split(".")
    return "tests" in parts or "migrations" in parts or "bench" in parts


def app_import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one app in the app-level import graph."""
    edges: dict[str, set[str]] = {app: set() for app in APPS}
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2 or parts[0] != "sxsh" or parts[1] not in APPS or _is_excluded(module):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            target = imported.split(".")
            inside = len(target) > 1 and target[0] == "sxsh" and target[1] in APPS and target[1] != parts[1]
            if inside and not _is_excluded(imported):
                edges[parts[1]].add(target[1])
    return [group for group in _strongly_connected(edges) if len(group) > 1]


def _strongly_connected(edges: dict[str, set[str]]) -> Iterator[list[str]]:
    """Tarjan's algorithm, small and recursive (nine nodes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return iter(groups)


def test_no_import_cycle_between_apps() -> None:
    assert app_import_cycles(grimp.build_graph("sxsh")) == []


def test_cycle_detection_finds_a_cycle() -> None:
    edges = {app: set() for app in APPS} | {"plans": {"events"}, "events": {"outreach"}, "outreach": {"plans"}}
    assert [g for g in _strongly_connected(edges) if len(g) > 1] == [["events", "outreach", "plans"]]


def orm_writes(source: str) -> list[tuple[int, str]]:
    """(line, call) of every ORM write call in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, receiver = node.func.attr, node.func.value
        on_queryset = isinstance(receiver, ast.Call) or (isinstance(receiver, ast.Attribute) and receiver.attr == "objects")
        if name in ALWAYS_WRITES or (name in QUERYSET_WRITES and on_queryset):
            found.append((node.lineno, ast.unparse(node.func)))
    return found


def _view_and_api_modules() -> list[Path]:
    modules = [SRC / "api.py"]
    for app in APPS:
        modules += [p for p in (SRC / app / "views.py", SRC / app / "api.py") if p.exists()]
        modules += sorted((SRC / app / "views").glob("*.py")) if (SRC / app / "views").is_dir() else []
    return modules


@pytest.mark.parametrize("module", _view_and_api_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_views_and_api_write_only_through_services(module: Path) -> None:
    assert orm_writes(module.read_text()) == []


def test_write_detection_is_not_vacuous() -> None:
    source = (
        "def view(request):\n    Facility.objects.create(name='x')\n    obj.save()\n"
        "    Facility.objects.filter(pk=1).update(name='y')\n    context.update({'a': 1})\n"
    )
    assert [line for line, _call in orm_writes(source)] == [2, 3, 4]
