"""The user's background tasks: list, detail with live progress, result download (others' are 404)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sxsh.core.downloads import stored_file_response
from sxsh.core.tables import export_view, render_page

from . import selectors
from .models import BackgroundTask, TaskStatus
from .registry import kind_of, title_of
from .tables import TASKS


def _context(record: BackgroundTask) -> dict[str, Any]:
    kind = kind_of(record)
    return {"task": record, "title": title_of(record), "done_url": kind.done_url if kind else ""}


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, TASKS, "tasks/task_list.html")


task_export = export_view(TASKS)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.task_for(request.user, pk)
    return render(request, "tasks/task_detail.html", _context(record))


@login_required
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.task_for(request.user, pk)
    return render(request, "tasks/_progress.html", _context(record))


@login_required
def task_download(request: HttpRequest, pk: int) -> FileResponse:
    record = selectors.task_for(request.user, pk)
    if not record.result_file:
        raise Http404
    return stored_file_response(record.result_file, filename=record.result_name)


def follow(record: BackgroundTask) -> HttpResponse:
    """Where to send the user who started ``record``: its file when it is already done (a task run at once),
    else its page, which shows the progress and then the result."""
    if record.status == TaskStatus.DONE and record.result_file:
        return redirect("tasks:download", record.pk)
    return redirect("tasks:detail", record.pk)
