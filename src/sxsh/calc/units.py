"""Energy unit conversions: kWh, MJ, GJ, toe, and tonnes of fuel (through the fuel's NCV)."""

from . import emissions

#: Energy units in gigajoules.
GJ_PER_UNIT: dict[str, float] = {
    "kWh": 0.0036,
    "MWh": 3.6,
    "MJ": 0.001,
    "GJ": 1.0,
    "TJ": 1000.0,
    "toe": 41.868,  # tonne of oil equivalent (IEA/OECD convention)
}
ENERGY_UNITS = tuple(GJ_PER_UNIT)


class UnitError(ValueError):
    """Unknown or incompatible unit."""


def to_gj(value: float, unit: str) -> float:
    try:
        return float(value) * GJ_PER_UNIT[unit]
    except KeyError:
        raise UnitError(unit) from None


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert an amount of energy, e.g. ``convert(1, "toe", "kWh") == 11630``."""
    try:
        return to_gj(value, from_unit) / GJ_PER_UNIT[to_unit]
    except KeyError:
        raise UnitError(to_unit) from None


def kwh_to_mj(kwh: float) -> float:
    return convert(kwh, "kWh", "MJ")


def kwh_to_toe(kwh: float) -> float:
    return convert(kwh, "kWh", "toe")


def fuel_to_gj(fuel: str, tonnes: float, factors: emissions.FactorTable | None = None) -> float:
    """Energy content of ``tonnes`` of a fuel: tonnes × NCV (TJ/Gg = GJ/t).

    Uses the NCV of the installed emission-factor table; raises ``emissions.FactorMissingError`` when the
    fuel has none.
    """
    ncv = emissions.current_table(factors).fuel(fuel).ncv_tj_per_gg
    if ncv is None:
        raise emissions.FactorMissingError("ncv", fuel)
    return float(tonnes) * ncv


def fuel_to(fuel: str, tonnes: float, unit: str, factors: emissions.FactorTable | None = None) -> float:
    """Energy content of ``tonnes`` of fuel in ``unit`` (kWh, MJ, GJ, toe…)."""
    return convert(fuel_to_gj(fuel, tonnes, factors), "GJ", unit)
