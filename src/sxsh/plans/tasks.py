"""The plans' background task: the official progress report (PDF, DOCX or XLSX) of a plan on a date."""

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sxsh.tasks.registry import Output, Run, TaskError, long_task

from . import exports, selectors
from .models import Plan


def progress_report(user: Any, plan: Plan, fmt: str, *, number: str = "", report_date: date | None = None,
                    ) -> tuple[str, bytes]:
    """The file name and bytes of ``plan``'s report as of ``report_date`` (today by default), for ``user``."""
    overview = selectors.plan_overview(user, plan, as_of=report_date or selectors.today(), with_narratives=True)
    return exports.file_name(overview, fmt), exports.FORMATS[fmt](overview, number)


@long_task(title=gettext_lazy("Báo cáo kết quả thực hiện"))
def report_document(run: Run) -> Output:
    """Built in Vietnamese (an official document) for the user as they are now; a plan they may no longer
    read fails with a message instead."""
    with translation.override(settings.LANGUAGE_CODE):
        plan = selectors.plans_for(run.user).filter(pk=run.params["plan"]).first()
        if plan is None or run.params.get("format") not in exports.FORMATS:
            raise TaskError(_("Không tạo được báo cáo: kế hoạch không còn trong phạm vi của bạn."))
        run.progress(10, "")
        day = run.params.get("report_date")
        return progress_report(run.user, plan, run.params["format"], number=run.params.get("number", ""),
                               report_date=date.fromisoformat(day) if day else None)
