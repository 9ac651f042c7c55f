"""Starting background tasks and recovering the ones whose worker died."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

from sxsh.core import audit

from .models import BackgroundTask, TaskStatus
from .registry import KINDS, kind_of


def start(task: Task[[int], None], *, acting_user: Any, params: dict[str, Any]) -> BackgroundTask:
    """Record and queue a task for ``acting_user`` (refused when the kind does not allow them)."""
    kind = KINDS.get(task.module_path)
    if kind is None or not kind.allowed(acting_user):
        raise PermissionDenied
    owner = acting_user if getattr(acting_user, "is_authenticated", False) else None
    with transaction.atomic():
        record = BackgroundTask.objects.create(kind=task.module_path, params=params, created_by=owner)
        audit.record(acting_user=acting_user, action="tasks.task.queued", obj=record,
                     after={"kind": record.kind, "params": {} if kind.private else params})
        _enqueue(record, task)
    if isinstance(task.get_backend(), ImmediateBackend):
        task.enqueue(record.pk)  # tests and one-off commands: runs now, outside the recording transaction
        record.refresh_from_db()
    return record


def _enqueue(record: BackgroundTask, task: Task[[int], None]) -> None:
    """Queue ``record`` in its backend: the database backend in the same transaction (the record and its
    queue entry commit together), a remote queue once the record is committed."""
    backend = task.get_backend()
    if isinstance(backend, ImmediateBackend):
        return

    def send() -> None:
        record.backend_id = str(task.enqueue(record.pk).id)
        BackgroundTask.objects.filter(pk=record.pk).update(backend_id=record.backend_id)

    if isinstance(backend, DatabaseBackend):
        send()
    else:
        transaction.on_commit(send)


def sweep_stale(*, now: Any = None) -> int:
    """Recover tasks whose worker stopped (no heartbeat for ``SXSH_TASK_LEASE_SECONDS``): queue them
    again while attempts remain, else mark them failed with a message for the user. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SXSH_TASK_LEASE_SECONDS)
    recovered = 0
    for record in BackgroundTask.objects.filter(status=TaskStatus.RUNNING, heartbeat_at__lt=cutoff):
        with transaction.atomic():
            mine = BackgroundTask.objects.filter(pk=record.pk, status=TaskStatus.RUNNING,
                                                 heartbeat_at=record.heartbeat_at)
            kind = kind_of(record)
            if kind is not None:
                _forget_backend_attempt(record, kind.task)
            if kind is not None and record.attempts < settings.SXSH_TASK_ATTEMPTS:
                if not mine.update(status=TaskStatus.QUEUED, heartbeat_at=None, progress=0,
                                   message=_("Tiến trình xử lý bị dừng; công việc đang được chạy lại.")):
                    continue
                _enqueue(record, kind.task)
                action = "tasks.task.requeued"
            else:
                if not mine.update(
                    status=TaskStatus.FAILED, finished_at=now,
                    message=_("Tiến trình xử lý bị dừng giữa chừng nên công việc không hoàn thành. Vui lòng chạy lại."),
                    error=f"worker lost: no heartbeat since {record.heartbeat_at:%Y-%m-%d %H:%M:%S%z}",
                ):
                    continue
                action = "tasks.task.abandoned"
            audit.record(acting_user=None, action=action, obj=record, after={"attempts": record.attempts})
            recovered += 1
    return recovered


def _forget_backend_attempt(record: BackgroundTask, task: Task[[int], None]) -> None:
    """The database backend's row of the lost attempt stays "running" for ever otherwise."""
    if not record.backend_id or not isinstance(task.get_backend(), DatabaseBackend):
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=record.backend_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now(), exception_class_path="sxsh.tasks.WorkerLost",
        traceback="The worker running this task stopped (no heartbeat).")
