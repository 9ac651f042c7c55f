"""The record of one piece of background work as its user sees it: status, progress, result, error."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class BackgroundTask(models.Model):
    """One piece of long work run by a worker through Django's Tasks API.

    ``kind`` is the module path of the task (``sxsh.indicators.tasks.recompute``); ``backend_id`` the
    Tasks API result id of the latest attempt. A running task's worker refreshes ``heartbeat_at``; a
    task whose heartbeat stops is run again or marked failed (``services.sweep_stale``).
    """

    kind = models.CharField(_("loại việc"), max_length=200)
    params = models.JSONField(_("tham số"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    result_file = models.FileField(_("tệp kết quả"), upload_to="tasks/", max_length=300, blank=True)
    result_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("tín hiệu cuối lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    backend_id = models.CharField(_("mã trong hàng đợi"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="tasks_status_heartbeat"),
            models.Index(fields=["created_by", "-created_at"], name="tasks_owner_created"),
        ]

    def __str__(self) -> str:
        return f"{self.kind.rsplit('.', 1)[-1]} #{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (TaskStatus.DONE, TaskStatus.FAILED)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.pk, "kind": self.kind, "status": self.status, "progress": self.progress}
