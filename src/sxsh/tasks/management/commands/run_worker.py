"""A task worker for the configured backend (database or RQ), with the beat that recovers lost tasks
and runs the periodic jobs."""

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from sxsh.tasks import periodic, services

log = logging.getLogger(__name__)


def beat(stop: threading.Event, interval: float) -> None:
    """Every ``interval`` seconds: recover tasks whose worker died, run the periodic jobs that are due."""
    try:
        while True:
            try:
                services.sweep_stale()
            except DatabaseError:
                log.warning("sweep of stale tasks failed", exc_info=True)
            periodic.run_due()
            if stop.wait(interval):
                return
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = "Work off background tasks (exports, recomputation, imports, e-mails) and run the periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queues", default="default", help="Comma-separated queue names ('*': all; database backend).")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls of an empty queue.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument("--worker-id", default="", help="Unique name of this worker (default: random).")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        pulse = threading.Thread(target=beat, args=(stop, float(settings.SXSH_TASK_SWEEP_SECONDS)),
                                 name="sxsh-worker-beat", daemon=True)
        pulse.start()
        queues = options["queues"].split(",")
        worker_id = options["worker_id"] or get_random_string(16)
        try:
            backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
            if isinstance(backend, DatabaseBackend):
                self._database_worker(backend.alias, queues, worker_id, options)
            else:
                self._rq_worker(queues, worker_id, options)
        finally:
            stop.set()

    def _database_worker(self, alias: str, queues: list[str], worker_id: str, options: dict[str, Any]) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(queue_names=queues, interval=options["interval"], batch=options["batch"],
                        backend_name=alias, startup_delay=not options["batch"],
                        max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
        worker.configure_signals()
        self.stdout.write(f"worker {worker_id}: database backend, queues {','.join(queues)}")
        worker.run()

    def _rq_worker(self, queues: list[str], worker_id: str, options: dict[str, Any]) -> None:
        import django_rq
        worker = django_rq.get_worker(*queues, job_class="django_tasks_rq.Job", worker_class="rq.worker.SimpleWorker",
                                      name=worker_id)
        self.stdout.write(f"worker {worker_id}: RQ backend, queues {','.join(queues)}")
        worker.work(burst=options["batch"], with_scheduler=False, logging_level="WARNING")
