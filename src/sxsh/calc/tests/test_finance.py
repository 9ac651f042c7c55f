import itertools
import math
from fractions import Fraction

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sxsh.calc import finance


def test_npv_matches_numpy_financial_and_hand_computation() -> None:
    flows = [-1000.0, 300.0, 400.0, 500.0]
    expected = -1000 + 300 / 1.1 + 400 / 1.1**2 + 500 / 1.1**3
    assert finance.npv(0.1, flows) == pytest.approx(expected)
    assert finance.npv(0.1, flows) == pytest.approx(npf.npv(0.1, flows))
    assert finance.npv(0.0, flows) == pytest.approx(200.0)


def test_npv_first_flow_is_not_discounted() -> None:
    assert finance.npv(0.5, [-100.0]) == -100.0


def test_irr_known_value() -> None:
    # numpy-financial documentation example
    assert finance.irr([-100, 39, 59, 55, 20]) == pytest.approx(0.28095, abs=1e-5)
    assert finance.irr([-100, 39, 59, 55, 20]) == pytest.approx(npf.irr([-100, 39, 59, 55, 20]))
    # -100 + 110 / (1 + r) = 0  ->  r = 10 %
    assert finance.irr([-100, 110]) == pytest.approx(0.10)


@pytest.mark.parametrize("flows", [[100, 50, 20], [-100, -5, -3], [0, 0, 0], [-100], []])
def test_irr_none_without_real_solution(flows: list[float]) -> None:
    assert finance.irr(flows) is None


def test_brewery_case_payback() -> None:
    # Good housekeeping: 78.5 M VND invested, 533 M VND of benefits (one year).
    assert finance.simple_payback(78_500_000, 533_000_000) == pytest.approx(0.1473, abs=1e-4)


def test_simple_payback_edges() -> None:
    assert finance.simple_payback(100, 25) == 4
    assert finance.simple_payback(0, 0) == 0
    assert finance.simple_payback(100, 0) is None
    assert finance.simple_payback(100, -5) is None
    with pytest.raises(ValueError):
        finance.simple_payback(-1, 10)


def test_discounted_payback_hand_computed() -> None:
    # 10 %: 100/1.1 = 90.909, 100/1.21 = 82.645 -> cumulative 173.55; 200 - 173.55 = 26.45;
    # year 3: 75.131 -> 2 + 26.45/75.131 = 2.352
    assert finance.discounted_payback(0.10, 200, 100, 10) == pytest.approx(2.352, abs=1e-3)
    assert finance.discounted_payback(0.0, 200, 100, 10) == pytest.approx(2.0)
    assert finance.discounted_payback(0.10, 1000, 100, 10) is None  # annuity of 10 years is only 614
    assert finance.discounted_payback(0.10, 100, 0, 10) is None


def _discounted_scale(rate: float, flows: list[float]) -> float:
    """The size of the NPV's terms at ``rate``: Σ |flows[t]| / (1 + rate)^t."""
    return sum(abs(c) / (1 + rate) ** t for t, c in enumerate(flows))


@settings(max_examples=150, deadline=None)
@given(
    investment=st.floats(min_value=1e3, max_value=1e10),
    ratio=st.floats(min_value=0.05, max_value=3.0),
    years=st.integers(min_value=1, max_value=30),
)
def test_npv_at_irr_is_zero(investment: float, ratio: float, years: int) -> None:
    flows = finance.option_cashflows(investment, investment * ratio, years)
    rate = finance.irr(flows)  # an investment repaid by positive savings always has one
    assert rate is not None
    assert abs(finance.npv(rate, flows)) <= 1e-9 * _discounted_scale(rate, flows)


def _flows_with_rates(rates: list[Fraction]) -> list[int]:
    """Integer flows whose NPV is zero exactly at ``rates``: P(x) = Π ((1 + r)·x − 1), x = 1/(1 + r)."""
    poly = [Fraction(1)]  # coefficients of x^0, x^1, …
    for r in rates:
        a = 1 + r
        poly = [(poly[i - 1] * a if i > 0 else 0) - (poly[i] if i < len(poly) else 0) for i in range(len(poly) + 1)]
    scale = math.lcm(*(c.denominator for c in poly))
    return [int(c * scale) for c in poly]


def test_several_sign_changes_give_every_rate_exactly() -> None:
    rates = [Fraction(-1, 2), Fraction(1, 10), Fraction(1, 4), Fraction(3)]
    flows = _flows_with_rates(rates)
    for r in rates:  # the construction is right: NPV is exactly zero at each rate
        assert sum(Fraction(c) / (1 + r) ** t for t, c in enumerate(flows)) == 0
    found = finance.irrs(flows)
    assert found == pytest.approx([float(r) for r in rates], rel=1e-10)
    assert finance.irr(flows) == pytest.approx(0.1, rel=1e-10)  # the one closest to 0


def test_rate_near_minus_one_is_found() -> None:
    flows = [-375.0, -65.0, -137.0, 277.0, -535.0, -764.0, 7.0]  # numpy-financial found none here
    reference = [1 / x.real - 1 for x in np.roots(flows[::-1]) if abs(x.imag) < 1e-12 and x.real > 0]
    rate = finance.irr(flows)
    assert rate is not None
    assert [rate] == pytest.approx(reference, rel=1e-9)
    assert abs(finance.npv(rate, flows)) <= 1e-9 * _discounted_scale(rate, flows)


def test_sign_changes_without_a_real_root_and_a_double_root() -> None:
    assert finance.irr([1.0, -1.0, 1.0]) is None  # 1 − x + x² has no real root
    assert finance.irr([1.0, -2.0, 1.0]) == 0.0  # (1 − x)²: NPV touches zero at 0 %


def _reference_rates(flows: list[int]) -> list[float] | None:
    """Rates where NPV changes sign, from numpy.roots; None when roots are too close to tell apart."""
    roots = np.roots(flows[::-1])
    real = sorted(x.real for x in roots if abs(x.imag) <= 1e-9 * abs(x))
    if any(abs(x.imag) <= 1e-3 * abs(x) and abs(x.imag) > 1e-9 * abs(x) for x in roots):
        return None  # a nearly real pair: the sign of the NPV is hard to tell
    if any(b - a <= 0.02 * abs(b) for a, b in itertools.pairwise(real)):
        return None  # roots closer than the search grid
    return sorted(1 / x - 1 for x in real if x > 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=-1000, max_value=1000), min_size=2, max_size=10))
def test_irr_matches_polynomial_roots(flows: list[int]) -> None:
    assume(flows[0] != 0 and flows[-1] != 0)
    reference = _reference_rates(flows)
    assume(reference is not None)
    assert reference is not None
    found = finance.irrs(flows)
    assert [1 + r for r in found] == pytest.approx([1 + r for r in reference], rel=1e-7)
    assert (finance.irr(flows) is None) == (not reference)
    for rate in found:
        assert abs(finance.npv(rate, [float(c) for c in flows])) <= 1e-8 * _discounted_scale(rate, flows)


@settings(max_examples=100, deadline=None)
@given(
    investment=st.floats(min_value=1, max_value=1e9),
    saving=st.floats(min_value=1, max_value=1e9),
    rate=st.floats(min_value=0, max_value=0.5),
)
def test_discounted_payback_not_shorter_than_simple(investment: float, saving: float, rate: float) -> None:
    simple = finance.simple_payback(investment, saving)
    discounted = finance.discounted_payback(rate, investment, saving, 100)
    assert simple is not None
    if discounted is not None:
        assert discounted >= simple - 1e-9
        assert math.isfinite(discounted)
