"""Users with a role and a scope (a unit subtree or a set of facilities), and API tokens."""

import hashlib
import secrets
from datetime import timedelta
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sxsh.calc.text import fold
from sxsh.core.roles import FACILITY_SCOPED, UNIT_SCOPED, Role


def searchable(user: Any) -> str:
    """The user's folded username, name and e-mail: the users list searches them without diacritics."""
    return fold(" ".join([user.username, user.last_name, user.first_name, user.email]))


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.ENTERPRISE)
    unit = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("địa bàn phụ trách"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("tổ chức"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    facilities = models.ManyToManyField(
        "directory.Facility", verbose_name=_("cơ sở đại diện / được phân công"), blank=True, related_name="users",
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    search_text = models.TextField(editable=False, default="")  # folded username, name and e-mail (core.search)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saving a new password (``set_password``, on any path) revokes the user's API tokens."""
        password_changed = self._password is not None  # type: ignore[attr-defined]
        self.search_text = searchable(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}  # type: ignore[misc]
        with transaction.atomic():
            super().save(*args, **kwargs)
            if password_changed:
                self.api_tokens.filter(revoked_at__isnull=True).update(
                    revoked_at=timezone.now(), revoked_reason=RevokedReason.PASSWORD)

    def get_full_name(self) -> str:
        """Vietnamese order: family name first ("Nguyễn Thị Hoa")."""
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self) -> str:
        """The whole name: a Vietnamese given name alone is not how an office greets anyone."""
        return self.get_full_name()

    @cached_property
    def scope_path(self) -> str:
        """The materialised path of the user's unit ("" when none)."""
        if self.role in UNIT_SCOPED and self.unit_id:
            return self.unit.path if self.unit else ""
        return ""

    @cached_property
    def facility_ids(self) -> list[int]:
        if self.role in FACILITY_SCOPED:
            return list(self.facilities.values_list("pk", flat=True))
        return []

    @property
    def scope_label(self) -> str:
        if self.role == Role.ADMIN or self.is_superuser:
            return str(_("Toàn hệ thống"))
        if self.role in UNIT_SCOPED:
            return str(self.unit) if self.unit else str(_("Chưa gán địa bàn"))
        names = ", ".join(self.facilities.values_list("name", flat=True)[:3])
        return names or str(_("Chưa gán cơ sở"))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class RevokedReason(models.TextChoices):
    OWNER = "owner", _("thu hồi theo yêu cầu")
    PASSWORD = "password", _("mật khẩu đã đổi")


class ApiToken(models.Model):
    """A bearer token for the API; only its hash (and the first characters, to recognise it) is stored.

    Valid until ``expires_at`` (``SXSH_API_TOKEN_DAYS`` after issue) unless revoked: by its owner, or by
    any change of the user's password (``User.save``).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("mở đầu bằng"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=10, choices=RevokedReason.choices, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} ({self.prefix}…, {timezone.localtime(self.created_at):%d/%m/%Y})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def issue(cls, user: User) -> tuple[str, "ApiToken"]:
        """A new key for ``user`` and its row; the key itself is returned once and never stored."""
        key = secrets.token_urlsafe(32)
        lifetime = timedelta(days=settings.SXSH_API_TOKEN_DAYS)
        token = cls.objects.create(user=user, key_hash=_hash(key), prefix=key[:6], expires_at=timezone.now() + lifetime)
        return key, token

    @classmethod
    def valid(cls, key: str) -> "ApiToken | None":
        """The token with this key if it is neither expired nor revoked and its user is active."""
        now = timezone.now()
        token = (cls.objects.select_related("user")
                 .filter(key_hash=_hash(key), revoked_at__isnull=True, expires_at__gt=now).first())
        if token is None or not token.user.is_active:
            return None
        if token.last_used_at is None or now - token.last_used_at > timedelta(hours=1):
            cls.objects.filter(pk=token.pk).update(last_used_at=now)  # bookkeeping like last_login, hourly
        return token
