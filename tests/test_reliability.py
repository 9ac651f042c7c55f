"""Faults: an import killed half-way leaves nothing behind."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from sxsh.core.models import AuditLog
from sxsh.core.roles import Role
from sxsh.directory.models import CPStatusChange, Facility

ROOT = Path(__file__).resolve().parent.parent


def subprocess_database(tmp_path: Path) -> tuple[str, Path | None]:
    """A DATABASE_URL a child process can use to see the test database's committed rows.

    PostgreSQL: the test database itself. SQLite (in memory during tests): a file copy made with the
    backup API; the caller reads the outcome from that file.
    """
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


def child_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="sxsh.settings.test",
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]), SXSH_VAR_DIR=str(settings.VAR_DIR))
    return env


def count_in(sqlite_path: Path | None, sql: str) -> int:
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


@pytest.mark.django_db(transaction=True)
def test_import_killed_half_way_leaves_no_partial_data(tmp_path: Path, make_user: Any) -> None:
    make_user(Role.DISTRICT, username="nhap-lieu")
    facilities_before = Facility.objects.count()
    url, sqlite_path = subprocess_database(tmp_path)
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, str(ROOT / "tests" / "_import_worker.py"), "400"], cwd=ROOT, env=child_env(url),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "HALFWAY", (line, child.stderr.read() if child.stderr else "")
        # Rows are written but not committed: kill the process as a power cut would.
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stdout:
            child.stdout.close()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    time.sleep(0.2)  # PostgreSQL notices the lost connection and rolls back
    assert count_in(sqlite_path, "SELECT COUNT(*) FROM directory_facility") == facilities_before
    assert count_in(sqlite_path, "SELECT COUNT(*) FROM directory_facility WHERE tax_code LIKE '06%'") == 0
    assert count_in(sqlite_path, "SELECT COUNT(*) FROM directory_cpstatuschange") == CPStatusChange.objects.count()
    assert count_in(sqlite_path, "SELECT COUNT(*) FROM core_auditlog WHERE request_id = 'interrupted-import'") == 0
    if sqlite_path is None:
        assert not AuditLog.objects.filter(request_id="interrupted-import").exists()

    # Control: the same worker left alone commits every row (so the check above can fail).
    finished = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "tests" / "_import_worker.py"), "6"], cwd=ROOT, env=child_env(url),
        capture_output=True, text=True, timeout=120,
    )
    assert "FINISHED" in finished.stdout, finished.stderr
    assert count_in(sqlite_path, "SELECT COUNT(*) FROM directory_facility WHERE tax_code LIKE '06%'") == 6
