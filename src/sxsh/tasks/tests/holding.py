"""Task kinds for the worker tests: one holds while a file exists, so a test can kill its worker mid-task;
one tells how many tasks its database connection has run, so a test can see the connection kept."""

import time
from pathlib import Path

from django.db import connection

from sxsh.tasks.registry import Output, Run, long_task


@long_task(title="held task")
def hold(run: Run) -> Output:
    flag = Path(run.params["hold"])
    run.progress(10, "holding")
    while flag.exists():
        time.sleep(0.05)
    return "held.txt", b"held"


@long_task(title="connection task")
def count_on_connection(run: Run) -> Output:
    """Its summary: the tasks run on this database connection so far (a temporary table lives as long as
    the connection, on SQLite and PostgreSQL alike)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS sxsh_tasks_seen (n integer)")
        cursor.execute("INSERT INTO sxsh_tasks_seen VALUES (1)")
        cursor.execute("SELECT COUNT(*) FROM sxsh_tasks_seen")
        run.summary = str(cursor.fetchone()[0])
    return None
