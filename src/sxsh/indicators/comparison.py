"""Targets against values: the traffic light and the applicable target (pure functions)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

MET, CLOSE, NOT_MET, NO_TARGET, NO_DATA = "met", "close", "not_met", "no_target", "no_data"
STATUS_LABELS = {
    MET: _("Đạt"),
    CLOSE: _("Gần đạt"),
    NOT_MET: _("Chưa đạt"),
    NO_TARGET: _("Chưa có mục tiêu"),
    NO_DATA: _("Không có dữ liệu"),
}
#: A value within this share of its target is "close".
CLOSE_SHARE = Decimal("0.8")


@dataclass(frozen=True)
class TargetInfo:
    year: int
    value: Decimal
    value_high: Decimal | None
    source: str


def applicable_target(targets: Iterable[TargetInfo], year: int) -> TargetInfo | None:
    """The target of ``year``, else the next milestone after it (the one in force), else None."""
    ahead = sorted((t for t in targets if t.year >= year), key=lambda t: t.year)
    return ahead[0] if ahead else None


def status(value: Decimal | None, target: TargetInfo | None, higher_is_better: bool = True) -> str:
    if value is None:
        return NO_DATA
    if target is None:
        return NO_TARGET
    goal = target.value
    if higher_is_better:
        if value >= goal:
            return MET
        return CLOSE if value >= goal * CLOSE_SHARE else NOT_MET
    if value <= goal:
        return MET
    return CLOSE if goal > 0 and value <= goal / CLOSE_SHARE else NOT_MET
