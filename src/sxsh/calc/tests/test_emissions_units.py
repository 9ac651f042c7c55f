import pytest

from sxsh.calc import emissions, units


def test_grid_factor_from_shipped_table() -> None:
    assert emissions.grid_factor(2019) == 0.8458
    assert emissions.grid_factor(2023) == 0.6592
    assert emissions.electricity_tco2(40_000, 2019) == pytest.approx(33.832)


def test_year_without_factor_is_an_error_not_a_guess() -> None:
    with pytest.raises(emissions.FactorMissingError) as info:
        emissions.grid_factor(2025)
    assert info.value.kind == "grid"
    with pytest.raises(emissions.FactorMissingError):
        emissions.electricity_tco2(1000, 2013)


def test_estimated_factor_is_marked_as_such() -> None:
    table = emissions.default_table()
    assert emissions.grid_factor(2024) == 0.6811
    assert table.grid_entry_status(2024) == emissions.ESTIMATE
    assert "research group" in table.grid_entry_source(2024)
    assert table.grid_entry_status(2023) == emissions.OFFICIAL
    assert table.estimates(years=[2023, 2024, 2024], fuels=["diesel"]) == ["grid:2024"]
    assert table.estimates(years=[2019]) == []
    with pytest.raises(ValueError):
        emissions.grid_entry({"value": 1.0, "status": "guess"})


def test_fuel_factors_from_ipcc_defaults() -> None:
    assert emissions.fuel_tco2("diesel", 1) == pytest.approx(3.1863, abs=1e-4)
    assert emissions.fuel_tco2("lpg", 1) == pytest.approx(2.98463, abs=1e-4)
    assert emissions.fuel_tco2("anthracite", 2) == pytest.approx(2 * 2.62461, abs=1e-4)
    with pytest.raises(emissions.FactorMissingError) as info:
        emissions.fuel_tco2("bituminous_coal", 1)  # NCV to be confirmed: no guess
    assert info.value.kind == "ncv"
    with pytest.raises(emissions.FactorMissingError):
        emissions.fuel_tco2("wood", 1)


def test_installed_table_overrides_default() -> None:
    table = emissions.FactorTable.from_dict({
        "grid": {"values": {"2024": 0.7}},
        "fuels": {"diesel": {"co2_kg_per_tj": 74100, "ncv_tj_per_gg": 43.0}},
    })
    with emissions.use_factors(table):
        assert emissions.grid_factor(2024) == 0.7
        with pytest.raises(emissions.FactorMissingError):
            emissions.grid_factor(2019)
    assert emissions.grid_factor(2019) == 0.8458
    assert emissions.electricity_tco2(1000, 2024, factors=table) == pytest.approx(0.7)


def test_unit_conversions() -> None:
    assert units.convert(1, "toe", "kWh") == pytest.approx(11630.0)
    assert units.convert(1, "kWh", "MJ") == pytest.approx(3.6)
    assert units.convert(1000, "MJ", "GJ") == pytest.approx(1.0)
    assert units.kwh_to_toe(11630) == pytest.approx(1.0)
    assert units.fuel_to_gj("diesel", 1) == pytest.approx(43.0)
    assert units.fuel_to("lpg", 1, "kWh") == pytest.approx(47.3 / 0.0036)
    with pytest.raises(units.UnitError):
        units.convert(1, "kWh", "litre")
