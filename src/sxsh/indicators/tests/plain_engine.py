"""The plain engine: every group listed under every ancestor, then summed cell by cell.

Slow (records × levels) and obviously right; ``engine.stored_cells`` must give the same sums, values and
drill-down ids, which the tests check on fixed and random unit trees.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sxsh.indicators.engine import ancestor_paths, ratio_value
from sxsh.indicators.sources import Group, SourceResult


@dataclass
class Cell:
    unit_id: int
    sector_id: int | None
    numerator: Decimal
    denominator: Decimal | None
    value: Decimal | None
    record_ids: list[int]


def _cell(unit_id: int, sector_id: int | None, groups: list[Group], factor: Decimal, is_ratio: bool) -> Cell:
    numerator = sum((g.numerator for g in groups), Decimal(0))
    denominator = sum((g.denominator or Decimal(0) for g in groups), Decimal(0)) if is_ratio else None
    ids = sorted({i for g in groups for i in g.record_ids})
    return Cell(unit_id, sector_id, numerator, denominator, ratio_value(numerator, denominator, factor, is_ratio), ids)


def groups_of(result: SourceResult) -> list[Group]:
    """The source's groups followed by each fact as a group of one record (its id only behind a non-zero
    numerator); without ``by_sector`` every sector is dropped."""
    groups = [*result.groups, *(Group(f.unit_path, f.sector_id, f.numerator, f.denominator,
                                       [f.record_id] if f.numerator != 0 else []) for f in result.facts)]
    if not result.by_sector:
        groups = [g._replace(sector_id=None) for g in groups]
    return groups


def cells(
    result: SourceResult, units: Iterable[tuple[int, str]], factor: Decimal, is_ratio: bool
) -> list[Cell]:
    """One cell per unit (all sectors) plus, when the facts carry sectors, one per sector present.

    The plain reference: every group is listed under every ancestor, then summed cell by cell.
    """
    under: dict[str, list[Group]] = defaultdict(list)  # every unit path -> the groups in its subtree
    for group in groups_of(result):
        for path in ancestor_paths(group.unit_path):
            under[path].append(group)
    out: list[Cell] = []
    for unit_id, path in units:
        groups = under.get(path, [])
        out.append(_cell(unit_id, None, groups, factor, is_ratio))
        by_sector: dict[int, list[Group]] = defaultdict(list)
        for group in groups:
            if group.sector_id is not None:
                by_sector[group.sector_id].append(group)
        for sector_id in sorted(by_sector):
            out.append(_cell(unit_id, sector_id, by_sector[sector_id], factor, is_ratio))
    return out
