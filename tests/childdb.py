"""Child processes (an import worker, a gunicorn server) that work on the test database's committed rows.

PostgreSQL: the child connects to the test database itself (tests use ``transaction=True``).
SQLite (in memory during tests): the child gets a file copy made with the backup API, and the test
reads the outcome from that file.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def subprocess_database(tmp_path: Path) -> tuple[str, Path | None]:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        return f"postgresql://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}", None
    path = tmp_path / "child.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}", path


def child_env(database_url: str, settings_module: str = "sxsh.settings.test") -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE=settings_module,
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]), SXSH_VAR_DIR=str(settings.VAR_DIR))
    return env


def query_one(sqlite_path: Path | None, sql: str) -> int:
    """One integer from the child's database (checking the SQLite file's integrity on the way)."""
    if sqlite_path is None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return int(cursor.fetchone()[0])
    db = sqlite3.connect(sqlite_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(db.execute(sql).fetchone()[0])
    finally:
        db.close()


def rows(sqlite_path: Path | None, sql: str) -> list[tuple[object, ...]]:
    if sqlite_path is None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())
    db = sqlite3.connect(sqlite_path)
    try:
        return list(db.execute(sql).fetchall())
    finally:
        db.close()


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, threads: int = 4) -> Iterator[str]:
    """A real multi-process, multi-thread server on loopback; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sxsh.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers",
         str(workers), "--worker-class", "gthread", "--threads", str(threads), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    detail = server.stderr.read() if server.stderr else ""
                    raise RuntimeError(f"gunicorn did not start: {detail}") from exc
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr:
            server.stderr.close()
