"""Record ids from the outside world (URLs, API parameters) never exceed the database's integer.

SQLite raises ``OverflowError`` for an integer beyond 64 bits and PostgreSQL an "out of range" error, so
an id like 9223372036854775808 in a URL would otherwise end as a server error. Pages use the ``id``
path converter (at most 18 digits: no match, so 404) and ``parse_id`` for ids in query strings and
forms (anything else reads as no id); the API types its ids with ``Id`` (422 with the validation
message when out of range).
"""

import re
from typing import Annotated, Any

from pydantic import Field

MAX_ID = 10**18 - 1  # below 2**63 - 1, the largest id both databases store


_ID = re.compile(r"[0-9]{1,18}")


def parse_id(value: Any) -> int | None:
    """A positive id from text (``?ward=12``), or None for anything else (empty, words, too many digits)."""
    text = str(value or "")
    return int(text) if _ID.fullmatch(text) and int(text) > 0 else None


class IdConverter:
    """``<id:pk>``: a positive integer of at most 18 digits."""

    regex = _ID.pattern

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
