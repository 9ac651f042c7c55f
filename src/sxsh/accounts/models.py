"""Users with a role and a scope (a unit subtree or a set of facilities), and API tokens."""

import hashlib
import secrets
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from sxsh.core.roles import FACILITY_SCOPED, UNIT_SCOPED, Role


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

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self) -> str:
        """Vietnamese order: family name first ("Nguyễn Thị Hoa")."""
        return f"{self.last_name} {self.first_name}".strip()

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


class ApiToken(models.Model):
    """A bearer token for the API; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d/%m/%Y})"

    @classmethod
    def issue(cls, user: User) -> str:
        key = secrets.token_urlsafe(32)
        cls.objects.create(user=user, key_hash=_hash(key))
        return key

    @classmethod
    def user_for(cls, key: str) -> User | None:
        token = cls.objects.select_related("user").filter(key_hash=_hash(key)).first()
        if token is None or not token.user.is_active:
            return None
        return token.user
