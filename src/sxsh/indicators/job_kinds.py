"""The kinds of background job: recomputing indicators, exporting the dashboard and the values."""

from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from sxsh.calc.money import format_number
from sxsh.calc.text import slugify_vi

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


@runner("values_xlsx", lambda user: user is not None and user.is_authenticated)
def values_xlsx(job: Job, progress: Callable[[int, str], None]) -> tuple[str, bytes]:
    """Every value of a unit's subtree for a year (or one period), for analysis elsewhere."""
    user = _user(job)
    filters = selectors.DashboardFilters.from_params(job.params, selectors.default_year(user))
    unit = selectors.unit_for(user, filters.unit_id)
    period = filters.period if job.params.get("scope") == "period" else None
    values = selectors.export_values(user, unit=unit, year=filters.year, period=period, sector_id=filters.sector_id)
    total = values.count()
    progress(5, _("%(n)s giá trị") % {"n": format_number(total)})

    def counted() -> Iterator[tuple[Any, ...]]:
        for done, row in enumerate(values.iterator(chunk_size=5000), start=1):
            if done % 20000 == 0:
                progress(5 + int(90 * done / max(total, 1)), _("%(done)s/%(n)s giá trị") % {
                    "done": format_number(done), "n": format_number(total)})
            yield row

    body = exports.values_xlsx(counted())
    stem = "du-lieu-chi-tieu" if period is None else f"du-lieu-chi-tieu-{period.key}"
    return f"{stem}-{slugify_vi(unit.name)}-{filters.year}.xlsx", body
