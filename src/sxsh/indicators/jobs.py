"""Background jobs: a DB row per job, run by a thread of the web process or by ``manage.py run_jobs``.

``settings.SXSH_JOBS_MODE``: "thread" (default; no extra server), "worker" (left queued for
``run_jobs``, the set-up for large deployments; a real queue can replace that command), or "sync"
(run at once in the request; tests).
"""

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core import audit

from .models import Job, JobStatus

log = logging.getLogger(__name__)

#: kind -> (runner(job, progress) -> (file name, bytes) or None, permission check(user) -> bool)
Runner = Callable[[Job, Callable[[int, str], None]], tuple[str, bytes] | None]
RUNNERS: dict[str, tuple[Runner, Callable[[Any], bool]]] = {}


def runner(kind: str, allowed: Callable[[Any], bool]) -> Callable[[Runner], Runner]:
    def register(fn: Runner) -> Runner:
        RUNNERS[kind] = (fn, allowed)
        return fn

    return register


def mode() -> str:
    return str(getattr(settings, "SXSH_JOBS_MODE", "thread"))


def start(*, acting_user: Any, kind: str, params: dict[str, Any]) -> Job:
    """Queue a job and, depending on the mode, start it in a thread or run it now."""
    _load_runners()
    if kind not in RUNNERS or not RUNNERS[kind][1](acting_user):
        raise PermissionDenied
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, created_by=acting_user)
        audit.record(acting_user=acting_user, action="indicators.job.queued", obj=job,
                     after={"kind": kind, "params": params})
        if mode() == "thread":
            transaction.on_commit(lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start())
    if mode() == "sync":
        run(job.pk)
        job.refresh_from_db()
    return job


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run(job_id)
    finally:
        connection.close()


def claim_next() -> Job | None:
    """Take the oldest queued job (safe with several workers: the status update is the lock)."""
    for job in Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at", "pk")[:10]:
        if Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING,
                                                                        started_at=timezone.now()):
            job.refresh_from_db()
            return job
    return None


def run(job_id: int) -> None:
    """Run one job to the end, recording progress, the result file or the error."""
    _load_runners()
    Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING, started_at=timezone.now())
    job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.RUNNING:
        return

    def progress(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job_id).update(progress=max(0, min(100, percent)), message=message[:300])

    try:
        fn = RUNNERS[job.kind][0]
        output = fn(job, progress)
        job.refresh_from_db()
        if output is not None:
            name, body = output
            job.result_name = name
            job.result_file.save(f"job-{job.pk}-{name}", ContentFile(body), save=False)
        job.status, job.progress, job.finished_at = JobStatus.DONE, 100, timezone.now()
        job.message = _("Hoàn thành.")
        job.save()
    except Exception as exc:  # a job must end in a recorded state whatever happened
        log.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), error="".join(traceback.format_exception(exc))[-4000:],
            message=_("Có lỗi khi thực hiện công việc."),
        )


def _load_runners() -> None:
    from . import job_kinds  # noqa: F401  (registers the runners)
