"""M&V figure: baseline fits plus savings per second, vectorised (``mv.fit_many`` + ``mv.savings_many``)
against a per-facility loop (``mv.fit_baseline`` + ``mv.savings``), on the same synthetic monthly series
(10,000 facilities × 36 months by default, production and degree-days; the reporting year is the last 12
months)."""

import time
from types import ModuleType

import numpy as np

from . import report
from .config import Config

MONTHS = 36


def series(facilities: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    production = rng.uniform(50, 500, size=(facilities, MONTHS))
    degree_days = np.tile(60 + 40 * np.sin(np.arange(MONTHS) * 2 * np.pi / 12), (facilities, 1))
    degree_days += rng.normal(0, 5, size=degree_days.shape)
    base = rng.uniform(1_000, 20_000, size=(facilities, 1))
    per_tonne = rng.uniform(50, 400, size=(facilities, 1))
    per_dd = rng.uniform(0, 60, size=(facilities, 1))
    energy = base + per_tonne * production + per_dd * degree_days + rng.normal(0, 800, size=production.shape)
    return energy, np.stack([production, degree_days], axis=2)


def run(mv: ModuleType, config: Config) -> None:
    facilities = config.mv_facilities
    energy, drivers = series(facilities, config.seed)

    base, report_months = slice(0, MONTHS - 12), slice(MONTHS - 12, MONTHS)
    started = time.perf_counter()
    batch = mv.fit_many(energy[:, base], drivers[:, base, :])
    batch_savings = mv.savings_many(batch, energy[:, report_months], drivers[:, report_months, :])
    vector_seconds = time.perf_counter() - started

    loop_n = min(facilities, 500)  # the loop is slow: time a sample and scale
    started = time.perf_counter()
    models, loop_savings = [], []
    for i in range(loop_n):
        model = mv.fit_baseline(energy[i, base], {"production": drivers[i, base, 0], "degree_days": drivers[i, base, 1]})
        loop_savings.append(mv.savings(model, energy[i, report_months], {
            "production": drivers[i, report_months, 0], "degree_days": drivers[i, report_months, 1]}))
        models.append(model)
    loop_seconds = time.perf_counter() - started

    # Both paths must agree, or the figure means nothing.
    for i in (0, loop_n // 2, loop_n - 1):
        single = models[i].coefficients
        expected = [single["intercept"], single["production"], single["degree_days"]]
        assert np.allclose(batch.coefficients[i], expected, rtol=1e-6, atol=1e-6), (i, batch.coefficients[i], expected)
        assert bool(batch.is_valid[i]) == models[i].is_valid
        assert np.isclose(batch_savings[i], loop_savings[i], rtol=1e-6, atol=1e-3), (i, batch_savings[i], loop_savings[i])
    vector_rate, loop_rate = facilities / vector_seconds, loop_n / loop_seconds
    report.figure("mv_baseline_fits", vector_rate, "fits/s", vector_rate / loop_rate, "per_facility_loop", loop_rate)
    report.note(f"mv_baseline_fits: {facilities} facilities × {MONTHS} months × 2 drivers (fit on 24, savings on 12) "
                f"in {vector_seconds:.2f}s = {vector_seconds / facilities * 1e6:.1f} µs per facility "
                f"(loop: {loop_seconds / loop_n * 1e6:.0f} µs per facility); "
                f"loop timed on {loop_n} facilities; {int(batch.is_valid.sum())} valid baselines")
