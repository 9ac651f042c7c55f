"""Measurement and verification (IPMVP option C): baseline regression, validity, savings, CUSUM.

``fit_baseline(energy, drivers)`` fits energy (or any resource use) = intercept + Σ bᵢ·driverᵢ by
ordinary least squares (numpy) and reports t-test p-values per coefficient and the overall F-test
(scipy.stats). Validity follows the US DOE EnPI Lite rules:

* overall F-test p < 0.10;
* every driver p < 0.20 and at least one driver p < 0.10;
* R² ≥ 0.5;
* in the reporting period, the mean of each driver lies within the baseline range or within three
  standard deviations of the baseline mean (:meth:`BaselineModel.out_of_range`).

Savings = adjusted baseline (the model applied to reporting-period drivers) − actual use.
``fit_many`` fits thousands of facilities at once with batched linear algebra.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

F_TEST_P = 0.10
VARIABLE_P_MAX = 0.20
VARIABLE_P_ONE = 0.10
R2_MIN = 0.5
RANGE_SIGMAS = 3.0

#: Codes of the validity problems (the application turns them into sentences).
PROBLEM_F_TEST = "f_test"
PROBLEM_VARIABLE_P = "variable_p"
PROBLEM_NO_SIGNIFICANT = "no_significant_variable"
PROBLEM_R2 = "r2"
PROBLEM_NO_DRIVER = "no_driver"

Drivers = Mapping[str, Sequence[float]]
FloatArray = NDArray[np.float64]


class BaselineError(ValueError):
    """The data cannot give a baseline (too few points, mismatched lengths, missing values)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code  # "too_few_points", "length", "not_finite"


def _design(drivers: Drivers, names: Sequence[str], n: int) -> FloatArray:
    columns = [np.ones(n)]
    for name in names:
        column = np.asarray(drivers[name], dtype=float)
        if column.shape != (n,):
            raise BaselineError("length", f"driver {name!r} has {column.size} values, energy has {n}")
        columns.append(column)
    design = np.column_stack(columns)
    if not np.all(np.isfinite(design)):
        raise BaselineError("not_finite", "drivers contain missing or infinite values")
    return design


@dataclass(frozen=True)
class BaselineModel:
    driver_names: tuple[str, ...]
    coefficients: dict[str, float]
    std_errors: dict[str, float]
    p_values: dict[str, float]
    r2: float
    adjusted_r2: float
    f_statistic: float
    f_p_value: float
    n: int
    residual_std: float
    driver_min: dict[str, float] = field(default_factory=dict)
    driver_max: dict[str, float] = field(default_factory=dict)
    driver_mean: dict[str, float] = field(default_factory=dict)
    driver_std: dict[str, float] = field(default_factory=dict)

    @property
    def problems(self) -> list[str]:
        """Codes of the EnPI Lite rules the model breaks (empty when valid)."""
        found = []
        if not self.driver_names:
            return [PROBLEM_NO_DRIVER]
        if not self.f_p_value < F_TEST_P:
            found.append(PROBLEM_F_TEST)
        driver_p = [self.p_values[name] for name in self.driver_names]
        if not all(p < VARIABLE_P_MAX for p in driver_p):
            found.append(PROBLEM_VARIABLE_P)
        if not any(p < VARIABLE_P_ONE for p in driver_p):
            found.append(PROBLEM_NO_SIGNIFICANT)
        if not self.r2 >= R2_MIN:
            found.append(PROBLEM_R2)
        return found

    @property
    def is_valid(self) -> bool:
        """Whether the model passes the statistical EnPI Lite rules."""
        return not self.problems

    def out_of_range(self, drivers: Drivers) -> list[str]:
        """Drivers whose reporting-period mean is outside the baseline range and beyond 3σ of its mean."""
        outside = []
        for name in self.driver_names:
            values = np.asarray(drivers[name], dtype=float)
            if values.size == 0:
                continue
            mean = float(values.mean())
            in_range = self.driver_min[name] <= mean <= self.driver_max[name]
            near = abs(mean - self.driver_mean[name]) <= RANGE_SIGMAS * self.driver_std[name]
            if not (in_range or near):
                outside.append(name)
        return outside

    def is_valid_for(self, drivers: Drivers) -> bool:
        """Valid, and the reporting-period drivers are within the baseline conditions."""
        return self.is_valid and not self.out_of_range(drivers)

    def predict(self, drivers: Drivers) -> FloatArray:
        """Adjusted baseline: the model applied to ``drivers`` (one value per period)."""
        if not self.driver_names:
            n = len(next(iter(drivers.values()))) if drivers else 1
        else:
            n = len(drivers[self.driver_names[0]])
        design = _design(drivers, self.driver_names, n)
        beta = np.array([self.coefficients["intercept"], *(self.coefficients[k] for k in self.driver_names)])
        return design @ beta

    def as_dict(self) -> dict[str, Any]:
        return {
            "drivers": list(self.driver_names),
            "coefficients": dict(self.coefficients),
            "p_values": dict(self.p_values),
            "r2": self.r2,
            "adjusted_r2": self.adjusted_r2,
            "f_p_value": self.f_p_value,
            "n": self.n,
            "is_valid": self.is_valid,
            "problems": self.problems,
        }


def _p_values(beta: FloatArray, se: FloatArray, dof: int) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.abs(beta) / se
    p = 2 * stats.t.sf(t, dof)
    # A perfect fit has zero standard errors: t = ∞ (p = 0) for non-zero coefficients; 0/0 is unknown (p = 1).
    return np.where(np.isnan(p), 1.0, p)


def fit_baseline(energy: Sequence[float], drivers: Drivers) -> BaselineModel:
    """Ordinary least squares of ``energy`` on ``drivers`` (name → values of the same length)."""
    y = np.asarray(energy, dtype=float)
    n = y.size
    names = tuple(drivers)
    k = len(names)
    if n < k + 2:
        raise BaselineError("too_few_points", f"{n} points cannot fit {k + 1} coefficients with a test")
    if not np.all(np.isfinite(y)):
        raise BaselineError("not_finite", "energy contains missing or infinite values")
    x = _design(drivers, names, n)
    beta, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    residuals = y - x @ beta
    ssr = float(residuals @ residuals)
    sst = float(((y - y.mean()) ** 2).sum())
    dof = n - k - 1
    sigma2 = ssr / dof
    cov = sigma2 * np.linalg.pinv(x.T @ x)
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    p = _p_values(beta, se, dof)
    if rank < k + 1:
        p = np.ones_like(p)  # collinear drivers: no coefficient can be trusted
    r2 = 1 - ssr / sst if sst > 0 else (1.0 if ssr == 0 else 0.0)
    adjusted = 1 - (1 - r2) * (n - 1) / dof if dof > 0 else float("nan")
    if k > 0:
        with np.errstate(divide="ignore", invalid="ignore"):
            f_stat = ((sst - ssr) / k) / sigma2 if sigma2 > 0 else (float("inf") if sst > 0 else 0.0)
        f_p = float(stats.f.sf(f_stat, k, dof)) if np.isfinite(f_stat) else 0.0
    else:
        f_stat, f_p = 0.0, 1.0
    keys = ("intercept", *names)
    columns = {name: x[:, i + 1] for i, name in enumerate(names)}
    return BaselineModel(
        driver_names=names,
        coefficients={key: float(b) for key, b in zip(keys, beta, strict=True)},
        std_errors={key: float(s) for key, s in zip(keys, se, strict=True)},
        p_values={key: float(v) for key, v in zip(keys, p, strict=True)},
        r2=float(r2),
        adjusted_r2=float(adjusted),
        f_statistic=float(f_stat),
        f_p_value=f_p,
        n=n,
        residual_std=float(np.sqrt(sigma2)),
        driver_min={k_: float(c.min()) for k_, c in columns.items()},
        driver_max={k_: float(c.max()) for k_, c in columns.items()},
        driver_mean={k_: float(c.mean()) for k_, c in columns.items()},
        driver_std={k_: float(c.std(ddof=1)) if c.size > 1 else 0.0 for k_, c in columns.items()},
    )


def savings(model: BaselineModel, energy: Sequence[float], drivers: Drivers) -> float:
    """Σ adjusted baseline − Σ actual over the reporting period (positive = saved)."""
    actual = np.asarray(energy, dtype=float)
    return float(model.predict(drivers).sum() - actual.sum())


def cusum(model: BaselineModel, energy: Sequence[float], drivers: Drivers) -> FloatArray:
    """Cumulative sum of (actual − predicted): falling when savings persist."""
    actual = np.asarray(energy, dtype=float)
    return np.cumsum(actual - model.predict(drivers))


@dataclass(frozen=True)
class BatchFit:
    """Baselines of many facilities fitted at once; arrays have one row per facility."""

    coefficients: FloatArray  # (F, K + 1), intercept first
    p_values: FloatArray  # (F, K + 1)
    r2: FloatArray  # (F,)
    f_p_value: FloatArray  # (F,)

    @property
    def is_valid(self) -> NDArray[np.bool_]:
        driver_p = self.p_values[:, 1:]
        if driver_p.shape[1] == 0:
            return np.zeros(self.r2.shape, dtype=bool)
        return (
            (self.f_p_value < F_TEST_P)
            & np.all(driver_p < VARIABLE_P_MAX, axis=1)
            & np.any(driver_p < VARIABLE_P_ONE, axis=1)
            & (self.r2 >= R2_MIN)
        )

    def predict(self, drivers: NDArray[np.float64]) -> FloatArray:
        """``drivers`` of shape (F, T, K) -> predictions (F, T)."""
        design = _batch_design(drivers)
        return np.einsum("ftp,fp->ft", design, self.coefficients)


def _batch_design(drivers: NDArray[np.float64]) -> FloatArray:
    x = np.asarray(drivers, dtype=float)
    if x.ndim == 2:
        x = x[:, :, None]
    ones = np.ones((*x.shape[:2], 1))
    return np.concatenate([ones, x], axis=2)


def fit_many(energy: NDArray[np.float64], drivers: NDArray[np.float64]) -> BatchFit:
    """Fit one baseline per facility: ``energy`` (F, T), ``drivers`` (F, T, K) or (F, T) for one driver.

    Same statistics as :func:`fit_baseline`, computed with batched normal equations.
    """
    y = np.asarray(energy, dtype=float)
    x = _batch_design(drivers)
    f, n, p = x.shape
    if n < p + 1:
        raise BaselineError("too_few_points", f"{n} points cannot fit {p} coefficients with a test")
    xtx = np.einsum("ftp,ftq->fpq", x, x)
    xty = np.einsum("ftp,ft->fp", x, y)
    xtx_inv = np.linalg.pinv(xtx)
    beta = np.einsum("fpq,fq->fp", xtx_inv, xty)
    residuals = y - np.einsum("ftp,fp->ft", x, beta)
    ssr = np.einsum("ft,ft->f", residuals, residuals)
    sst = ((y - y.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    dof = n - p
    sigma2 = ssr / dof
    se = np.sqrt(np.clip(np.einsum("fpp->fp", xtx_inv) * sigma2[:, None], 0, None))
    pv = _p_values(beta, se, dof)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = np.where(sst > 0, 1 - ssr / sst, np.where(ssr == 0, 1.0, 0.0))
        k = p - 1
        f_stat = ((sst - ssr) / max(k, 1)) / sigma2
    f_p = stats.f.sf(f_stat, max(k, 1), dof) if k > 0 else np.ones(f)
    f_p = np.where(np.isnan(f_p), np.where(sst > 0, 0.0, 1.0), f_p)
    return BatchFit(coefficients=beta, p_values=pv, r2=r2, f_p_value=f_p)


def savings_many(fit: BatchFit, energy: NDArray[np.float64], drivers: NDArray[np.float64]) -> FloatArray:
    """Σ adjusted baseline − Σ actual per facility, shape (F,)."""
    return np.asarray(fit.predict(drivers).sum(axis=1) - np.asarray(energy, dtype=float).sum(axis=1))
