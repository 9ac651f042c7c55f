"""Task records as users see them: their own only, progress, result file, a worker's loss explained."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sxsh.core.models import AuditLog
from sxsh.tasks import services
from sxsh.tasks.mail import send_mail
from sxsh.tasks.models import BackgroundTask, TaskStatus

from .holding import hold

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_users_tasks_are_theirs_alone(users: Any, client_for: Any, tmp_path: Path) -> None:
    record = services.start(hold, acting_user=users["ward"], params={"hold": str(tmp_path / "absent")})
    assert record.status == TaskStatus.DONE and record.progress == 100 and record.attempts == 1
    owner, other, admin = client_for(users["ward"]), client_for(users["district"]), client_for(users["admin"])

    listing = owner.get(reverse("tasks:list")).content.decode()
    assert reverse("tasks:detail", args=[record.pk]) in listing and "held task" in listing
    download = owner.get(reverse("tasks:download", args=[record.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"held"
    assert 'filename="held.txt"' in download["Content-Disposition"]

    assert reverse("tasks:detail", args=[record.pk]) not in other.get(reverse("tasks:list")).content.decode()
    for name in ("tasks:detail", "tasks:progress", "tasks:download"):
        assert other.get(reverse(name, args=[record.pk])).status_code == 404
        assert admin.get(reverse(name, args=[record.pk])).status_code == 200
    assert client_for(users["ward"]).get(reverse("tasks:detail", args=[record.pk + 1000])).status_code == 404
    anonymous = owner.__class__().get(reverse("tasks:detail", args=[record.pk]))
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous.url


def test_a_task_kind_refuses_who_it_does_not_allow(users: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from sxsh.indicators.tasks import recompute

    with pytest.raises(PermissionDenied):
        services.start(recompute, acting_user=users["ward"], params={"years": [2019]})
    assert not BackgroundTask.objects.exists()


def test_the_database_backend_queues_the_record_with_its_entry(users: Any, settings: Any, tmp_path: Path) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_BACKEND
    record = services.start(hold, acting_user=users["ward"], params={"hold": str(tmp_path / "absent")})
    record.refresh_from_db()
    entry = DBTaskResult.objects.get()
    assert record.status == TaskStatus.QUEUED and str(entry.id) == record.backend_id
    assert entry.task_path == "sxsh.tasks.tests.holding.hold" and entry.args_kwargs["args"] == [record.pk]
    assert AuditLog.objects.filter(action="tasks.task.queued", object_id=str(record.pk)).exists()


def _lose_worker(record: BackgroundTask, attempts: int) -> None:
    """The state a worker killed mid-task leaves: running, with a heartbeat older than the lease."""
    BackgroundTask.objects.filter(pk=record.pk).update(
        status=TaskStatus.RUNNING, attempts=attempts, heartbeat_at=timezone.now() - timedelta(minutes=5))


def test_a_task_whose_worker_died_runs_again_then_fails_with_a_message(users: Any, settings: Any, client_for: Any,
                                                                        tmp_path: Path) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_BACKEND
    settings.SXSH_TASK_ATTEMPTS = 2
    record = services.start(hold, acting_user=users["ward"], params={"hold": str(tmp_path / "absent")})
    DBTaskResult.objects.filter(id=record.backend_id).update(status="RUNNING")
    _lose_worker(record, attempts=1)
    fresh = BackgroundTask.objects.filter(pk=record.pk).update(heartbeat_at=timezone.now())
    assert fresh and services.sweep_stale() == 0  # a live heartbeat is left alone
    _lose_worker(record, attempts=1)

    assert services.sweep_stale() == 1
    record.refresh_from_db()
    assert record.status == TaskStatus.QUEUED and "chạy lại" in record.message
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"FAILED", "READY"}
    assert str(DBTaskResult.objects.get(status="READY").id) == record.backend_id

    _lose_worker(record, attempts=2)
    assert services.sweep_stale() == 1
    record.refresh_from_db()
    assert record.status == TaskStatus.FAILED and "worker lost" in record.error
    page = client_for(users["ward"]).get(reverse("tasks:detail", args=[record.pk])).content.decode()
    assert "Tiến trình xử lý bị dừng giữa chừng nên công việc không hoàn thành." in page
    assert "hx-get" not in page and 'data-status="failed"' in page
    assert AuditLog.objects.filter(action="tasks.task.abandoned", object_id=str(record.pk)).count() == 1


def test_email_is_sent_by_a_task_that_keeps_no_address(users: Any) -> None:
    record = send_mail("Xác nhận đăng ký", "Nội dung", ["a@example.org"])
    assert record is not None
    record.refresh_from_db()
    assert record.status == TaskStatus.DONE and record.created_by is None
    assert [(m.subject, m.to) for m in mail.outbox] == [("Xác nhận đăng ký", ["a@example.org"])]
    assert record.params == {"sent": 1}
    queued = AuditLog.objects.get(action="tasks.task.queued", object_id=str(record.pk))
    assert "example.org" not in str(queued.after)
