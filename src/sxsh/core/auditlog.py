"""How an audit entry reads: Vietnamese action and field names, local times, names, personal data masked.

The page, the detail page and the XLSX export of the log all show :class:`EntryView` objects built here
from the entries of :func:`sxsh.core.selectors.audit_entries`.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditLog
from .scoping import allows, is_admin

#: The verbs of the action codes (``app.model.verb``), in Vietnamese.
VERBS: dict[str, Any] = {
    "created": gettext_lazy("Tạo mới"),
    "changed": gettext_lazy("Sửa"),
    "deleted": gettext_lazy("Xóa"),
    "imported": gettext_lazy("Nhập từ tệp"),
    "saved": gettext_lazy("Lưu"),
    "submitted": gettext_lazy("Gửi"),
    "approved": gettext_lazy("Duyệt"),
    "returned": gettext_lazy("Trả lại"),
    "published": gettext_lazy("Đăng"),
    "in_review": gettext_lazy("Gửi duyệt"),
    "hidden": gettext_lazy("Ẩn"),
    "replied": gettext_lazy("Trả lời"),
    "cancelled": gettext_lazy("Hủy"),
    "promoted": gettext_lazy("Chuyển từ danh sách chờ"),
    "erased": gettext_lazy("Xóa dữ liệu cá nhân"),
    "personal_data_erased": gettext_lazy("Xóa dữ liệu cá nhân"),
    "checked_in": gettext_lazy("Điểm danh"),
    "removed": gettext_lazy("Bỏ điểm danh"),
    "attendees_mailed": gettext_lazy("Gửi thư cho người tham dự"),
    "implemented": gettext_lazy("Thực hiện"),
    "cp_status": gettext_lazy("Đổi trạng thái SXSH"),
    "progress": gettext_lazy("Cập nhật tiến độ"),
    "recomputed": gettext_lazy("Tính lại"),
    "corrected": gettext_lazy("Đính chính"),
    "queued": gettext_lazy("Đưa vào hàng đợi"),
    "password_changed": gettext_lazy("Đổi mật khẩu"),
    "issued": gettext_lazy("Cấp mới"),
    "revoked": gettext_lazy("Thu hồi"),
    "certificate_issued": gettext_lazy("Cấp giấy chứng nhận"),
    "facility_confirmed": gettext_lazy("Xác nhận người của cơ sở"),
    "facility_refused": gettext_lazy("Không nhận là người của cơ sở"),
    "ward_changed": gettext_lazy("Đổi địa bàn"),
    "applied": gettext_lazy("Áp dụng"),
    "recorded": gettext_lazy("Ghi nhận"),
    "closed": gettext_lazy("Đóng"),
    "abandoned": gettext_lazy("Bỏ dở"),
    "requeued": gettext_lazy("Đưa lại vào hàng đợi"),
    "uploaded": gettext_lazy("Tải lên"),
    "owner_changed": gettext_lazy("Đổi cơ quan chủ trì"),
    "draft": gettext_lazy("Chuyển về bản nháp"),
    "admin": gettext_lazy("(trang quản trị)"),
}
#: Field names kept as personal data on every model (besides a model's own ``personal_fields``).
PERSONAL_NAMES = frozenset({"email", "phone", "contact_email", "contact_phone", "contact_name", "reader",
                            "first_name", "last_name", "full_name"})
MASK = gettext_lazy("(ẩn – dữ liệu cá nhân)")
LOCAL_FORMAT = "%d/%m/%Y %H:%M"


def local_time(value: datetime) -> str:
    """dd/mm/yyyy HH:MM in the site's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localtime(value).strftime(LOCAL_FORMAT)


def action_label(code: str, model: type[models.Model] | None) -> str:
    """``"events.registration.cancelled"`` → "Hủy · đăng ký tham dự" (the code itself when unknown)."""
    verbs = [str(VERBS[v]) for v in code.split(".")[2:] if v in VERBS]
    if not verbs:
        return code
    noun = str(model._meta.verbose_name) if model is not None else code.split(".")[1] if "." in code else ""
    return f"{' '.join(verbs)} · {noun}" if noun else " ".join(verbs)


def personal_fields(model: type[models.Model] | None) -> frozenset[str]:
    own = frozenset(getattr(model, "personal_fields", ()))
    return own | PERSONAL_NAMES


def handles_personal_data(user: Any, model: type[models.Model] | None) -> bool:
    """Who sees personal data in the log: the administrator, and the roles that may change that kind of record."""
    return is_admin(user) or (model is not None and allows(user, model, "change"))


@dataclass
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass
class EntryView:
    entry: AuditLog
    when: str
    who: str
    action: str
    object_type: str
    object: str
    changes: list[Change]
    masked: bool

    @property
    def pk(self) -> int:
        return self.entry.pk


class _Names:
    """Names of the objects that foreign-key values point to, read in one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model: type[models.Model], value: Any) -> None:
        if value not in (None, ""):
            self.wanted[model].add(value)

    def load(self) -> None:
        for model, ids in self.wanted.items():
            # The names of related objects of entries already read in scope: a system read.
            for obj in model._base_manager.filter(pk__in=list(ids)):
                full_name = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
                self.names[(model, str(obj.pk))] = full_name or str(obj)

    def get(self, model: type[models.Model], value: Any) -> str | None:
        return self.names.get((model, str(value)))


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a key that is not (or no longer) a field: shown by its name
        return None


def _text(value: Any, field: Any, names: _Names) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.many_to_one:
        return names.get(field.related_model, value) or str(value)
    if field is not None and field.many_to_many and isinstance(value, list):
        return ", ".join(names.get(field.related_model, v) or str(v) for v in value) or "—"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return local_time(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def present(user: Any, entries: list[AuditLog]) -> list[EntryView]:
    """The entries as the user may read them (personal data masked unless their role handles it)."""
    models_of = {ct.pk: ct.model_class() for ct in ContentType.objects.filter(
        pk__in={e.content_type_id for e in entries if e.content_type_id})}
    names = _Names()
    for entry in entries:
        model = models_of.get(entry.content_type_id) if entry.content_type_id else None
        for key in set(entry.before or {}) | set(entry.after or {}):
            field = _field(model, key)
            if field is not None and field.is_relation and field.related_model is not None:
                for side in (entry.before or {}, entry.after or {}):
                    value = side.get(key)
                    for v in value if isinstance(value, list) else [value]:
                        names.want(field.related_model, v)
        if entry.user_id:
            names.want(AuditLog._meta.get_field("user").related_model, entry.user_id)  # type: ignore[arg-type]
    names.load()
    user_model = AuditLog._meta.get_field("user").related_model
    views = []
    for entry in entries:
        model = models_of.get(entry.content_type_id) if entry.content_type_id else None
        shows = handles_personal_data(user, model)
        hidden = personal_fields(model)
        changes = []
        for key, old, new in entry.changed_fields():
            field = _field(model, key)
            label = capfirst(str(field.verbose_name)) if field is not None and hasattr(field, "verbose_name") else key
            if key in hidden and not shows:
                changes.append(Change(key, label, str(MASK) if old not in (None, "") else "—",
                                      str(MASK) if new not in (None, "") else "—"))
            else:
                changes.append(Change(key, label, _text(old, field, names), _text(new, field, names)))
        personal_repr = bool(getattr(model, "personal_repr", False))
        who = _("Hệ thống")
        if entry.user_id:
            who = names.get(user_model, entry.user_id) or entry.user_name  # type: ignore[arg-type]
        elif entry.user_name:
            who = entry.user_name
        views.append(EntryView(
            entry=entry, when=local_time(entry.timestamp), who=str(who),
            action=action_label(entry.action, model),
            object_type=str(model._meta.verbose_name) if model is not None else "—",
            object=str(MASK) if personal_repr and not shows else entry.object_repr,
            changes=changes, masked=not shows))
    return views
