"""No template or Python module outside reference data, demo data and tests names a place or writes a
unit kind as fixed text: places and kinds come from data (the unit, its kind, the site settings).

Place names are those of the shipped reference data (the 2019 units and the 2025 reorganisation); kind
words are the kinds' own names and titles ("quận", "phường", "thành phố"…). Python is read as code: its
string literals count, docstrings and comments do not; templates count except their ``{# #}`` comments.
A level's name ("cấp xã", "cấp tỉnh") is not a unit kind, nor is "xã hội".
"""

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

from sxsh.directory import reference

SRC = Path(reference.__file__).resolve().parents[1]
#: Reference data, demo and synthetic data, tests, history (migrations) and translations.
EXCLUDED_PARTS = {"tests", "testing", "migrations", "locale", "data"}
EXCLUDED_NAMES = {
    "reference.py", "demo.py", "synthetic.py", "generate_synthetic.py",
    "catalogue.py",  # the indicator catalogue of plan 154/KH-UBND, loaded as reference data
}


def place_names() -> set[str]:
    data = json.loads(reference.HA_NOI_2025.read_text(encoding="utf-8"))
    return {reference.PROVINCE[0], reference.DISTRICT[0], *reference.WARDS, *(u["name"] for u in data["new_units"])}


def kind_words() -> set[str]:
    return {word for _code, name, title, _level in reference.UNIT_KINDS for word in (name, title)}


def pattern() -> re.Pattern[str]:
    words = sorted(place_names() | kind_words(), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?<!cấp )(" + "|".join(map(re.escape, words)) + r")(?![\w])(?! hội)", re.IGNORECASE)


def sources() -> Iterator[Path]:
    for path in sorted(SRC.rglob("*")):
        if path.suffix in (".py", ".html", ".txt") and not EXCLUDED_PARTS & set(path.relative_to(SRC).parts) \
                and path.name not in EXCLUDED_NAMES:
            yield path


def python_strings(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def template_lines(path: Path) -> Iterator[tuple[int, str]]:
    text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"))
    yield from enumerate(text.splitlines(), start=1)


def findings() -> list[str]:
    found = []
    words = pattern()
    for path in sources():
        for line, text in (python_strings(path) if path.suffix == ".py" else template_lines(path)):
            found += [f"{path.relative_to(SRC)}:{line}: {m.group(0)!r}" for m in words.finditer(text)]
    return found


def test_no_place_name_or_fixed_unit_kind_in_templates_or_code() -> None:
    assert not findings(), "\n".join(findings())


def test_the_scan_catches_what_it_looks_for(tmp_path: Path) -> None:
    words = pattern()
    for caught in ("UBND quận", "THÀNH PHỐ", "phường trên địa bàn", "Hoàn Kiếm", "HÀ NỘI", "Sở Công Thương Hà Nội"):
        assert words.search(caught), caught
    for passed in ("cấp xã", "Cấp tỉnh", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "địa bàn"):
        assert not words.search(passed), passed
    module = tmp_path / "sample.py"
    module.write_text('"""Hà Nội, in a docstring."""\n# Hoàn Kiếm in a comment\nLABEL = "Trả lời của quận"\n',
                      encoding="utf-8")
    assert [text for _line, text in python_strings(module) if words.search(text)] == ["Trả lời của quận"]
