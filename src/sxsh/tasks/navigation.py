from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.todo import Todo

ITEMS = [MenuItem(_("Công việc nền"), "tasks:list", order=95)]


def _title(task: Any) -> str:
    from .registry import title_of

    return str(title_of(task))


def _failed(user: Any) -> Any:
    from .models import TaskStatus
    from .selectors import tasks_for

    return tasks_for(user).filter(status=TaskStatus.FAILED).order_by("-created_at", "-pk")


TODO = [Todo(_("Công việc nền bị lỗi"), rows=_failed, order=90, url=lambda user, first: reverse("tasks:list"),
             link=lambda t: reverse("tasks:detail", args=[t.pk]), label=_title)]
