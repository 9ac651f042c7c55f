"""Investment appraisal of CP options: NPV, IRR, simple and discounted payback.

Conventions: ``cashflows[0]`` is at t = 0 and not discounted; later flows are at the end of years
1, 2, …; rates are fractions (0.1 = 10 %).
"""

from collections.abc import Callable, Sequence

import numpy as np
import numpy_financial as npf
from numpy.typing import NDArray
from scipy import optimize


def npv(rate: float, cashflows: Sequence[float]) -> float:
    """Net present value: Σ cashflows[t] / (1 + rate)^t."""
    if rate <= -1:
        raise ValueError("rate must be greater than -1")
    return float(npf.npv(rate, np.asarray(cashflows, dtype=float)))


#: Grid step of the root search in ln(1 + rate): neighbouring rates differ by 0.5 % of (1 + rate).
GRID_STEP = 0.005


def _horner(coefficients: NDArray[np.float64], x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Σ coefficients[t]·x^t for every x (Horner's scheme)."""
    total = np.zeros_like(x)
    for c in coefficients[::-1]:
        total = total * x + c
    return total


def _npv_sign_function(flows: NDArray[np.float64]) -> Callable[[float], float]:
    """g(x) with the sign and the roots of NPV at rate 1/x − 1 (x = discount factor), never overflowing.

    NPV(r) = P(x) = Σ flows[t]·xᵗ; for x ≤ 1 g is P(x), for x > 1 it is P(x)/xᵀ = Σ flows[t]·(1/x)^(T−t).
    """
    reverse = flows[::-1].copy()

    def g(x: float) -> float:
        if x <= 1:
            return float(_horner(flows, np.array([x]))[0])
        return float(_horner(reverse, np.array([1 / x]))[0])

    return g


def irrs(cashflows: Sequence[float]) -> list[float]:
    """Every internal rate of return found on the NPV curve, ascending (empty where there is none).

    With x = 1/(1 + r), NPV(r) is the polynomial P(x) = Σ cashflows[t]·xᵗ, and every positive root of P
    lies within Cauchy's bounds [lo, hi] (after leading and trailing zero flows are dropped). That
    interval is scanned on a grid, evenly spaced in ln x (0.5 % apart, plus x = 1, a rate of 0), for
    sign changes of the NPV; each bracket is narrowed by Brent's method to machine precision. A grid
    point where the NPV is exactly zero is a root too. Two roots within one grid step of each other
    (or a root where the NPV touches zero without crossing it, away from a grid point) are not seen.
    """
    flows = np.asarray(cashflows, dtype=float)
    if flows.size < 2 or not np.all(np.isfinite(flows)):
        return []
    nonzero = np.flatnonzero(flows)
    if nonzero.size < 2:
        return []
    flows = flows[nonzero[0]:nonzero[-1] + 1]  # a factor xᵐ changes no positive root
    magnitude = np.abs(flows)
    # Cauchy's bounds, widened by a grid step: a root can lie on a bound (up to rounding)
    lo = np.log(magnitude[0] / (magnitude[0] + magnitude[1:].max())) - GRID_STEP
    hi = np.log(1 + magnitude[:-1].max() / magnitude[-1]) + GRID_STEP
    steps = int(np.ceil((hi - lo) / GRID_STEP))
    grid = np.unique(np.concatenate([np.exp(np.linspace(lo, hi, steps + 1)), [1.0]]))
    values = np.where(grid <= 1, _horner(flows, np.minimum(grid, 1.0)),
                      _horner(flows[::-1].copy(), 1 / np.maximum(grid, 1.0)))
    g = _npv_sign_function(flows)
    roots = [float(x) for x in grid[values == 0]]
    for i in np.flatnonzero(values[:-1] * values[1:] < 0):
        roots.append(float(optimize.brentq(g, grid[i], grid[i + 1], xtol=1e-300, rtol=4 * np.finfo(float).eps)))
    return sorted(1 / x - 1 for x in roots)


def irr(cashflows: Sequence[float]) -> float | None:
    """Internal rate of return, or None where there is no real IRR (see :func:`irrs` for the search).

    Where several rates zero the NPV (flows changing sign more than once), the one closest to 0 is
    returned, the positive one on a tie: the rate a conventional project's IRR would be.
    """
    found = irrs(cashflows)
    if not found:
        return None
    return min(found, key=lambda r: (abs(r), r < 0))


def simple_payback(investment: float, annual_net_saving: float) -> float | None:
    """Years to recover ``investment`` from a constant net annual saving (None if never)."""
    if investment < 0:
        raise ValueError("investment must not be negative")
    if investment == 0:
        return 0.0
    if annual_net_saving <= 0:
        return None
    return float(investment) / float(annual_net_saving)


def discounted_payback(rate: float, investment: float, annual_net_saving: float, years: int) -> float | None:
    """Years until the discounted savings repay ``investment``, within ``years`` (None if never).

    The year in which the investment is repaid is interpolated linearly.
    """
    if rate <= -1:
        raise ValueError("rate must be greater than -1")
    if investment < 0:
        raise ValueError("investment must not be negative")
    if investment == 0:
        return 0.0
    if annual_net_saving <= 0:
        return None
    cumulative = 0.0
    for year in range(1, int(years) + 1):
        discounted = annual_net_saving / (1 + rate) ** year
        if cumulative + discounted >= investment:
            return year - 1 + (investment - cumulative) / discounted
        cumulative += discounted
    return None


def option_cashflows(investment: float, annual_net_saving: float, lifetime: int) -> list[float]:
    """[-investment, saving, saving, …] over ``lifetime`` years."""
    return [-float(investment)] + [float(annual_net_saving)] * int(lifetime)
