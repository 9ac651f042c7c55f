"""A real worker process (``manage.py run_worker``, database backend) killed mid-task: the task runs again
on the next worker, or, with no attempt left, is marked failed with a message; nothing stays "running"."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from tests.childdb import ROOT, child_env, rows, subprocess_database

from sxsh.tasks import services

from .holding import hold

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@contextmanager
def worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-u", "manage.py", "run_worker", "--interval", "0.1"],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(check: Callable[[], bool], log: Path, process: subprocess.Popen[bytes], seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline or process.poll() is not None:
            raise AssertionError(f"timed out; worker log:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.1)


def _start(settings: Any, users: Any, tmp_path: Path, attempts: int) -> tuple[int, Path, Any, dict[str, str]]:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    flag = tmp_path / "hold"
    flag.touch()
    record = services.start(hold, acting_user=users["ward"], params={"hold": str(flag)})
    url, sqlite_path = subprocess_database(tmp_path)
    env = {**child_env(url), "SXSH_TASK_BACKEND": "database", "SXSH_TASK_HEARTBEAT_SECONDS": "0.2",
           "SXSH_TASK_LEASE_SECONDS": "1.5", "SXSH_TASK_SWEEP_SECONDS": "0.3", "SXSH_TASK_ATTEMPTS": str(attempts),
           "SXSH_VAR_DIR": str(tmp_path / "var")}
    return record.pk, flag, sqlite_path, env


def _state(sqlite_path: Any, pk: int) -> tuple[Any, ...]:
    found = rows(sqlite_path, f"SELECT status, attempts, message FROM tasks_backgroundtask WHERE id = {int(pk)}")  # noqa: S608
    return found[0]


def _kill_mid_task(env: dict[str, str], sqlite_path: Any, pk: int, log: Path) -> None:
    with worker(env, log) as first:
        wait_for(lambda: _state(sqlite_path, pk)[0] == "running", log, first)
        os.kill(first.pid, signal.SIGKILL)  # no clean-up of any kind
        first.wait()
    assert _state(sqlite_path, pk)[0] == "running"


def test_a_killed_workers_task_runs_again_on_the_next_worker(settings: Any, users: Any, tmp_path: Path) -> None:
    pk, flag, sqlite_path, env = _start(settings, users, tmp_path, attempts=2)
    log = tmp_path / "worker.log"
    _kill_mid_task(env, sqlite_path, pk, log)
    flag.unlink()
    with worker(env, log) as second:
        wait_for(lambda: _state(sqlite_path, pk)[0] == "done", log, second)
    status, attempts, message = _state(sqlite_path, pk)
    assert (status, attempts, message) == ("done", 2, "Hoàn thành.")
    entries = sorted(r[0] for r in rows(sqlite_path, "SELECT status FROM django_tasks_database_dbtaskresult"))
    assert entries == ["FAILED", "SUCCESSFUL"]  # the lost attempt is closed, not left running


def test_a_killed_workers_task_without_attempts_left_fails_with_a_message(settings: Any, users: Any,
                                                                          tmp_path: Path) -> None:
    pk, _flag, sqlite_path, env = _start(settings, users, tmp_path, attempts=1)
    log = tmp_path / "worker.log"
    _kill_mid_task(env, sqlite_path, pk, log)
    with worker(env, log) as second:
        wait_for(lambda: _state(sqlite_path, pk)[0] == "failed", log, second)
    _status, attempts, message = _state(sqlite_path, pk)
    assert attempts == 1
    assert message == "Tiến trình xử lý bị dừng giữa chừng nên công việc không hoàn thành. Vui lòng chạy lại."
    assert "RUNNING" not in {r[0] for r in rows(sqlite_path, "SELECT status FROM django_tasks_database_dbtaskresult")}
