"""Notifications: what a person is told (in the application and by e-mail), and the kinds each turned off."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sxsh.core.models import BaseModel
from sxsh.core.roles import ALL_ROLES
from sxsh.core.scoping import ScopedManager, ScopedQuerySet, is_admin

NOBODY: frozenset[str] = frozenset()


class Kind(models.TextChoices):
    REPORT_SUBMITTED = "report_submitted", _("Báo cáo được gửi lên chờ xem xét")
    REPORT_RETURNED = "report_returned", _("Báo cáo bị trả lại")
    REPORT_APPROVED = "report_approved", _("Báo cáo được phê duyệt")
    COMMENT_PENDING = "comment_pending", _("Bình luận chờ kiểm duyệt")
    REPLY_PUBLISHED = "reply_published", _("Trả lời bình luận đã đăng")
    WAITLIST_PROMOTED = "waitlist_promoted", _("Có chỗ từ danh sách chờ")
    EVENT_REMINDER = "event_reminder", _("Nhắc lịch sự kiện trước một ngày")
    FOLLOW_UP_OPEN = "follow_up_open", _("Mở phiếu đánh giá và giấy chứng nhận")


class OwnRowsQuerySet(ScopedQuerySet[Any]):
    """Rows that belong to one person (``Model.owner``): each reads only their own; the administrator every one,
    as for every model. Writes go through the services, which check the owner themselves."""

    def restrict(self, user: Any, action: str = "view") -> "OwnRowsQuerySet":
        rows = super().restrict(user, action)
        if user is None or not user.is_authenticated or is_admin(user):
            return rows  # type: ignore[return-value]
        return rows.filter(**{f"{self.model.owner}_id": user.pk})  # type: ignore[return-value]


class OwnRowsManager(ScopedManager.from_queryset(OwnRowsQuerySet)):  # type: ignore[misc]
    """The scoped manager (related managers keep their object's scope) over :class:`OwnRowsQuerySet`."""


class Notification(BaseModel):
    """One notice to one person: shown in their list when they have an account, e-mailed unless turned off."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="notifications")
    email = models.EmailField(_("thư điện tử"), blank=True)  # where it was e-mailed ("" when not)
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    #: ``<occasion>:<recipient>``: the same occasion is never told twice to the same person (reminders).
    once_key = models.CharField(_("khóa một lần"), max_length=200, unique=True, null=True, blank=True, editable=False)

    objects = OwnRowsManager()  # type: ignore[misc]
    owner = "recipient"
    role_permissions = {"view": ALL_ROLES, "add": NOBODY, "change": NOBODY, "delete": NOBODY}

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class OptOut(BaseModel):
    """A kind a person does not want: by account, or by e-mail address for registrants without one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="notification_opt_outs")
    email = models.EmailField(_("thư điện tử"), blank=True)
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)

    objects = OwnRowsManager()  # type: ignore[misc]
    owner = "user"
    role_permissions = {"view": ALL_ROLES, "add": NOBODY, "change": NOBODY, "delete": NOBODY}

    class Meta:
        verbose_name = _("loại thông báo đã tắt")
        verbose_name_plural = _("loại thông báo đã tắt")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="opt_out_user_kind",
                                    condition=models.Q(user__isnull=False)),
            models.UniqueConstraint(fields=["email", "kind"], name="opt_out_email_kind",
                                    condition=models.Q(user__isnull=True)),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())
