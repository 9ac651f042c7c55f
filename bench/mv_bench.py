"""M&V figure: baseline regressions per second, vectorised (``mv.fit_many``) against a per-facility loop
(``mv.fit_baseline``), on the same synthetic monthly series (36 months, production and degree-days)."""

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

    started = time.perf_counter()
    batch = mv.fit_many(energy, drivers)
    vector_seconds = time.perf_counter() - started

    loop_n = min(facilities, 500)  # the loop is slow: time a sample and scale
    started = time.perf_counter()
    models = [
        mv.fit_baseline(energy[i], {"production": drivers[i, :, 0], "degree_days": drivers[i, :, 1]})
        for i in range(loop_n)
    ]
    loop_seconds = time.perf_counter() - started

    # Both paths must agree, or the figure means nothing.
    for i in (0, loop_n // 2, loop_n - 1):
        single = models[i].coefficients
        expected = [single["intercept"], single["production"], single["degree_days"]]
        assert np.allclose(batch.coefficients[i], expected, rtol=1e-6, atol=1e-6), (i, batch.coefficients[i], expected)
        assert bool(batch.is_valid[i]) == models[i].is_valid
    vector_rate, loop_rate = facilities / vector_seconds, loop_n / loop_seconds
    report.figure("mv_baseline_fits", vector_rate, "fits/s", vector_rate / loop_rate, "per_facility_loop", loop_rate)
    report.note(f"mv_baseline_fits: {facilities} facilities × {MONTHS} months × 2 drivers in {vector_seconds:.2f}s; "
                f"loop timed on {loop_n} facilities; {int(batch.is_valid.sum())} valid baselines")
