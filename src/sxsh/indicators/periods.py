"""Reporting periods: a year, a quarter or a month, parsed from and written to a short key."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

KINDS = ("year", "quarter", "month")


@dataclass(frozen=True)
class Period:
    """A reporting period; ``since``/``until`` clip it to the part in which some units were valid (the
    year 2025 has January–June under the old units and July–December under the new ones)."""

    kind: str  # "year", "quarter" or "month"
    year: int
    number: int = 0  # quarter 1–4, month 1–12, 0 for a year
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        limits = {"year": (0, 0), "quarter": (1, 4), "month": (1, 12)}
        if self.kind not in limits:
            raise ValueError(self.kind)
        low, high = limits[self.kind]
        if not low <= self.number <= high or not 1900 <= self.year <= 2200:
            raise ValueError(f"{self.kind} {self.year} {self.number}")

    @classmethod
    def parse(cls, year: int, key: str = "") -> "Period":
        """``key`` is "" or "year", "q1".."q4" or "m1".."m12"; raises ValueError otherwise."""
        key = (key or "year").strip().lower()
        if key == "year":
            return cls("year", year, 0)
        if key[:1] == "q" and key[1:].isdigit():
            return cls("quarter", year, int(key[1:]))
        if key[:1] == "m" and key[1:].isdigit():
            return cls("month", year, int(key[1:]))
        raise ValueError(key)

    @property
    def key(self) -> str:
        return {"year": "year", "quarter": f"q{self.number}", "month": f"m{self.number}"}[self.kind]

    def clipped(self, since: date, until: date) -> "Period":
        """The same period limited to ``since``–``until`` (within it)."""
        return Period(self.kind, self.year, self.number, max(since, self.start), min(until, self.end))

    @property
    def start(self) -> date:
        if self.since is not None:
            return self.since
        if self.kind == "year":
            return date(self.year, 1, 1)
        if self.kind == "quarter":
            return date(self.year, 3 * self.number - 2, 1)
        return date(self.year, self.number, 1)

    @property
    def end(self) -> date:
        if self.until is not None:
            return self.until
        if self.kind == "year":
            return date(self.year, 12, 31)
        month = 3 * self.number if self.kind == "quarter" else self.number
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("năm %(y)s") % {"y": self.year}
        if self.kind == "quarter":
            return _("quý %(n)s năm %(y)s") % {"n": self.number, "y": self.year}
        return _("tháng %(n)s năm %(y)s") % {"n": self.number, "y": self.year}


def periods_of_year(year: int) -> list[Period]:
    """The year, its four quarters and its twelve months."""
    return (
        [Period("year", year)]
        + [Period("quarter", year, q) for q in range(1, 5)]
        + [Period("month", year, m) for m in range(1, 13)]
    )


def period_choices() -> list[tuple[str, str]]:
    return (
        [("year", _("Cả năm"))]
        + [(f"q{q}", _("Quý %(n)s") % {"n": q}) for q in range(1, 5)]
        + [(f"m{m}", _("Tháng %(n)s") % {"n": m}) for m in range(1, 13)]
    )
