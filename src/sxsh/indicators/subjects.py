"""What a periodic report reports on (its "trích yếu"): the subject its unit wrote, or, while none is written,
the programme in force for the unit in the period. Submitting a report stores the subject it was sent with, so
a report reads afterwards as it was reported whatever programmes are recorded later."""

from typing import Any

from django.apps import apps

from sxsh.core.scoping import ancestor_paths
from sxsh.directory.models import AdministrativeUnit

from .models import Report
from .periods import Period


def programme_for(unit: AdministrativeUnit, period: Period) -> Any:
    """The plan a unit's report answers to: issued (not a draft) for the unit or a unit above it and in force
    over part of the period; the nearest unit's, then the latest issued. (Read by name: plans depends on
    indicators for its achieved values, not the reverse.)"""
    plan_model = apps.get_model("plans", "Plan")
    plans = (plan_model.objects.unscoped("the programme a report answers to: its number and issuer head the report")
             .filter(unit__path__in=ancestor_paths(unit.path), period_start__lte=period.end,
                     period_end__gte=period.start).exclude(status="draft").select_related("issuer", "unit"))
    return max(plans, key=lambda p: (len(p.unit.path), p.issued_on, p.pk), default=None)


def report_subject(unit: AdministrativeUnit, period: Period) -> str:
    """What the report reports on, from data: the programme in force for the unit in the period (its kind,
    number, date and issuer), or cleaner production in industry where none is recorded."""
    plan = programme_for(unit, period)
    if plan is None:
        return f"Kết quả thực hiện sản xuất sạch hơn trong công nghiệp {period.label}"
    return f"Kết quả thực hiện {plan.reference} {period.label}"


def subject_of(report: Report) -> str:
    """The report's stored subject, else the one derived from the programme in force."""
    return report.subject or report_subject(report.unit, Period(report.period_kind, report.year, report.period_no))
