"""Summing a source's facts into values for every administrative unit × sector (pure, no writes)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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


@dataclass
class StoredCell:
    """A cell as it is stored: sums, value, how many records are behind it and its *own* record ids.

    ``own_ids`` are the records (behind a non-zero numerator) whose own unit is this cell's unit — the
    deepest computed unit above the record, normally its ward. A value's drill-down is the union of the
    own ids of its unit's subtree (same indicator, period and sector), which is exactly ``Cell.record_ids``
    without repeating every id at every level.
    """

    unit_id: int
    sector_id: int | None
    numerator: Decimal
    denominator: Decimal | None
    value: Decimal | None
    record_count: int
    own_ids: list[int]


def stored_cells(
    result: SourceResult, units: Iterable[tuple[int, str]], factor: Decimal, is_ratio: bool
) -> list[StoredCell]:
    """The same cells as ``cells`` (same order, same sums and values) in one pass over the facts."""
    units = list(units)
    present = {path for _unit_id, path in units}
    zero = Decimal(0)
    facts = result.facts
    unique = len({f.record_id for f in facts}) == len(facts)
    # (unit path, sector or None) -> [numerator, denominator, non-zero record count, ids when not unique]
    sums: dict[tuple[str, int | None], list[Any]] = {}
    own: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    sectors_at: dict[str, set[int]] = defaultdict(set)
    places: dict[str, tuple[list[str], str | None]] = {}
    for fact in facts:
        place = places.get(fact.unit_path)
        if place is None:
            paths = ancestor_paths(fact.unit_path) if fact.unit_path else []
            home = next((p for p in reversed(paths) if p in present), None)
            place = places[fact.unit_path] = (paths, home)
        paths, home = place
        keys: tuple[int | None, ...] = (None,)
        if result.by_sector and fact.sector_id is not None:
            keys = (None, fact.sector_id)
        nonzero = fact.numerator != 0
        denominator = fact.denominator or zero
        for path in paths:
            if fact.sector_id is not None and result.by_sector:
                sectors_at[path].add(fact.sector_id)
            for key in keys:
                acc = sums.get((path, key))
                if acc is None:
                    acc = sums[(path, key)] = [zero, zero, 0, None if unique else set()]
                acc[0] += fact.numerator
                if is_ratio:
                    acc[1] += denominator
                if nonzero:
                    if unique:
                        acc[2] += 1
                    else:
                        acc[3].add(fact.record_id)
        if nonzero and home is not None:
            for key in keys:
                own[(home, key)].append(fact.record_id)

    def make(unit_id: int, path: str, sector_id: int | None) -> StoredCell:
        acc = sums.get((path, sector_id)) or [zero, zero, 0, None if unique else set()]
        numerator = acc[0]
        denominator = acc[1] if is_ratio else None
        count = acc[2] if unique else len(acc[3])
        return StoredCell(unit_id, sector_id, numerator, denominator,
                          ratio_value(numerator, denominator, factor, is_ratio), count,
                          sorted(set(own.get((path, sector_id), ()))))

    out: list[StoredCell] = []
    for unit_id, path in units:
        out.append(make(unit_id, path, None))
        for sector_id in sorted(sectors_at.get(path, ())):
            out.append(make(unit_id, path, sector_id))
    return out
