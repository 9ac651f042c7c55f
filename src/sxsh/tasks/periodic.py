"""Periodic jobs run by every worker's beat (``manage.py run_worker``): each must be safe to run
concurrently on several workers (e.g. flush a counter with an atomic decrement)."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class Periodic:
    fn: Callable[[], object]
    seconds: float
    next_at: float = field(default=0.0)


JOBS: dict[str, Periodic] = {}


def every(seconds: float) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register ``fn`` to run about every ``seconds`` seconds in each worker."""

    def register(fn: Callable[[], object]) -> Callable[[], object]:
        JOBS[f"{fn.__module__}.{fn.__qualname__}"] = Periodic(fn, seconds)
        return fn

    return register


def run_due(now: float | None = None) -> int:
    """Run the jobs whose time has come; returns how many ran (an error is logged, not raised)."""
    now = time.monotonic() if now is None else now
    ran = 0
    for name, job in JOBS.items():
        if now < job.next_at:
            continue
        job.next_at = now + job.seconds
        try:
            job.fn()
        except Exception:
            log.exception("periodic job %s failed", name)
        ran += 1
    return ran
