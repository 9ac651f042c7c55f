"""The kinds of background job: recomputing indicators and exporting the dashboard."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from . import exports, selectors, services
from .jobs import runner
from .models import Job


def _user(job: Job) -> Any:
    return get_user_model().objects.get(pk=job.created_by_id) if job.created_by_id else None


@runner("recompute", services.can_recompute)
def recompute(job: Job, progress: Callable[[int, str], None]) -> None:
    years = [int(y) for y in job.params.get("years", [])]
    services.recompute(acting_user=_user(job), years=years, progress=progress)
    return None


@runner("dashboard_xlsx", lambda user: user is not None and user.is_authenticated)
def dashboard_xlsx(job: Job, progress: Callable[[int, str], None]) -> tuple[str, bytes]:
    user = _user(job)
    filters = selectors.DashboardFilters.from_params(job.params, selectors.default_year(user))
    progress(10, "")
    data = selectors.dashboard(user, filters)
    progress(50, "")
    body = exports.dashboard_xlsx(user, data)
    return exports.file_name("bang-chi-tieu", data.unit, data.period, "xlsx"), body
