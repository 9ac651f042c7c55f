"""Record ids from the outside world (URLs, API parameters) never exceed the database's integer.

SQLite raises ``OverflowError`` for an integer beyond 64 bits and PostgreSQL an "out of range" error, so
an id like 9223372036854775808 in a URL would otherwise end as a server error. Pages use the ``id``
path converter (at most 18 digits: no match, so 404); the API types its ids with ``Id`` (422 with the
validation message when out of range).
"""

from typing import Annotated

from pydantic import Field

MAX_ID = 10**18 - 1  # below 2**63 - 1, the largest id both databases store


class IdConverter:
    """``<id:pk>``: a positive integer of at most 18 digits."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
