import math

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


@settings(max_examples=150, deadline=None)
@given(
    investment=st.floats(min_value=1e3, max_value=1e10),
    ratio=st.floats(min_value=0.05, max_value=3.0),
    years=st.integers(min_value=1, max_value=30),
)
def test_npv_at_irr_is_zero(investment: float, ratio: float, years: int) -> None:
    flows = finance.option_cashflows(investment, investment * ratio, years)
    rate = finance.irr(flows)
    assume(rate is not None)
    assert rate is not None
    assert abs(finance.npv(rate, flows)) <= 1e-6 * investment * (1 + ratio * years)


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
