"""Templates never break on a missing related object."""

import re
from pathlib import Path

import sxsh

# A filter argument is resolved strictly: ``{{ a.b|default:a.c.d }}`` raises when ``a.c`` is None (a deleted
# user, an empty foreign key), so the page answers 500. ``default`` exists for missing values: its argument
# must be a literal. People and organisations go through the ``person`` and ``organisation`` filters.
DOTTED_DEFAULT = re.compile(r"\|default:[A-Za-z_]\w*\.")


def test_no_template_uses_a_dotted_variable_as_a_default() -> None:
    root = Path(sxsh.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if DOTTED_DEFAULT.search(line)
    ]
    assert offenders == []
