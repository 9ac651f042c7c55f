"""A worker for background jobs (for deployments that set SXSH_JOBS_MODE=worker)."""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from sxsh.indicators import jobs


class Command(BaseCommand):
    help = "Run queued background jobs (indicator recomputation, large exports)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run the queued jobs, then stop.")
        parser.add_argument("--sleep", type=float, default=2.0, help="Seconds between polls.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            job = jobs.claim_next()
            if job is None:
                if options["once"]:
                    return
                close_old_connections()  # drop a stale connection while idle
                time.sleep(options["sleep"])
                continue
            jobs.run(job.pk)
            job.refresh_from_db()
            self.stdout.write(f"job {job.pk} {job.kind}: {job.status}")
