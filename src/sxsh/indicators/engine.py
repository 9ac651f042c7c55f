"""Summing a source's facts into values for every administrative unit × sector (pure, no writes)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .sources import Fact, SourceResult

QUANT = Decimal("0.0001")


@dataclass
class Cell:
    unit_id: int
    sector_id: int | None
    numerator: Decimal
    denominator: Decimal | None
    value: Decimal | None
    record_ids: list[int]


def ratio_value(numerator: Decimal, denominator: Decimal | None, factor: Decimal, is_ratio: bool) -> Decimal | None:
    """numerator / denominator × factor; None (no data) when the denominator is zero or missing."""
    if not is_ratio:
        return (numerator * factor).quantize(QUANT)
    if denominator is None or denominator == 0:
        return None
    return (numerator / denominator * factor).quantize(QUANT)


def _cell(unit_id: int, sector_id: int | None, facts: list[Fact], factor: Decimal, is_ratio: bool) -> Cell:
    numerator = sum((f.numerator for f in facts), Decimal(0))
    denominator = sum((f.denominator or Decimal(0) for f in facts), Decimal(0)) if is_ratio else None
    ids = sorted({f.record_id for f in facts if f.numerator != 0})
    return Cell(unit_id, sector_id, numerator, denominator, ratio_value(numerator, denominator, factor, is_ratio), ids)


def ancestor_paths(path: str) -> list[str]:
    """"/ha-noi/hoan-kiem/hang-bac/" -> ["/ha-noi/", "/ha-noi/hoan-kiem/", "/ha-noi/hoan-kiem/hang-bac/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def cells(
    result: SourceResult, units: Iterable[tuple[int, str]], factor: Decimal, is_ratio: bool
) -> list[Cell]:
    """One cell per unit (all sectors) plus, when the facts carry sectors, one per sector present."""
    under: dict[str, list[Fact]] = defaultdict(list)  # every unit path -> the facts in its subtree
    for fact in result.facts:
        for path in ancestor_paths(fact.unit_path):
            under[path].append(fact)
    out: list[Cell] = []
    for unit_id, path in units:
        facts = under.get(path, [])
        out.append(_cell(unit_id, None, facts, factor, is_ratio))
        if result.by_sector:
            by_sector: dict[int, list[Fact]] = defaultdict(list)
            for fact in facts:
                if fact.sector_id is not None:
                    by_sector[fact.sector_id].append(fact)
            for sector_id in sorted(by_sector):
                out.append(_cell(unit_id, sector_id, by_sector[sector_id], factor, is_ratio))
    return out
