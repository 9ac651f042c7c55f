"""The assessments app's listed kinds, each declared once (``core.tables``): assessments."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core import tables as t
from sxsh.directory.selectors import facilities_for

from . import selectors
from .models import STEPS, Assessment, AssessmentKind, OptionStatus


def _assessments(user: Any) -> QuerySet[Assessment]:
    return selectors.assessments_for(user).annotate(
        option_count=Count("options", distinct=True),
        implemented_count=Count("options", filter=Q(options__status=OptionStatus.IMPLEMENTED), distinct=True),
        tasks_done=Count("tasks", filter=Q(tasks__done=True), distinct=True),
    )


class AssessmentFilters(t.FilterSet):
    q = t.SearchFilter(fields=("search_text", "facility__search_text"))
    facility = t.related("facility", lambda request: facilities_for(request.user), _("Cơ sở"))
    kind = t.choice("kind", AssessmentKind.choices, _("Hình thức"))
    step = t.choice("current_step", [(n, f"{n}. {label}") for n, label in STEPS], _("Bước"))


class AssessmentTable(t.Table):
    title = t.NameColumn(_("Đợt đánh giá"), kind="name", linkify=lambda record: reverse(
        "assessments:assessment_detail", args=[record.pk]))
    facility = t.Column(_("Cơ sở"), accessor="facility__name", kind="name")
    ward = t.Column(_("Địa bàn"), accessor="facility__ward__name")
    kind = t.Column(_("Hình thức"))
    consultant = t.Column(_("Chuyên gia"), accessor="consultant", order_by="consultant__username")
    start_date = t.DateColumn(_("Bắt đầu"))
    current_step = t.Column(_("Bước"))
    tasks_done = t.IntegerColumn(_("Nhiệm vụ xong (trên 18)"))
    option_count = t.IntegerColumn(_("Giải pháp"))
    implemented_count = t.IntegerColumn(_("Giải pháp đã thực hiện"))

    def render_consultant(self, value: Any) -> str:
        return str(value.get_full_name() or value.username)

    value_consultant = render_consultant


ASSESSMENTS = t.register(t.Listing(
    name="assessments", title=_("Đánh giá SXSH"), model=Assessment, rows=_assessments,
    filterset=AssessmentFilters, table=AssessmentTable, ordering=("-start_date", "-pk"), filename="danh-gia-sxsh",
    page="assessments:assessment_list", export="assessments:assessment_list_export",
    default_columns=("title", "facility", "kind", "start_date", "current_step", "tasks_done", "option_count",
                     "implemented_count"),
    detail=t.url("assessments:assessment_detail"),
))
