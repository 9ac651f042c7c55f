"""Summing a source's facts into values for every administrative unit × sector (pure, no writes).

The plain reference it is tested against is ``tests/plain_engine.py``.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .sources import SourceResult

QUANT = Decimal("0.0001")


def ratio_value(numerator: Decimal, denominator: Decimal | None, factor: Decimal, is_ratio: bool) -> Decimal | None:
    """numerator / denominator × factor; None (no data) when the denominator is zero or missing."""
    if not is_ratio:
        return (numerator * factor).quantize(QUANT)
    if denominator is None or denominator == 0:
        return None
    return (numerator / denominator * factor).quantize(QUANT)


def ancestor_paths(path: str) -> list[str]:
    """"/ha-noi/hoan-kiem/hang-bac/" -> ["/ha-noi/", "/ha-noi/hoan-kiem/", "/ha-noi/hoan-kiem/hang-bac/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


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
    note: str = ""  # why the value is "no data" (a record's figure is unknown)
    is_estimate: bool = False  # a record's figure depends on an estimate
    unplaced: int = 0  # records whose own unit is not computed (closed, or split), held here instead


def _flags(result: SourceResult) -> dict[tuple[str, int | None], tuple[set[str], bool]]:
    """(unit path, sector or None) of every level above a flagged record -> (its reasons, any estimate)."""
    flags: dict[tuple[str, int | None], tuple[set[str], bool]] = {}
    if not result.missing and not result.estimated:
        return flags
    for f in result.facts:
        reason = result.missing.get(f.record_id)
        estimate = f.record_id in result.estimated
        if reason is None and not estimate:
            continue
        sectors = (None, f.sector_id) if result.by_sector and f.sector_id is not None else (None,)
        for path in ancestor_paths(f.unit_path):
            for sector_id in sectors:
                reasons, any_estimate = flags.get((path, sector_id), (set(), False))
                if reason is not None:
                    reasons.add(reason)
                flags[(path, sector_id)] = (reasons, any_estimate or estimate)
    return flags


def _folded(
    result: SourceResult, remap: dict[str, str] | None = None
) -> tuple[dict[tuple[str, int | None], list[Any]], bool]:
    """The source's records summed per (unit path, sector): [numerator, denominator, non-zero record ids,
    records], and whether those ids are distinct across the whole result (then counts are lengths, not set
    sizes). ``remap`` moves the sums of a path to another (a closed unit's to the unit it went into whole)."""
    zero = Decimal(0)
    folded: dict[tuple[str, int | None], list[Any]] = {}
    by_sector = result.by_sector
    for g in result.groups:
        key = (g.unit_path, g.sector_id if by_sector else None)
        records = int(g.denominator) if g.denominator else len(g.record_ids)  # a share's denominator: all known
        acc = folded.get(key)
        if acc is None:
            folded[key] = [g.numerator, g.denominator or zero, list(g.record_ids), records]
        else:
            acc[0] += g.numerator
            acc[1] += g.denominator or zero
            acc[2].extend(g.record_ids)
            acc[3] += records
    for f in result.facts:
        key = (f.unit_path, f.sector_id if by_sector else None)
        acc = folded.get(key)
        if acc is None:
            acc = folded[key] = [zero, zero, [], 0]
        acc[0] += f.numerator
        acc[1] += f.denominator or zero
        acc[3] += 1
        if f.numerator != 0:
            acc[2].append(f.record_id)
    if remap:
        moved: dict[tuple[str, int | None], list[Any]] = {}
        for (path, sector_id), acc in folded.items():
            key = (remap.get(path, path), sector_id)
            into = moved.get(key)
            if into is None:
                moved[key] = acc
            else:
                into[0] += acc[0]
                into[1] += acc[1]
                into[2].extend(acc[2])
                into[3] += acc[3]
        folded = moved
    total = sum(len(acc[2]) for acc in folded.values())
    distinct = total == len({i for acc in folded.values() for i in acc[2]})
    return folded, distinct


def stored_cells(
    result: SourceResult, units: Iterable[tuple[int, str]], factor: Decimal, is_ratio: bool,
    remap: dict[str, str] | None = None,
) -> list[StoredCell]:
    """The same cells as ``cells`` (same order, same sums and values), computed bottom-up: the records
    are summed once per unit path × sector, then each path's sums are added into its parent's, deepest
    first, so the cost follows the number of cells, not records × levels.

    Records whose own unit is not among ``units`` (after ``remap``) are held by the nearest computed unit
    above them and counted there as ``unplaced``."""
    units = list(units)
    present = {path for _unit_id, path in units}
    zero = Decimal(0)
    folded, distinct = _folded(result, remap)
    unplaced: dict[tuple[str, int | None], int] = defaultdict(int)
    # (unit path, sector or None) -> [numerator, denominator, non-zero record count or set of ids]
    sums: dict[tuple[str, int | None], list[Any]] = {}
    levels: dict[int, list[tuple[str, int | None]]] = defaultdict(list)  # depth -> the keys at that depth
    own: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    homes: dict[str, str | None] = {}

    def add(key: tuple[str, int | None], numerator: Decimal, denominator: Decimal, ids: Any) -> None:
        acc = sums.get(key)
        if acc is None:
            sums[key] = [numerator, denominator, ids if distinct else set(ids)]
            levels[key[0].count("/")].append(key)
            return
        acc[0] += numerator
        acc[1] += denominator
        if distinct:
            acc[2] += ids
        else:
            acc[2].update(ids)

    for (unit_path, sector_id), (numerator, denominator, ids, records) in folded.items():
        if not unit_path:
            continue
        counted = len(ids) if distinct else ids
        add((unit_path, None), numerator, denominator, counted)
        if sector_id is not None:
            add((unit_path, sector_id), numerator, denominator, counted)
        if unit_path not in homes:
            homes[unit_path] = next((p for p in reversed(ancestor_paths(unit_path)) if p in present), None)
        home = homes[unit_path]
        if home is not None and home != unit_path and records:
            unplaced[(home, None)] += records
            if sector_id is not None:
                unplaced[(home, sector_id)] += records
        if ids and home is not None:
            own[(home, None)].extend(ids)
            if sector_id is not None:
                own[(home, sector_id)].extend(ids)
    for depth in range(max(levels, default=0), 2, -1):  # children before parents; "/a/" is the top
        for path, sector_id in levels[depth]:
            numerator, denominator, counted = sums[(path, sector_id)]
            add((path[:path.rstrip("/").rfind("/") + 1], sector_id), numerator, denominator, counted)
    sectors_at: dict[str, list[int]] = defaultdict(list)
    for path, sector_id in sums:
        if sector_id is not None:
            sectors_at[path].append(sector_id)

    flags = _flags(result)

    def make(unit_id: int, path: str, sector_id: int | None) -> StoredCell:
        acc = sums.get((path, sector_id)) or [zero, zero, 0]
        numerator = acc[0]
        denominator = acc[1] if is_ratio else None
        count = acc[2] if isinstance(acc[2], int) else len(acc[2])
        ids = own.get((path, sector_id), [])
        reasons, estimate = flags.get((path, sector_id), (set(), False))
        value = None if reasons else ratio_value(numerator, denominator, factor, is_ratio)  # never 0 for unknown
        return StoredCell(unit_id, sector_id, numerator, denominator, value, count,
                          sorted(ids) if distinct else sorted(set(ids)), "; ".join(sorted(reasons))[:500],
                          estimate and not reasons, unplaced.get((path, sector_id), 0))

    out: list[StoredCell] = []
    for unit_id, path in units:
        out.append(make(unit_id, path, None))
        for sector_id in sorted(sectors_at.get(path, ())):
            out.append(make(unit_id, path, sector_id))
    return out
