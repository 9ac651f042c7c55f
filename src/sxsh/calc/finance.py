"""Investment appraisal of CP options: NPV, IRR, simple and discounted payback.

Conventions: ``cashflows[0]`` is at t = 0 and not discounted; later flows are at the end of years
1, 2, …; rates are fractions (0.1 = 10 %).
"""

import math
from collections.abc import Sequence

import numpy as np
import numpy_financial as npf


def npv(rate: float, cashflows: Sequence[float]) -> float:
    """Net present value: Σ cashflows[t] / (1 + rate)^t."""
    if rate <= -1:
        raise ValueError("rate must be greater than -1")
    return float(npf.npv(rate, np.asarray(cashflows, dtype=float)))


def irr(cashflows: Sequence[float]) -> float | None:
    """Internal rate of return, or None where there is no real IRR (e.g. no sign change)."""
    flows = np.asarray(cashflows, dtype=float)
    if flows.size < 2 or not np.all(np.isfinite(flows)):
        return None
    signs = np.sign(flows[flows != 0])
    if signs.size == 0 or np.all(signs > 0) or np.all(signs < 0):
        return None
    value = float(npf.irr(flows))
    if not math.isfinite(value) or value <= -1:
        return None
    # numpy-financial picks a root of the polynomial; accept it only if it really zeroes the NPV.
    scale = float(np.abs(flows).sum())
    if abs(npv(value, flows.tolist())) > 1e-6 * scale:
        return None
    return value


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
