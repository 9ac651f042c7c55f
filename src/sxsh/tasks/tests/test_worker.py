"""A real worker process (``manage.py run_worker``, database backend) killed mid-task: the task runs again
on the next worker, or, with no attempt left, is marked failed with a message; nothing stays "running".
The worker keeps its database connection from one task to the next, and reopens it when it was dropped."""

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

from .holding import count_on_connection, hold

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


def _connection_env(tmp_path: Path) -> tuple[dict[str, str], Any]:
    url, sqlite_path = subprocess_database(tmp_path)
    return {**child_env(url), "SXSH_TASK_BACKEND": "database", "SXSH_VAR_DIR": str(tmp_path / "var")}, sqlite_path


def _summaries(sqlite_path: Any, pks: list[int]) -> list[str]:
    found = dict(rows(sqlite_path, "SELECT id, message FROM tasks_backgroundtask WHERE status = 'done'"))
    return [str(found.get(pk)) for pk in pks]


@pytest.mark.parametrize(("max_age", "counts"), [("600", ["1", "2", "3"]), ("0", ["1", "1", "1"])])
def test_the_worker_keeps_its_connection_between_tasks(settings: Any, users: Any, tmp_path: Path, max_age: str,
                                                        counts: list[str]) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    pks = [services.start(count_on_connection, acting_user=users["ward"], params={}).pk for _ in range(3)]
    env, sqlite_path = _connection_env(tmp_path)
    subprocess.run([sys.executable, "manage.py", "run_worker", "--batch", "--interval", "0"], cwd=ROOT,
                   env={**env, "SXSH_WORKER_CONN_MAX_AGE": max_age}, check=True, capture_output=True, timeout=240)
    assert _summaries(sqlite_path, pks) == counts  # 0: a new connection (and temporary table) per task


def test_a_dropped_connection_is_reopened_for_the_next_task(settings: Any, users: Any, tmp_path: Path) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a SQLite connection is a file the worker opened: no server can drop it")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    env, _ = _connection_env(tmp_path)
    log = tmp_path / "worker.log"

    def run_one() -> str:
        pk = services.start(count_on_connection, acting_user=users["ward"], params={}).pk
        wait_for(lambda: _state(None, pk)[0] in ("done", "failed"), log, process)
        return str(_state(None, pk)[2])

    with worker(env, log) as process:
        assert [run_one(), run_one()] == ["1", "2"]
        dropped = rows(None, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        assert dropped and all(ok for (ok,) in dropped)
        assert [run_one(), run_one()] == ["1", "2"]  # a new connection, kept again
        assert process.poll() is None
