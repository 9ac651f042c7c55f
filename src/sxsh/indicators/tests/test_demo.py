"""The "done when" of the issue, on the demo data."""

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from sxsh.accounts.models import User
from sxsh.directory.models import AdministrativeUnit, CPStatusChange, Facility, FacilityWard
from sxsh.indicators.models import Indicator, IndicatorValue, Report


def _applying_on(ward: AdministrativeUnit, day: date) -> set[int]:
    """Independently of the indicators code: facilities of the ward (on ``day``: the demo applies the 2025
    reorganisation, so 2019's wards are in the history) applying CP on ``day``."""
    out = set()
    history = FacilityWard.objects.filter(ward=ward, valid_to__gte=day).values("facility_id")
    for facility in Facility.objects.filter(Q(ward=ward) | Q(pk__in=history)):
        last = CPStatusChange.objects.filter(facility=facility, effective_date__lte=day).order_by(
            "-effective_date", "-id").first()
        if last is not None and last.status in ("applying", "sustaining"):
            out.add(facility.pk)
    return out


@pytest.mark.django_db
def test_demo_dashboard_and_drill_down() -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # idempotent  # noqa: SIM115
    assert Report.objects.count() == 1 and Report.objects.get().status == "submitted"

    client = Client()
    client.force_login(User.objects.get(username="quan"))
    response = client.get(reverse("indicators:dashboard"), {"year": 2019})
    html = response.content.decode()
    rows = response.context["data"].rows
    assert {r.code for r in rows} == set(Indicator.objects.filter(is_active=True).values_list("code", flat=True))
    for row in rows:
        assert f'id="kpi-{row.code}" data-status="{row.status}"' in html
        assert row.status_label in html
    statuses = {r.code: r.status for r in rows}
    assert statuses["cp_aware_share"] in ("met", "close", "not_met")
    assert statuses["cp_applying_share"] in ("met", "close", "not_met")
    # plan targets (plans app, linked by indicator code) reach the comparison
    by_code = {r.code: r for r in rows}
    trained = by_code["people_trained"]
    assert trained.target is not None and trained.target.value == 100 and "154/KH-UBND" in trained.target.source
    assert by_code["workshops_held"].target is not None and by_code["workshops_held"].target.year == 2019

    _check_other_apps(client, by_code)

    ward = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-ma/")
    expected = _applying_on(ward, date(2019, 12, 31))
    assert expected, "the demo ward should have facilities applying CP"
    value = IndicatorValue.objects.get(view="reported", indicator__code="cp_applying_share", unit=ward, year=2019,
                                       period_kind="year", sector=None)
    page = client.get(reverse("indicators:value_detail", args=[value.pk]))
    shown = {Facility.objects.get(name=r.label).pk for r in page.context["records"]}
    assert shown == expected
    for pk in expected:
        assert Facility.objects.get(pk=pk).name in page.content.decode()


def _check_other_apps(client: Client, by_code: dict[str, Any]) -> None:
    """Sources of the apps that exist compare equal to the apps' own records (no data otherwise)."""
    from django.apps import apps
    from django.db.models import Sum

    if apps.is_installed("sxsh.outreach") and _has_model("outreach", "Distribution"):
        distribution = apps.get_model("outreach", "Distribution")
        rows = distribution.objects.filter(document__kind__in=["handbook", "technical"],
                                           distributed_on__year=2019)
        expected = rows.aggregate(n=Sum("copies"))["n"] or 0
        row = by_code["handbooks_distributed"]
        assert row.value == expected and expected > 0
        page = client.get(reverse("indicators:value_detail", args=[row.value_id]))
        assert len(page.context["records"]) == rows.count()
    if _has_model("events", "Event"):
        _check_events(client, by_code)
    if _has_model("assessments", "MVAnalysis"):
        _check_assessments(client, by_code)


def _check_events(client: Client, by_code: dict[str, Any]) -> None:
    from sxsh.events.selectors import indicator_counts
    from sxsh.indicators.sources import SYSTEM

    district = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/")
    counts = indicator_counts(SYSTEM, date(2019, 1, 1), date(2019, 12, 31), district)
    assert by_code["events_held"].value == counts["events"] and counts["events"] > 0
    assert by_code["workshops_held"].value == counts["events_by_kind"]["workshop"]
    assert by_code["people_trained"].value == counts["attendees"]
    page = client.get(reverse("indicators:value_detail", args=[by_code["events_held"].value_id]))
    assert len(page.context["records"]) == counts["events"]


def _check_assessments(client: Client, by_code: dict[str, Any]) -> None:
    from django.apps import apps

    from sxsh.assessments.analysis import mv_results

    analysis = apps.get_model("assessments", "MVAnalysis")
    valid = [r for r in mv_results(analysis.objects.select_related("target").prefetch_related("drivers"))
             if r.is_valid and any(m.year == 2019 for m in r.reporting_months)]
    row = by_code["cp_savings_per_product"]
    if valid:
        assert row.value is not None and row.value > 0 and row.status in ("met", "close", "not_met")
    for code in ("facilities_supported", "money_saved", "tco2e_avoided"):
        assert by_code[code].value is not None
    supported = by_code["facilities_supported"]
    page = client.get(reverse("indicators:value_detail", args=[supported.value_id]))
    assessment = apps.get_model("assessments", "Assessment")
    expected = {a.facility_id for a in assessment.objects.filter(start_date__lte=date(2019, 12, 31)).exclude(
        end_date__lt=date(2019, 1, 1)).select_related("facility__sector")
                if a.facility.sector.key_group or a.facility.supporting_industry}
    assert {Facility.objects.get(name=r.label).pk for r in page.context["records"]} == expected


def _has_model(app: str, name: str) -> bool:
    from django.apps import apps

    try:
        apps.get_model(app, name)
    except LookupError:
        return False
    return True
