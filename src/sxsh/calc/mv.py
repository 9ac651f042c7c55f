"""Measurement and verification (IPMVP option C): baseline regression, validity, savings, CUSUM.

``fit_baseline(energy, drivers)`` fits energy (or any resource use) = intercept + Σ bᵢ·driverᵢ by
ordinary least squares and reports t-test p-values per coefficient and the overall F-test
(scipy.stats). The fit is numerically stable (:func:`_least_squares`): each driver is centred on its
mean and scaled by its spread, and the scaled design is solved by a QR decomposition; coefficients
and their covariance are then mapped back to the drivers' own units. A driver that is large and varies
little (production counted in pieces, 1,000,000 ± 50) therefore gives the same coefficients, standard
errors and p-values as an exact computation; the normal equations (XᵀX) would square the conditioning
and report such a model as highly significant. Validity follows the US DOE EnPI Lite rules:

* overall F-test p < 0.10;
* every driver p < 0.20 and at least one driver p < 0.10;
* R² ≥ 0.5;
* in the reporting period, the mean of each driver lies within the baseline range or within three
  standard deviations of the baseline mean (:meth:`BaselineModel.out_of_range`).

Savings = adjusted baseline (the model applied to reporting-period drivers) − actual use.
``fit_many`` fits thousands of facilities at once with the same algorithm, batched.
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


#: A scaled design column whose QR diagonal is below this share of the largest is collinear with the others.
RANK_TOLERANCE = 1e-10


@dataclass(frozen=True)
class _Fit:
    """Batched least-squares results, one row per facility."""

    beta: FloatArray  # (F, P), intercept first
    se: FloatArray  # (F, P); infinite where the design is rank-deficient
    ssr: FloatArray  # (F,)
    sst: FloatArray  # (F,)
    full_rank: NDArray[np.bool_]  # (F,)


def _least_squares(y: FloatArray, z: FloatArray) -> _Fit:
    """OLS of ``y`` (F, T) on an intercept and the drivers ``z`` (F, T, K), stable for ill-conditioned drivers.

    Each driver is centred and scaled (so the intercept column is orthogonal to the others and every
    column has unit spread), the scaled design A = QR is solved by back substitution, and with
    γ the scaled coefficients and C = R⁻¹R⁻ᵀ their unscaled covariance, β = Tγ and Cov(β) = σ²·TCTᵀ
    where T maps scaled coefficients back to the drivers' units. Rank-deficient rows (a constant or
    collinear driver) get the minimum-norm solution and infinite standard errors (p = 1).
    """
    f, n, k = z.shape
    mean = z.mean(axis=1)  # (F, K)
    spread = z.std(axis=1)
    spread = np.where(spread > 0, spread, 1.0)
    a = np.concatenate([np.ones((f, n, 1)), (z - mean[:, None, :]) / spread[:, None, :]], axis=2)
    q, r = np.linalg.qr(a)  # (F, T, P), (F, P, P)
    diag = np.abs(np.einsum("fpp->fp", r))
    full_rank = np.all(diag > RANK_TOLERANCE * diag.max(axis=1, keepdims=True), axis=1)
    p = k + 1
    gamma = np.zeros((f, p))
    r_inv = np.full((f, p, p), np.nan)
    if full_rank.any():
        r_inv[full_rank] = np.linalg.inv(r[full_rank])
        qty = np.einsum("ftp,ft->fp", q[full_rank], y[full_rank])
        gamma[full_rank] = np.einsum("fpq,fq->fp", r_inv[full_rank], qty)
    for i in np.flatnonzero(~full_rank):
        gamma[i] = np.linalg.lstsq(a[i], y[i], rcond=None)[0]
    residuals = y - np.einsum("ftp,fp->ft", a, gamma)
    ssr = np.einsum("ft,ft->f", residuals, residuals)
    sst = ((y - y.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    transform = np.zeros((f, p, p))  # β = T γ
    transform[:, 0, 0] = 1.0
    transform[:, 0, 1:] = -mean / spread
    transform[:, np.arange(1, p), np.arange(1, p)] = 1.0 / spread
    beta = np.einsum("fpq,fq->fp", transform, gamma)
    tr = np.einsum("fpq,fqr->fpr", transform, r_inv)  # T R⁻¹: Cov(β)/σ² = (T R⁻¹)(T R⁻¹)ᵀ
    variance = np.einsum("fpr,fpr->fp", tr, tr) * (ssr / (n - p))[:, None]
    se = np.where(full_rank[:, None], np.sqrt(np.clip(variance, 0, None)), np.inf)
    return _Fit(beta=beta, se=se, ssr=ssr, sst=sst, full_rank=full_rank)


def _f_test(fit: _Fit, k: int, dof: int) -> tuple[FloatArray, FloatArray]:
    """Overall F statistic and its p-value per row (no driver: F = 0, p = 1)."""
    if k == 0:
        return np.zeros(fit.ssr.shape), np.ones(fit.ssr.shape)
    sigma2 = fit.ssr / dof
    with np.errstate(divide="ignore", invalid="ignore"):
        f_stat = ((fit.sst - fit.ssr) / k) / sigma2
    # a perfect fit: F = ∞ (p = 0) when y varies, 0/0 (p = 1) when it does not
    f_stat = np.where(sigma2 > 0, f_stat, np.where(fit.sst > 0, np.inf, 0.0))
    return f_stat, stats.f.sf(f_stat, k, dof)


def _r2(fit: _Fit) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(fit.sst > 0, 1 - fit.ssr / fit.sst, np.where(fit.ssr == 0, 1.0, 0.0))


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
    fit = _least_squares(y[None, :], x[None, :, 1:])
    dof = n - k - 1
    beta, se = fit.beta[0], fit.se[0]
    p = _p_values(beta, se, dof)
    r2 = float(_r2(fit)[0])
    adjusted = 1 - (1 - r2) * (n - 1) / dof
    f_stat, f_p = (float(v[0]) for v in _f_test(fit, k, dof))
    keys = ("intercept", *names)
    columns = {name: x[:, i + 1] for i, name in enumerate(names)}
    return BaselineModel(
        driver_names=names,
        coefficients={key: float(b) for key, b in zip(keys, beta, strict=True)},
        std_errors={key: float(s) for key, s in zip(keys, se, strict=True)},
        p_values={key: float(v) for key, v in zip(keys, p, strict=True)},
        r2=r2,
        adjusted_r2=float(adjusted),
        f_statistic=f_stat,
        f_p_value=f_p,
        n=n,
        residual_std=float(np.sqrt(fit.ssr[0] / dof)),
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

    Same algorithm and statistics as :func:`fit_baseline`, batched over facilities.
    """
    y = np.asarray(energy, dtype=float)
    z = np.asarray(drivers, dtype=float)
    if z.ndim == 2:
        z = z[:, :, None]
    _f, n, k = z.shape
    if n < k + 2:
        raise BaselineError("too_few_points", f"{n} points cannot fit {k + 1} coefficients with a test")
    fit = _least_squares(y, z)
    dof = n - k - 1
    _f_stat, f_p = _f_test(fit, k, dof)
    return BatchFit(coefficients=fit.beta, p_values=_p_values(fit.beta, fit.se, dof), r2=_r2(fit), f_p_value=f_p)


def savings_many(fit: BatchFit, energy: NDArray[np.float64], drivers: NDArray[np.float64]) -> FloatArray:
    """Σ adjusted baseline − Σ actual per facility, shape (F,)."""
    return np.asarray(fit.predict(drivers).sum(axis=1) - np.asarray(energy, dtype=float).sum(axis=1))
