"""The indicators' background tasks: recomputing indicators, exporting the dashboard and the values."""

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sxsh.calc.money import format_number
from sxsh.calc.text import slugify_vi
from sxsh.core.tables import export_file
from sxsh.tasks import periodic
from sxsh.tasks.registry import Output, Run, TaskError, long_task

from . import exports, freshness, selectors, services
from .tables import VALUES


@periodic.every(5 * 60)
def keep_fresh() -> None:
    """The stale years (their sources changed) and, once a day, the current year: see ``freshness``."""
    freshness.refresh()


@long_task(title=gettext_lazy("Tính lại số liệu chỉ tiêu"), allowed=services.can_recompute,
           done_url="indicators:dashboard")
def recompute(run: Run) -> Output:
    years = [int(y) for y in run.params.get("years", [])]
    services.recompute(acting_user=run.user, years=years, progress=run.progress)
    return None


@long_task(title=gettext_lazy("Báo cáo định kỳ"))
def report_file_task(run: Run) -> Output:
    """A periodic report's official document, in Vietnamese, for the user as they are now."""
    with translation.override(settings.LANGUAGE_CODE):
        report = selectors.reports_for(run.user, "view").filter(pk=run.params["report"]).first()
        if report is None or run.params.get("format") not in exports.REPORT_FORMATS:
            raise TaskError(_("Không tạo được báo cáo: báo cáo không còn trong phạm vi của bạn."))
        run.progress(10, "")
        return exports.report_file(run.user, report, run.params["format"])


@long_task(title=gettext_lazy("Xuất Excel bảng chỉ tiêu"))
def dashboard_xlsx(run: Run) -> Output:
    filters = selectors.DashboardFilters.from_params(run.params, selectors.default_year(run.user))
    run.progress(10, "")
    data = selectors.dashboard(run.user, filters)
    run.progress(50, "")
    body = exports.dashboard_xlsx(run.user, data)
    return exports.file_name("bang-chi-tieu", data.unit, data.period, "xlsx"), body


@long_task(title=gettext_lazy("Xuất dữ liệu chi tiết các chỉ tiêu"))
def values_xlsx(run: Run) -> Output:
    """Every value of a unit's subtree for a year (or one period), for analysis elsewhere: the values listing's
    export (``tables.VALUES``, every column) with the dashboard's filters."""
    filters = selectors.DashboardFilters.from_params(run.params, selectors.default_year(run.user))
    unit = selectors.unit_for(run.user, filters.unit_id)
    period = filters.period if run.params.get("scope") == "period" else None
    query = QueryDict(urlencode({"unit": unit.pk, "year": filters.year, "view": filters.view,
                                 "sector": filters.sector_id or "", "period": period.key if period else ""}))
    request = HttpRequest()
    request.user, request.GET = run.user, query
    selection = VALUES.select(request, query)

    def progress(done: int, total: int) -> None:
        run.progress(5 + int(90 * done / max(total, 1)), _("%(done)s/%(n)s giá trị") % {
            "done": format_number(done), "n": format_number(total)})

    _name, body = export_file(selection, "xlsx", progress=progress)
    stem = "du-lieu-chi-tieu" if period is None else f"du-lieu-chi-tieu-{period.key}"
    stem += f"-{filters.view}"
    return f"{stem}-{slugify_vi(unit.name)}-{filters.year}.xlsx", body
