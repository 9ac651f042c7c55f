"""Progress roll-ups: pure functions, no Django import.

An activity contributes its percent complete (100 when reported done) with its weight. A workstream's
progress is the weighted mean of its activities; the plan's is the weighted mean of all its
activities (so a workstream with more or heavier activities counts more). When every weight is zero
the activities count equally; with no activities the progress is 0.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

DONE = "done"


@dataclass(frozen=True)
class Item:
    weight: Decimal | float | int
    percent: int | float
    status: str = ""


def effective_percent(percent: int | float, status: str) -> float:
    """The percent that counts: 100 when done, otherwise the reported value clamped to 0–100."""
    if status == DONE:
        return 100.0
    return float(min(100, max(0, percent)))


def weighted_progress(items: Iterable[Item]) -> float:
    """Weighted mean of the effective percents, in 0–100."""
    pairs = [(float(max(Decimal(0), Decimal(str(i.weight)))), effective_percent(i.percent, i.status)) for i in items]
    if not pairs:
        return 0.0
    total = sum(w for w, _ in pairs)
    if total <= 0:
        return sum(p for _, p in pairs) / len(pairs)
    value = sum(w * p for w, p in pairs) / total
    return min(100.0, max(0.0, value))


def is_overdue(due: date, status: str, today: date) -> bool:
    """Past its due date and not done."""
    return due < today and status != DONE


def expected_percent(start: date, due: date, today: date) -> float:
    """Where a linear schedule would be today (for "behind schedule" hints): 0 before start, 100 after due."""
    if today <= start:
        return 0.0
    if today >= due or due <= start:
        return 100.0
    return 100.0 * (today - start).days / (due - start).days
