"""Running one task body in a worker: claim the record, keep its heartbeat, store the result or error."""

import logging
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.downloads import ascii_name
from sxsh.core.scoping import scope_guard

from .models import BackgroundTask, TaskStatus
from .registry import Body, Run, TaskError

log = logging.getLogger(__name__)


def execute(record_id: int, body: Body) -> None:
    """Run ``body`` for the queued record ``record_id`` (a record already taken or finished is left alone).

    An error is recorded on the record (the user sees the message) and raised again, so the Tasks API
    result says "failed" too.
    """
    now = timezone.now()
    claimed = BackgroundTask.objects.filter(pk=record_id, status=TaskStatus.QUEUED).update(
        status=TaskStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, progress=0,
    )
    if not claimed:
        return
    record = BackgroundTask.objects.get(pk=record_id)

    def progress(percent: int, message: str = "") -> None:
        BackgroundTask.objects.filter(pk=record_id, status=TaskStatus.RUNNING).update(
            progress=max(0, min(100, percent)), message=message[:300], heartbeat_at=timezone.now())

    run = Run(record, progress)
    try:
        with heartbeat(record_id), scope_guard():  # a task reads for its user like a request does
            output = body(run)
    except Exception as exc:
        log.exception("task %s failed", record_id)
        message = str(exc) if isinstance(exc, TaskError) else _("Có lỗi khi thực hiện công việc.")
        BackgroundTask.objects.filter(pk=record_id, status=TaskStatus.RUNNING).update(
            status=TaskStatus.FAILED, finished_at=timezone.now(), message=message[:300],
            error="".join(traceback.format_exception(exc))[-4000:],
        )
        raise
    record.refresh_from_db()
    if output is not None:
        name, data = output
        record.result_name = name
        record.result_file.save(f"task-{record.pk}-{ascii_name(name)}", ContentFile(data), save=False)
    record.status, record.progress, record.finished_at = TaskStatus.DONE, 100, timezone.now()
    record.message = (run.summary or _("Hoàn thành."))[:300]
    record.save()


@contextmanager
def heartbeat(record_id: int) -> Iterator[None]:
    """Refresh the record's heartbeat every ``SXSH_TASK_HEARTBEAT_SECONDS`` while the body runs (0: off)."""
    interval = float(settings.SXSH_TASK_HEARTBEAT_SECONDS)
    if interval <= 0:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    BackgroundTask.objects.filter(pk=record_id, status=TaskStatus.RUNNING).update(
                        heartbeat_at=timezone.now())
                except DatabaseError:  # a busy database: the next beat tries again
                    log.warning("heartbeat of task %s not written", record_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"sxsh-task-{record_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
