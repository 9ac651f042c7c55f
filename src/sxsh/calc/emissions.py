"""Greenhouse-gas emissions from electricity (grid factor by year) and fuels (IPCC default factors).

The factors are data, not code: the default table is ``data/emission_factors.json`` (seeded from the
domain notes, with sources). An application installs its own table (e.g. the one edited in the admin)
either for a block of code::

    with emissions.use_factors(table):
        emissions.electricity_tco2(40_000, 2019)

or per call with ``factors=table``. A year or fuel without a factor raises :class:`FactorMissingError`;
no value is ever invented. Every factor has a status, :data:`OFFICIAL` (announced by the authority) or
:data:`ESTIMATE` (e.g. the 2024 grid factor, a research group's figure): :meth:`FactorTable.estimates`
names the estimated factors a figure depends on, so that the figure can say so.
"""

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "emission_factors.json"
FUELS = ("diesel", "lpg", "anthracite", "bituminous_coal")
OFFICIAL = "official"
ESTIMATE = "estimate"
STATUSES = (OFFICIAL, ESTIMATE)


class FactorMissingError(LookupError):
    """No factor for this year or fuel (or a fuel without a net calorific value)."""

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"no {kind} factor for {key!r}")
        self.kind = kind  # "grid", "fuel" or "ncv"
        self.key = key


@dataclass(frozen=True)
class FuelFactor:
    co2_kg_per_tj: float
    ncv_tj_per_gg: float | None  # net calorific value (TJ per thousand tonnes = GJ per tonne)
    name: str = ""
    source: str = ""
    status: str = OFFICIAL

    @property
    def tco2_per_tonne(self) -> float | None:
        """kg CO2/TJ × TJ/Gg ÷ 10⁶ = t CO2 per tonne of fuel (None without an NCV)."""
        if self.ncv_tj_per_gg is None:
            return None
        return self.co2_kg_per_tj * self.ncv_tj_per_gg / 1_000_000


@dataclass(frozen=True)
class FactorTable:
    grid: Mapping[int, float]  # year -> t CO2 per MWh
    fuels: Mapping[str, FuelFactor] = field(default_factory=dict)
    grid_source: str = ""
    grid_status: Mapping[int, str] = field(default_factory=dict)  # year -> status (absent: official)
    grid_sources: Mapping[int, str] = field(default_factory=dict)  # year -> its own source (absent: grid_source)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "FactorTable":
        grid = data.get("grid", {})
        fuels = {
            code: FuelFactor(
                co2_kg_per_tj=float(f["co2_kg_per_tj"]),
                ncv_tj_per_gg=None if f.get("ncv_tj_per_gg") is None else float(f["ncv_tj_per_gg"]),
                name=f.get("name", ""),
                source=f.get("source", ""),
                status=f.get("status", OFFICIAL),
            )
            for code, f in data.get("fuels", {}).items()
        }
        entries = {int(year): grid_entry(value) for year, value in grid.get("values", {}).items()}
        return cls(grid={y: e["value"] for y, e in entries.items()}, fuels=fuels, grid_source=grid.get("source", ""),
                   grid_status={y: e["status"] for y, e in entries.items() if e["status"] != OFFICIAL},
                   grid_sources={y: e["source"] for y, e in entries.items() if e["source"]})

    def grid_entry_status(self, year: int) -> str:
        return self.grid_status.get(int(year), OFFICIAL)

    def grid_entry_source(self, year: int) -> str:
        return self.grid_sources.get(int(year), self.grid_source)

    def estimates(self, years: Iterable[int] = (), fuels: Iterable[str] = ()) -> list[str]:
        """The estimated factors among the grid ``years`` and ``fuels`` used (as "grid:2024", "fuel:lpg")."""
        found = [f"grid:{y}" for y in sorted(set(map(int, years))) if self.grid_entry_status(y) == ESTIMATE]
        found += [f"fuel:{f}" for f in sorted(set(fuels)) if f in self.fuels and self.fuels[f].status == ESTIMATE]
        return found

    def grid_factor(self, year: int) -> float:
        try:
            return self.grid[int(year)]
        except KeyError:
            raise FactorMissingError("grid", year) from None

    def fuel(self, fuel: str) -> FuelFactor:
        try:
            return self.fuels[fuel]
        except KeyError:
            raise FactorMissingError("fuel", fuel) from None


def grid_entry(value: float | Mapping[str, Any]) -> dict[str, Any]:
    """A grid year of the JSON table as {value, status, source}: a bare number is an official factor."""
    if isinstance(value, Mapping):
        status = value.get("status", OFFICIAL)
        if status not in STATUSES:
            raise ValueError(f"unknown factor status {status!r}")
        return {"value": float(value["value"]), "status": status, "source": value.get("source", "")}
    return {"value": float(value), "status": OFFICIAL, "source": ""}


@cache
def default_table() -> FactorTable:
    """The table shipped with the package (``data/emission_factors.json``)."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return FactorTable.from_dict(json.load(handle))


def default_data() -> dict[str, Any]:
    """The raw JSON of the default table (for seeding a database)."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


_active: ContextVar[FactorTable | None] = ContextVar("sxsh_emission_factors", default=None)


@contextmanager
def use_factors(table: FactorTable) -> Iterator[FactorTable]:
    """Use ``table`` instead of the default one inside the ``with`` block (thread- and task-safe)."""
    token = _active.set(table)
    try:
        yield table
    finally:
        _active.reset(token)


def current_table(factors: FactorTable | None = None) -> FactorTable:
    return factors or _active.get() or default_table()


def grid_factor(year: int, factors: FactorTable | None = None) -> float:
    """Grid emission factor of ``year`` in t CO2 per MWh; :class:`FactorMissingError` when unknown."""
    return current_table(factors).grid_factor(year)


def electricity_tco2(kwh: float, year: int, factors: FactorTable | None = None) -> float:
    """t CO2 for ``kwh`` of grid electricity consumed (or saved) in ``year``."""
    return float(kwh) / 1000.0 * grid_factor(year, factors)


def fuel_tco2(fuel: str, tonnes: float, factors: FactorTable | None = None) -> float:
    """t CO2 from burning ``tonnes`` of ``fuel`` (one of :data:`FUELS` or a fuel of the installed table)."""
    per_tonne = current_table(factors).fuel(fuel).tco2_per_tonne
    if per_tonne is None:
        raise FactorMissingError("ncv", fuel)
    return float(tonnes) * per_tonne
