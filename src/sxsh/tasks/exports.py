"""Large "export what I see" files, built by a worker: the listing, its query string and the user's language
are the task's parameters, so the file holds the rows the user would have downloaded, read in their scope
as it is when the task runs."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sxsh.calc.money import format_number
from sxsh.core import tables

from . import services
from .registry import Output, Run, long_task
from .views import follow


@long_task(title=gettext_lazy("Xuất danh sách ra tệp"))
def listing_export(run: Run) -> Output:
    listing = tables.registry()[run.params["listing"]]
    request = HttpRequest()
    request.user = run.user
    request.GET = QueryDict(run.params["query"])

    def progress(done: int, total: int) -> None:
        run.progress(int(95 * done / max(total, 1)), _("%(done)s/%(n)s dòng") % {
            "done": format_number(done), "n": format_number(total)})

    with translation.override(run.params.get("language") or None):
        selection = listing.select(request, request.GET)
        return tables.export_file(selection, run.params["format"], progress=progress)


def start_export(request: HttpRequest, listing: tables.Listing, fmt: str) -> HttpResponse:
    """Queue the export and send the user to the task's page (progress, then the file), or to the file when
    the task ran at once."""
    params: dict[str, Any] = {"listing": listing.name, "format": fmt, "query": request.GET.urlencode(),
                              "language": translation.get_language()}
    record = services.start(listing_export, acting_user=request.user, params=params)
    if not record.is_finished:
        messages.info(request, _("Danh sách “%(title)s” có nhiều dòng nên tệp được tạo trong nền; tải tệp về ở "
                                 "đây khi công việc hoàn thành.") % {"title": listing.title})
    return follow(record)
