"""Search that ignores diacritics and case (Vietnamese users often type without them).

Searchable models keep a ``search_text`` column with their folded text (``calc.text.fold``); a query is
folded the same way and every word must appear. At most ``MAX_WORDS`` words are used, so a pasted
paragraph cannot grow the SQL without bound.
"""

from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from sxsh.calc.text import fold

MAX_WORDS = 10

_QS = TypeVar("_QS", bound=QuerySet[Any])


def matching(qs: _QS, text: str, fields: tuple[str, ...] = ("search_text",)) -> _QS:
    """Rows whose folded text (in any of ``fields``) contains every word of ``text``."""
    for word in fold(text or "").split()[:MAX_WORDS]:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__contains": word})
        qs = qs.filter(condition)
    return qs
