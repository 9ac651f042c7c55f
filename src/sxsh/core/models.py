"""The base model every domain model builds on, and the audit log."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import UNIT_SCOPED
from .scoping import Scope, ScopedManager, scope_guard


class BaseModel(models.Model):
    """Timestamps plus the scoped manager (``Model.objects.restrict(user, action)``)."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ScopedManager()
    #: Fields a bulk ``update()`` may write without it being a change of the row (``updated_at`` kept): counters.
    bookkeeping_fields: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    def validate_unique(self, exclude: Any = None) -> None:
        """Uniqueness is global, whoever checks it: a system read past the scope guard."""
        with scope_guard(False):
            super().validate_unique(exclude)

    def validate_constraints(self, exclude: Any = None) -> None:
        with scope_guard(False):
            super().validate_constraints(exclude)

    def audit_snapshot(self) -> dict[str, Any]:
        """Concrete field values, JSON-safe, for the before/after of an audit record (counters left out)."""
        data: dict[str, Any] = {}
        for field in self._meta.concrete_fields:
            if field.name in {"created_at", "updated_at", "search_text"} | self.bookkeeping_fields:
                continue
            data[field.attname] = field.value_from_object(self)
        for field in self._meta.many_to_many:
            if self.pk:
                data[field.name] = sorted(obj.pk for obj in getattr(self, field.name).all())
        return data


class AuditLog(models.Model):
    """One write: who, when, what object, which action, the values before and after."""

    timestamp = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    user_name = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, db_index=True)
    action = models.CharField(_("hành động"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, verbose_name=_("loại đối tượng"), null=True, blank=True,
                                     on_delete=models.SET_NULL)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    #: The unit the object belonged to when written (kept when it is deleted): the scope of the entry.
    unit_path = models.CharField(_("địa bàn"), max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("trước"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("sau"), null=True, blank=True, encoder=DjangoJSONEncoder)

    objects = ScopedManager()
    # Administrators read every entry; unit-scoped officers those of their subtree (the unit recorded with
    # the entry); nobody writes through the ORM but ``audit.record``.
    role_permissions = {"view": UNIT_SCOPED, "add": frozenset(), "change": frozenset(), "delete": frozenset()}
    scope = Scope(unit="unit_path")

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%d/%m/%Y %H:%M} {self.user_name} {self.action} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class DocumentSequence(models.Model):
    """The last number given to a kind of document by one issuing body in one year ("15" of 15/BC-UBND).

    ``body`` names the issuer (a unit path or an organisation key); numbers restart at 1 each year.
    """

    body = models.CharField(_("cơ quan ban hành"), max_length=255)
    kind = models.CharField(_("loại văn bản"), max_length=20)
    year = models.PositiveSmallIntegerField(_("năm"))
    last = models.PositiveIntegerField(_("số cuối"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        constraints = [models.UniqueConstraint(fields=["body", "kind", "year"], name="document_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.body} {self.kind} {self.year}: {self.last}"


from .site import SiteSettings  # noqa: E402,F401  (the model lives beside its cache and defaults)
