import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sxsh.calc import mv


def _data(seed: int = 1, n: int = 24, noise: float = 500.0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    production = rng.uniform(800, 1200, n)
    energy = 20_000 + 55.0 * production + rng.normal(0, noise, n)
    return energy, production


def test_matches_reference_ordinary_least_squares() -> None:
    energy, production = _data()
    model = mv.fit_baseline(energy, {"production": production})
    x = np.column_stack([np.ones_like(production), production])
    beta = np.linalg.solve(x.T @ x, x.T @ energy)
    assert model.coefficients["intercept"] == pytest.approx(beta[0])
    assert model.coefficients["production"] == pytest.approx(beta[1])
    assert set(model.p_values) == {"intercept", "production"}
    # R² equals the squared correlation for one driver
    assert model.r2 == pytest.approx(np.corrcoef(production, energy)[0, 1] ** 2)
    assert model.is_valid
    assert model.problems == []


def test_p_value_matches_scipy_linregress() -> None:
    from scipy import stats

    energy, production = _data(seed=7, noise=4000)
    model = mv.fit_baseline(energy, {"production": production})
    ref = stats.linregress(production, energy)
    assert model.p_values["production"] == pytest.approx(ref.pvalue)
    assert model.f_p_value == pytest.approx(ref.pvalue)  # one driver: F-test = t-test


def test_unrelated_driver_is_invalid() -> None:
    rng = np.random.default_rng(3)
    energy = rng.normal(50_000, 2000, 24)
    model = mv.fit_baseline(energy, {"production": rng.uniform(0, 1, 24)})
    assert not model.is_valid
    assert mv.PROBLEM_R2 in model.problems


def test_too_few_points() -> None:
    with pytest.raises(mv.BaselineError) as info:
        mv.fit_baseline([1.0, 2.0], {"production": [1.0, 2.0]})
    assert info.value.code == "too_few_points"


def test_reporting_range_check() -> None:
    energy, production = _data()
    model = mv.fit_baseline(energy, {"production": production})
    assert model.out_of_range({"production": production * 1.05}) == []
    assert model.out_of_range({"production": production * 10}) == ["production"]
    assert not model.is_valid_for({"production": production * 10})


def test_savings_and_cusum() -> None:
    energy, production = _data()
    model = mv.fit_baseline(energy, {"production": production})
    _, reporting_production = _data(seed=2)
    predicted = model.predict({"production": reporting_production})
    actual = predicted * 0.9
    assert mv.savings(model, actual, {"production": reporting_production}) == pytest.approx(0.1 * predicted.sum())
    cus = mv.cusum(model, actual, {"production": reporting_production})
    assert cus[-1] == pytest.approx(-0.1 * predicted.sum())
    assert np.all(np.diff(cus) < 0)


@settings(max_examples=60, deadline=None)
@given(
    intercept=st.floats(min_value=-1e4, max_value=1e4),
    slope1=st.floats(min_value=0.5, max_value=100),
    slope2=st.floats(min_value=-50, max_value=-0.5),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_perfect_linear_data_gives_its_coefficients(intercept: float, slope1: float, slope2: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.uniform(100, 1000, 15)
    b = rng.uniform(10, 30, 15)
    energy = intercept + slope1 * a + slope2 * b
    model = mv.fit_baseline(energy, {"a": a, "b": b})
    assert model.coefficients["intercept"] == pytest.approx(intercept, abs=1e-6 * (1 + abs(energy).max()))
    assert model.coefficients["a"] == pytest.approx(slope1, rel=1e-6)
    assert model.coefficients["b"] == pytest.approx(slope2, rel=1e-6, abs=1e-6)
    assert model.r2 == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000), scale=st.floats(min_value=0.5, max_value=2))
def test_savings_zero_when_actual_equals_prediction(seed: int, scale: float) -> None:
    energy, production = _data(seed=seed)
    model = mv.fit_baseline(energy, {"production": production})
    reporting = {"production": production * scale}
    predicted = model.predict(reporting)
    assert mv.savings(model, predicted, reporting) == pytest.approx(0.0, abs=1e-6 * predicted.sum())
    assert np.allclose(mv.cusum(model, predicted, reporting), 0.0, atol=1e-6 * predicted.sum())


def test_batch_fit_equals_per_facility_fit() -> None:
    rng = np.random.default_rng(11)
    facilities, months = 50, 36
    production = rng.uniform(500, 1500, (facilities, months))
    energy = rng.uniform(1e4, 3e4, (facilities, 1)) + rng.uniform(10, 80, (facilities, 1)) * production
    energy += rng.normal(0, 2000, energy.shape)
    batch = mv.fit_many(energy[:, :24], production[:, :24])
    saved = mv.savings_many(batch, energy[:, 24:], production[:, 24:])
    for i in range(facilities):
        model = mv.fit_baseline(energy[i, :24], {"p": production[i, :24]})
        assert batch.coefficients[i, 0] == pytest.approx(model.coefficients["intercept"], rel=1e-6)
        assert batch.coefficients[i, 1] == pytest.approx(model.coefficients["p"], rel=1e-6)
        assert batch.p_values[i, 1] == pytest.approx(model.p_values["p"], rel=1e-5, abs=1e-12)
        assert batch.r2[i] == pytest.approx(model.r2)
        assert batch.f_p_value[i] == pytest.approx(model.f_p_value, rel=1e-5, abs=1e-12)
        assert bool(batch.is_valid[i]) == model.is_valid
        expected = mv.savings(model, energy[i, 24:], {"p": production[i, 24:]})
        assert saved[i] == pytest.approx(expected, rel=1e-6, abs=1e-3)
