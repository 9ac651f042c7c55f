"""Reading task records: each user sees their own (the administrator sees all)."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sxsh.core.scoping import is_admin

from .models import BackgroundTask


def tasks_for(user: Any) -> QuerySet[BackgroundTask]:
    qs = BackgroundTask.objects.select_related("created_by")
    return qs if is_admin(user) else qs.filter(created_by=user)


def task_for(user: Any, pk: int) -> BackgroundTask:
    """One of ``user``'s tasks; anything else is 404."""
    return get_object_or_404(tasks_for(user), pk=pk)
