"""The synthetic dataset generator: counts, validity, determinism (small scale)."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sxsh.calc import taxcode
from sxsh.directory import synthetic
from sxsh.directory.models import AdministrativeUnit, CPStatusChange, Facility, UnitLevel


def _digest() -> str:
    """A checksum of the synthetic rows, without primary keys or timestamps."""
    h = hashlib.sha256()
    for row in AdministrativeUnit.objects.filter(path__contains="/th-").order_by("path").values_list(
        "path", "name", "kind"
    ):
        h.update(repr(row).encode())
    for row in Facility.objects.filter(tax_code__startswith=synthetic.TAX_PREFIX).order_by("tax_code").values_list(
        "tax_code", "name", "address", "ward__path", "sector__code", "size", "employees", "cp_status",
        "supporting_industry", "contact_phone", "search_text",
    ):
        h.update(repr(row).encode())
    for row in CPStatusChange.objects.filter(facility__tax_code__startswith=synthetic.TAX_PREFIX).order_by(
        "facility__tax_code", "effective_date", "status"
    ).values_list("facility__tax_code", "status", "effective_date"):
        h.update(repr(row).encode())
    return h.hexdigest()


@pytest.mark.django_db
def test_counts_paths_tax_codes_and_statuses() -> None:
    out = StringIO()
    call_command("generate_synthetic", units=2, facilities=300, years=1, seed=7, stdout=out)
    districts = AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT, code__startswith="th-")
    assert districts.count() == 2
    for district in districts:
        assert district.path == f"/ha-noi/{district.code}/"
        wards = AdministrativeUnit.objects.filter(parent=district)
        assert 10 <= wards.count() <= 20
        # The materialised path must equal what save() would compute.
        assert all(w.path == f"{district.path}{w.code}/" and w.level == UnitLevel.COMMUNE for w in wards)
    facilities = Facility.objects.filter(tax_code__startswith="09")
    assert facilities.count() == 300
    assert all(taxcode.is_valid(code) for code in facilities.values_list("tax_code", flat=True))
    assert not facilities.filter(search_text="").exists()
    assert all(f.ward.level == UnitLevel.COMMUNE and f.sector.parent_id for f in facilities.select_related("ward", "sector"))
    # Every facility has a history starting "unaware" and its current status is the latest step.
    for facility in facilities[:50]:
        history = list(facility.status_history.order_by("effective_date", "id"))
        assert history[0].status == "unaware"
        assert history[-1].status == facility.cp_status
    assert facilities.exclude(cp_status="unaware").count() > 100
    assert "facilities=300" in out.getvalue()


@pytest.mark.django_db
def test_same_seed_same_data_and_refuses_twice() -> None:
    call_command("generate_synthetic", units=1, facilities=120, years=1, seed=11, stdout=StringIO())
    first = _digest()
    with pytest.raises(CommandError):
        call_command("generate_synthetic", units=1, facilities=120, years=1, seed=11, stdout=StringIO())
    call_command("generate_synthetic", units=1, facilities=120, years=1, seed=11, flush=True, stdout=StringIO())
    assert _digest() == first
    call_command("generate_synthetic", units=1, facilities=120, years=1, seed=12, flush=True, stdout=StringIO())
    assert _digest() != first


@pytest.mark.django_db
def test_synthetic_data_is_scoped_like_any_data(make_user) -> None:  # type: ignore[no-untyped-def]
    """A district officer of one synthetic district sees exactly its facilities."""
    from sxsh.core.roles import Role

    synthetic.generate(synthetic.SyntheticConfig(units=2, facilities=200, years=1, seed=3))
    first, second = AdministrativeUnit.objects.filter(code__startswith="th-").order_by("code")
    officer = make_user(Role.DISTRICT, unit=first)
    visible = Facility.objects.restrict(officer, "view")
    expected = Facility.objects.filter(ward__parent=first).count()
    assert visible.count() == expected > 0
    assert not visible.filter(ward__parent=second).exists()


@pytest.mark.django_db
def test_every_landed_app_adds_data_deterministically() -> None:
    config = synthetic.SyntheticConfig(units=1, facilities=150, years=1, seed=21)
    first = synthetic.generate(config).counts
    synthetic.flush()
    assert not Facility.objects.filter(tax_code__startswith=synthetic.TAX_PREFIX).exists()
    second = synthetic.generate(config).counts
    assert first == second
    landed = {app for app in synthetic.APP_ORDER if synthetic._app_module(app) is not None}
    if "outreach" in landed:
        assert first["articles"] > 0 and first["comments"] > 0
    if "events" in landed:
        assert first["events"] > 0 and first["event_registrations"] > 0
    if "assessments" in landed:
        assert first["assessments"] > 0
    if "plans" in landed:
        assert first["plans"] == 1 and first["plan_activities"] >= 12 and first["plan_updates"] > 0
        _check_plans()


def _check_plans() -> None:
    """Each synthetic activity shows what its latest update says, as if the update had been posted."""
    from sxsh.plans.models import Activity
    from sxsh.plans.services import refresh_activity

    fields = ("status", "percent_complete", "spent", "last_update_on")
    activities = list(Activity.objects.filter(workstream__plan__unit__code__startswith="th-"))
    assert {a.status for a in activities} >= {"in_progress", "done"}
    for activity in activities:
        stored = [getattr(activity, f) for f in fields]
        refresh_activity(activity)
        activity.refresh_from_db()
        assert [getattr(activity, f) for f in fields] == stored, activity.title
