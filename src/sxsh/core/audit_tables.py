"""The audit log as a declared listing (``core.tables``): page, export and API read the entries through
``auditlog.present``, so names are resolved and personal data masked exactly as on the detail page."""

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import auditlog, selectors
from . import tables as t
from .models import AuditLog


class ObjectTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name) if model is not None else str(obj)


class ObjectTypeFilter(t.django_filters.ModelChoiceFilter):
    field_class = ObjectTypeField


def _object_types(request: Any) -> QuerySet[ContentType]:
    types = selectors.audit_scope(request.user).order_by().values("content_type_id").distinct()
    return ContentType.objects.filter(pk__in=types).order_by("app_label", "model")


class AuditFilters(t.FilterSet):
    action = t.django_filters.CharFilter(label=_("Hành động"), max_length=100, method="by_action")
    user = t.related("user", lambda request: selectors.audit_people(request.user), _("Người thực hiện"))
    object_type = ObjectTypeFilter(field_name="content_type", queryset=_object_types, label=_("Loại đối tượng"),
                                   empty_label=t.ALL)
    date_from = t.day("timestamp", "date__gte", _("Từ ngày"))
    date_to = t.day("timestamp", "date__lte", _("Đến ngày"))
    request_id = t.django_filters.CharFilter(label=_("Mã yêu cầu"), max_length=64)

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        actions = selectors.audit_actions(request.user) if request is not None else []
        self.filters["action"].extra["widget"] = forms.Select(choices=[("", t.ALL), *actions])

    def by_action(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """An action code, or its first parts ("events.registration")."""
        return queryset.filter(Q(action=value) | Q(action__startswith=value + "."))


class AuditTable(t.Table):
    timestamp = t.DateColumn(_("Thời điểm"), kind="datetime")
    who = t.Column(_("Người thực hiện"), accessor="user_name", empty_values=())
    action = t.Column(_("Hành động"), empty_values=())
    object_type = t.Column(_("Loại đối tượng"), accessor="content_type__model", empty_values=())
    object = t.Column(_("Đối tượng"), accessor="object_repr", empty_values=(), kind="name")
    changes = t.Column(_("Thay đổi"), accessor="pk", orderable=False, kind="name")
    request_id = t.Column(_("Mã yêu cầu"), kind="code")
    detail = t.Column(_("Chi tiết"), accessor="pk", orderable=False, exported=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.views: dict[int, auditlog.EntryView] = {}

    def prepare(self, records: list[Any]) -> None:
        user = self.request.user if self.request is not None else None
        self.views.update({v.pk: v for v in auditlog.present(user, [r for r in records if r.pk not in self.views])})

    def view(self, record: AuditLog) -> auditlog.EntryView:
        if record.pk not in self.views:
            self.prepare([record])
        return self.views[record.pk]

    def render_timestamp(self, record: AuditLog) -> str:
        return self.view(record).when  # dd/mm/yyyy HH:MM, as on the entry's page

    def value_timestamp(self, value: Any) -> Any:
        return t.DateColumn.value(self.columns["timestamp"].column, value)

    def render_who(self, record: AuditLog) -> str:
        return self.view(record).who

    def render_action(self, record: AuditLog) -> str:
        return self.view(record).action

    def render_object_type(self, record: AuditLog) -> str:
        return self.view(record).object_type

    def render_object(self, record: AuditLog) -> str:
        return self.view(record).object

    def render_changes(self, record: AuditLog) -> Any:
        changes = self.view(record).changes
        shown = format_html_join("", "<div><strong>{}</strong>: {} → {}</div>", (
            (c.label, _short(c.before), _short(c.after)) for c in changes[:4]))
        return format_html("{}<div>…</div>", shown) if len(changes) > 4 else shown

    def value_changes(self, record: AuditLog) -> str:
        return "\n".join(f"{c.label}: {c.before} → {c.after}" for c in self.view(record).changes)

    def render_detail(self, record: AuditLog) -> Any:
        return format_html('<a href="{}">{}</a>', reverse("core:audit_detail", args=[record.pk]), _("Chi tiết"))

    value_who, value_action, value_object_type, value_object = render_who, render_action, render_object_type, \
        render_object


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def _entries(user: Any) -> QuerySet[AuditLog]:
    entries = selectors.audit_entries(user)
    return entries if selectors.can_read_audit(user) else entries.none()


AUDIT = t.register(t.Listing(
    name="audit", title=_("Nhật ký thay đổi"), model=AuditLog, rows=_entries, filterset=AuditFilters,
    table=AuditTable, ordering=("-pk",), filename="nhat-ky-thay-doi", page="core:audit_log",
    export="core:audit_export", page_size=50,
    default_columns=("timestamp", "who", "action", "object", "changes", "detail"),
    detail=t.url("core:audit_detail"), opens=selectors.can_read_audit,
))
