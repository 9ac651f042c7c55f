"""Kinds of background task: ``@long_task`` turns a body into a Tasks API task with a user-facing record.

A body takes a :class:`Run` (its parameters, the user who asked, a progress callback) and returns
``(file name, bytes)`` for a downloadable result, or None. Apps declare their kinds in ``tasks.py``
(discovered when the apps load), and start them with ``services.start(kind, acting_user=…, params=…)``.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from django_tasks.base import Task

from .models import BackgroundTask

Output = tuple[str, bytes] | None
Body = Callable[["Run"], Output]


def _signed_in(user: Any) -> bool:
    return user is not None and user.is_authenticated


@dataclass(frozen=True)
class Kind:
    task: Task[[int], None]
    title: Any
    allowed: Callable[[Any], bool]
    done_url: str = ""  # where to look at the outcome (a URL name), when it is not a file
    private: bool = False  # parameters hold personal data (e-mail addresses): not copied into the audit log


#: module path of the task -> its kind
KINDS: dict[str, Kind] = {}


class TaskError(Exception):
    """A failure the user can act on: its message (Vietnamese) is what the task's page shows."""


class Run:
    """What a task body gets: the record's parameters, the user who asked, and progress reporting. A body
    may set ``summary``, the message shown once it is done (else "Hoàn thành.")."""

    def __init__(self, record: BackgroundTask, progress: Callable[[int, str], None]) -> None:
        self.record = record
        self.params: dict[str, Any] = record.params
        self.progress = progress
        self.summary = ""

    @functools.cached_property
    def user(self) -> Any:
        """The user who started the task (None for the system), as they are now."""
        if self.record.created_by_id is None:
            return None
        return get_user_model().objects.get(pk=self.record.created_by_id)


def long_task(*, title: Any, allowed: Callable[[Any], bool] = _signed_in, done_url: str = "", private: bool = False,
              queue_name: str = "default") -> Callable[[Body], Task[[int], None]]:
    """Declare a kind of background task; the decorated name becomes the Tasks API task."""

    def declare(body: Body) -> Task[[int], None]:
        @functools.wraps(body)
        def entry(record_id: int) -> None:
            from .runner import execute

            execute(record_id, body)

        declared = task(queue_name=queue_name)(entry)
        KINDS[declared.module_path] = Kind(declared, title, allowed, done_url, private)
        return declared

    return declare


def kind_of(record: BackgroundTask) -> Kind | None:
    """The record's kind, importing its module if this process has not yet (a worker sweeping)."""
    if record.kind not in KINDS and record.kind.startswith("sxsh."):
        try:
            import_string(record.kind)
        except ImportError:
            return None
    return KINDS.get(record.kind)


def title_of(record: BackgroundTask) -> Any:
    kind = kind_of(record)
    return kind.title if kind is not None else _("Công việc nền")
