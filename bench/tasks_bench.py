"""Task throughput: the same no-op tasks worked off by one worker, database backend vs Redis (RQ).

N tasks are recorded and queued through ``sxsh.tasks.services.start``, then one worker
(``run_worker --batch``) runs them; the figure is N over the span from the first task's start to the last
one's end, as the task records say (so the worker's own start-up does not count).
"""

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from . import report
from .redis_server import redis_url

TASKS = int(os.environ.get("SXSH_BENCH_TASKS", "500"))


def _run(env: Mapping[str, str], root: Path, *args: str) -> str:
    return subprocess.run([sys.executable, *args], cwd=root, env=dict(env), check=True, capture_output=True,  # noqa: S603  (our own interpreter, fixed arguments)
                          text=True).stdout


def _throughput(env: Mapping[str, str], root: Path) -> tuple[float, float]:
    """(tasks/s of the worker, tasks/s of recording and queueing them)."""
    queued = float(_run(env, root, "-m", "bench.tasks_bench", "--enqueue", str(TASKS)).split()[-1])
    _run(env, root, "manage.py", "run_worker", "--batch", "--interval", "0")
    return float(_run(env, root, "-m", "bench.tasks_bench", "--measure").split()[-1]), queued


def run(env: Mapping[str, str], root: Path, label: str) -> None:
    """``tasks_database_<label>`` and ``tasks_rq_<label>`` (the task records in the ``label`` database), each
    against the other; RQ skipped without redis-server."""
    database, db_enqueue = _throughput({**env, "SXSH_TASK_BACKEND": "database"}, root)
    with redis_url() as url:
        if url is None:
            report.figure(f"tasks_database_{label}", database, "tasks/s", 1.0, "database_backend")
            report.skipped(f"tasks_rq_{label}", "redis-server is not installed (scripts/system-packages.sh scale)")
            return
        rq, rq_enqueue = _throughput({**env, "SXSH_TASK_BACKEND": "rq", "SXSH_REDIS_URL": url}, root)
    report.figure(f"tasks_database_{label}", database, "tasks/s", database / rq, "rq_backend", rq)
    report.figure(f"tasks_rq_{label}", rq, "tasks/s", rq / database, "database_backend", database)
    report.note(f"tasks_{label}: {TASKS} no-op tasks, one worker; recorded and queued at {db_enqueue:.0f}/s "
                f"(database) and {rq_enqueue:.0f}/s (RQ); the record of each task lives in the {label} database "
                "either way")
    kept, _ = _throughput({**env, "SXSH_TASK_BACKEND": "database", "SXSH_DB_CONN_MAX_AGE": "60"}, root)
    report.note(f"tasks_database_{label}: {kept:.1f} tasks/s with SXSH_DB_CONN_MAX_AGE=60 (the worker keeps its "
                f"database connection; by default it opens one per task), ratio {kept / rq:.3f} vs rq_backend")


def enqueue(count: int) -> float:
    """Record and queue ``count`` no-op tasks (earlier ones are deleted); returns tasks/s."""
    from sxsh.tasks import services
    from sxsh.tasks.models import BackgroundTask

    from .tasks_kind import noop

    BackgroundTask.objects.filter(kind=noop.module_path).delete()
    started = time.perf_counter()
    for _ in range(count):
        services.start(noop, acting_user=None, params={})
    return count / (time.perf_counter() - started)


def measure() -> float:
    """Tasks/s over the span of the no-op tasks' runs; every one must have succeeded."""
    from django.db.models import Max, Min

    from sxsh.tasks.models import BackgroundTask, TaskStatus

    from .tasks_kind import noop

    records = BackgroundTask.objects.filter(kind=noop.module_path)
    assert not records.exclude(status=TaskStatus.DONE).exists(), "a no-op task did not finish"
    span = records.aggregate(first=Min("started_at"), last=Max("finished_at"))
    return records.count() / max((span["last"] - span["first"]).total_seconds(), 1e-6)


if __name__ == "__main__":
    import django

    django.setup()
    print(enqueue(int(sys.argv[2])) if sys.argv[1] == "--enqueue" else measure())
