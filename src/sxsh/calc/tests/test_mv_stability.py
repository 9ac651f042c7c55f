"""Least squares on ill-conditioned drivers (large values that vary little) against independent references:
statsmodels OLS and an exact computation in rational arithmetic."""

from fractions import Fraction

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sxsh.calc import mv

RTOL = 1e-6


def _assert_matches_statsmodels(energy: np.ndarray, drivers: np.ndarray) -> None:
    """fit_baseline and fit_many (one facility) give statsmodels' coefficients, standard errors and p-values."""
    names = [f"x{i}" for i in range(drivers.shape[1])]
    ref = sm.OLS(energy, sm.add_constant(drivers, has_constant="add")).fit()
    model = mv.fit_baseline(energy, {name: drivers[:, i] for i, name in enumerate(names)})
    keys = ["intercept", *names]
    assert [model.coefficients[k] for k in keys] == pytest.approx(list(ref.params), rel=RTOL)
    assert [model.std_errors[k] for k in keys] == pytest.approx(list(ref.bse), rel=RTOL)
    assert [model.p_values[k] for k in keys] == pytest.approx(list(ref.pvalues), rel=RTOL)
    assert model.r2 == pytest.approx(ref.rsquared, rel=RTOL, abs=1e-9)
    assert model.f_p_value == pytest.approx(ref.f_pvalue, rel=RTOL)
    batch = mv.fit_many(energy[None, :], drivers[None, :, :])
    assert list(batch.coefficients[0]) == pytest.approx(list(ref.params), rel=RTOL)
    assert list(batch.p_values[0]) == pytest.approx(list(ref.pvalues), rel=RTOL)
    assert batch.f_p_value[0] == pytest.approx(ref.f_pvalue, rel=RTOL)
    assert bool(batch.is_valid[0]) == model.is_valid


def _pieces_case(seed: int, months: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Production counted in pieces (1,000,000 ± 50 a month) that hardly explains the energy use."""
    rng = np.random.default_rng(seed)
    production = 1_000_000 + rng.uniform(-50, 50, months)
    energy = 20_000 + 2.0 * (production - 1_000_000) + rng.normal(0, 500, months)
    return energy, production


def test_realistic_twelve_months_in_pieces_is_invalid_like_exact_ols() -> None:
    energy = np.array([20_310.0, 19_480.0, 20_950.0, 19_870.0, 20_120.0, 20_640.0,
                       19_360.0, 20_480.0, 19_990.0, 20_770.0, 19_650.0, 20_230.0])
    production = np.array([1_000_012.0, 999_961.0, 1_000_044.0, 999_987.0, 1_000_031.0, 999_953.0,
                           1_000_008.0, 999_972.0, 1_000_049.0, 999_995.0, 1_000_020.0, 999_966.0])
    _assert_matches_statsmodels(energy, production[:, None])
    model = mv.fit_baseline(energy, {"production": production})
    ref = sm.OLS(energy, sm.add_constant(production)).fit()
    assert ref.pvalues[1] > 0.2  # production does not explain this energy use …
    assert not model.is_valid  # … so the model is not valid
    assert mv.PROBLEM_VARIABLE_P in model.problems


def test_two_hundred_facilities_in_pieces_validity_as_statsmodels() -> None:
    cases = [_pieces_case(seed) for seed in range(200)]
    energy = np.array([e for e, _p in cases])
    production = np.array([p for _e, p in cases])
    batch = mv.fit_many(energy, production)
    expected = []
    for i, (e, p) in enumerate(cases):
        ref = sm.OLS(e, sm.add_constant(p)).fit()
        valid = ref.f_pvalue < mv.F_TEST_P and ref.pvalues[1] < mv.VARIABLE_P_ONE and ref.rsquared >= mv.R2_MIN
        expected.append(valid)
        model = mv.fit_baseline(e, {"production": p})
        assert model.p_values["production"] == pytest.approx(ref.pvalues[1], rel=RTOL)
        assert batch.p_values[i, 1] == pytest.approx(ref.pvalues[1], rel=RTOL)
        assert model.is_valid == valid
    assert list(batch.is_valid) == expected
    assert sum(expected) < 100  # most of them are not valid baselines (as exact OLS says)


def _exact_ols(y: list[float], x: list[list[float]]) -> tuple[list[float], list[float], list[float]]:
    """Coefficients, standard errors and p-values of OLS computed in rational arithmetic (floats are exact
    fractions): the normal equations solved by Gauss–Jordan elimination without rounding."""
    n, p = len(y), len(x[0]) + 1
    design = [[Fraction(1), *map(Fraction, row)] for row in x]
    fy = list(map(Fraction, y))
    augmented = [[sum((design[t][i] * design[t][j] for t in range(n)), Fraction(0)) for j in range(p)]
                 + [Fraction(int(i == j)) for j in range(p)] for i in range(p)]
    for c in range(p):
        pivot = next(r for r in range(c, p) if augmented[r][c] != 0)
        augmented[c], augmented[pivot] = augmented[pivot], augmented[c]
        augmented[c] = [v / augmented[c][c] for v in augmented[c]]
        for r in range(p):
            if r != c and augmented[r][c] != 0:
                factor = augmented[r][c]
                augmented[r] = [a - factor * b for a, b in zip(augmented[r], augmented[c], strict=True)]
    inverse = [row[p:] for row in augmented]
    xty = [sum((design[t][i] * fy[t] for t in range(n)), Fraction(0)) for i in range(p)]
    beta = [sum((inverse[i][j] * xty[j] for j in range(p)), Fraction(0)) for i in range(p)]
    residuals = [fy[t] - sum((design[t][i] * beta[i] for i in range(p)), Fraction(0)) for t in range(n)]
    sigma2 = sum((r * r for r in residuals), Fraction(0)) / (n - p)
    variance = [sigma2 * inverse[i][i] for i in range(p)]
    t = [float(b * b / v) ** 0.5 for b, v in zip(beta, variance, strict=True)]  # t² is exact
    return [float(b) for b in beta], [float(v) ** 0.5 for v in variance], [2 * stats.t.sf(v, n - p) for v in t]


def _assert_matches_exact(energy: np.ndarray, drivers: np.ndarray, rel: float = RTOL) -> None:
    beta, se, p = _exact_ols(energy.tolist(), drivers.tolist())
    model = mv.fit_baseline(energy, {f"x{i}": drivers[:, i] for i in range(drivers.shape[1])})
    keys = ["intercept", *(f"x{i}" for i in range(drivers.shape[1]))]
    assert [model.coefficients[k] for k in keys] == pytest.approx(beta, rel=rel)
    assert [model.std_errors[k] for k in keys] == pytest.approx(se, rel=rel)
    assert [model.p_values[k] for k in keys] == pytest.approx(p, rel=rel)
    batch = mv.fit_many(energy[None, :], drivers[None, :, :])
    assert list(batch.coefficients[0]) == pytest.approx(beta, rel=rel)
    assert list(batch.p_values[0]) == pytest.approx(p, rel=rel)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=100_000),
    months=st.integers(min_value=12, max_value=36),
    drivers=st.integers(min_value=1, max_value=3),
    offset=st.floats(min_value=0, max_value=1e7),
    spread=st.floats(min_value=1.0, max_value=1e3),
    slope=st.floats(min_value=-50, max_value=50),
    noise=st.floats(min_value=1.0, max_value=5e3),
)
def test_matches_exact_arithmetic_and_statsmodels_on_offset_drivers(
    seed: int, months: int, drivers: int, offset: float, spread: float, slope: float, noise: float
) -> None:
    rng = np.random.default_rng(seed)
    x = offset + rng.uniform(-spread, spread, (months, drivers))
    energy = 30_000 + slope * (x - offset).sum(axis=1) + rng.normal(0, noise, months)
    _assert_matches_exact(energy, x)
    if offset <= 1e5 * spread:  # beyond that statsmodels itself (pinv of the raw design) drifts past 1e-6
        _assert_matches_statsmodels(energy, x)


def test_tiny_case_equals_exact_arithmetic() -> None:
    x = [1_000_003, 999_998, 1_000_001, 1_000_004, 999_997, 1_000_000]
    y = [5_012, 4_987, 5_020, 5_001, 4_990, 5_006]
    _assert_matches_exact(np.array(y, dtype=float), np.array(x, dtype=float)[:, None], rel=1e-9)


def test_harder_than_statsmodels_still_exact() -> None:
    """2.8 million ± 1 on three drivers: statsmodels drifts by 1e-6 here, the QR fit does not."""
    rng = np.random.default_rng(3)
    x = 2_777_007 + rng.uniform(-1, 1, (12, 3))
    energy = 30_000 + (x - 2_777_007).sum(axis=1) + rng.normal(0, 15, 12)
    _assert_matches_exact(energy, x, rel=1e-8)


def test_constant_or_collinear_driver_has_no_trusted_coefficient() -> None:
    energy = np.array([10.0, 12.0, 11.0, 13.0, 12.5, 11.5])
    production = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    model = mv.fit_baseline(energy, {"a": production, "b": 2 * production})
    assert all(p == 1.0 for p in model.p_values.values())
    assert not model.is_valid
    batch = mv.fit_many(energy[None, :], np.full((1, 6), 1_000_000.0))
    assert np.all(batch.p_values == 1.0)
    assert not batch.is_valid[0]
