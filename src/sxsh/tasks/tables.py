"""The tasks app's listed kind, declared once (``core.tables``): the user's background tasks."""

from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sxsh.core import tables as t

from . import selectors
from .models import BackgroundTask, TaskStatus
from .registry import KINDS, title_of


def _kinds() -> list[tuple[str, Any]]:
    return sorted(((path, kind.title) for path, kind in KINDS.items()), key=lambda choice: str(choice[1]))


class TaskFilters(t.FilterSet):
    kind = t.choice("kind", _kinds, _("Công việc"))
    status = t.choice("status", TaskStatus.choices, _("Trạng thái"))
    created_from = t.day("created_at__date", "gte", _("Tạo từ ngày"))
    created_to = t.day("created_at__date", "lte", _("Tạo đến ngày"))


class TaskTable(t.Table):
    number = t.IntegerColumn("#", accessor="pk", linkify=lambda record: reverse("tasks:detail", args=[record.pk]))
    kind = t.Column(_("Công việc"), linkify=lambda record: reverse("tasks:detail", args=[record.pk]))
    status = t.TagColumn(_("Trạng thái"))
    progress = t.IntegerColumn(_("Tiến độ (%)"))
    created_at = t.DateColumn(_("Tạo lúc"), kind="datetime")
    finished_at = t.DateColumn(_("Kết thúc lúc"), kind="datetime")
    created_by = t.Column(_("Người tạo"), accessor="created_by__username")
    message = t.Column(_("Thông báo"))
    result = t.Column(_("Kết quả"), accessor="pk", orderable=False, exported=False)

    def render_kind(self, record: BackgroundTask) -> str:
        return str(title_of(record))

    def value_kind(self, record: BackgroundTask) -> str:
        return str(title_of(record))

    def render_result(self, record: BackgroundTask) -> Any:
        if record.status == TaskStatus.DONE and record.result_file:
            return format_html('<a href="{}">{}</a>', reverse("tasks:download", args=[record.pk]), record.result_name)
        return record.message if record.status == TaskStatus.FAILED else ""


TASKS = t.register(t.Listing(
    name="tasks", title=_("Công việc nền"), model=BackgroundTask, rows=lambda user: selectors.tasks_for(user),
    filterset=TaskFilters, table=TaskTable, ordering=("-created_at",), filename="cong-viec-nen",
    page="tasks:list", export="tasks:export",
    default_columns=("number", "kind", "status", "progress", "created_at", "result"),
    detail=t.url("tasks:detail"), extra={"owned_by": "created_by"},
))
