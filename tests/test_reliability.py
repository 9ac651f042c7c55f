"""Faults: an import killed half-way leaves nothing behind."""

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from sxsh.core.models import AuditLog
from sxsh.core.roles import Role
from sxsh.directory.models import CPStatusChange, Facility

from .childdb import ROOT, child_env, subprocess_database
from .childdb import query_one as count_in


@pytest.mark.django_db(transaction=True)
def test_import_killed_half_way_leaves_no_partial_data(tmp_path: Path, make_user: Any) -> None:
    make_user(Role.DISTRICT, username="nhap-lieu")
    facilities_before = Facility.objects.count()
    url, sqlite_path = subprocess_database(tmp_path)
    child = subprocess.Popen(
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
    finished = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "_import_worker.py"), "6"], cwd=ROOT, env=child_env(url),
        capture_output=True, text=True, timeout=120,
    )
    assert "FINISHED" in finished.stdout, finished.stderr
    assert count_in(sqlite_path, "SELECT COUNT(*) FROM directory_facility WHERE tax_code LIKE '06%'") == 6
