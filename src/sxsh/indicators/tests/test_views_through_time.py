"""Two honest views of every series across the 2025 reorganisation: as reported, and restated to today."""

import json
from datetime import date
from typing import Any

import pytest

from sxsh.directory import services as directory_services
from sxsh.directory.models import AdministrativeUnit, CPStatusChange, Facility
from sxsh.directory.reference import HA_NOI_2025
from sxsh.indicators import selectors, services
from sxsh.indicators.models import IndicatorValue
from sxsh.testing.factories import FacilityFactory

OLD = "/ha-noi/hoan-kiem/"


def unit(path: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(path=path)


def status(facility: Facility, value: str, day: date) -> None:
    CPStatusChange.objects.create(facility=facility, status=value, effective_date=day)


@pytest.fixture
def facilities(reference: None) -> dict[str, Facility]:
    """Facilities in wards that moved whole (Hàng Bạc, Hàng Bài) and split (Hàng Bông, Cửa Nam), with 2019 status."""
    made = {
        "hang_bac_applying": FacilityFactory(ward=unit(OLD + "hang-bac/")),
        "hang_bac_aware": FacilityFactory(ward=unit(OLD + "hang-bac/")),
        "hang_bai_applying": FacilityFactory(ward=unit(OLD + "hang-bai/")),
        "hang_bong_placed": FacilityFactory(ward=unit(OLD + "hang-bong/"), address="5 Hàng Bông"),
        "hang_bong_unplaced": FacilityFactory(ward=unit(OLD + "hang-bong/"), address="90 Hàng Bông"),
        "cua_nam_unplaced": FacilityFactory(ward=unit(OLD + "cua-nam/")),
    }
    for key, facility in made.items():
        status(facility, "unaware", date(2019, 1, 15))
        status(facility, "applying" if "applying" in key or "placed" in key else "aware", date(2019, 9, 1))
    return made


def reported(year: int) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    rows = IndicatorValue.objects.filter(year=year, view="reported").values_list(
        "indicator__code", "period_kind", "period_no", "unit__path", "sector_id", "numerator", "denominator", "value",
        "record_count", "period_start", "period_end")
    return {r[:5]: r[5:] for r in rows}


def apply_2025(facilities: dict[str, Facility]) -> None:
    reorganisation, _ = directory_services.record_reorganisation(
        acting_user=None, data=json.loads(HA_NOI_2025.read_text(encoding="utf-8")))
    directory_services.apply_reorganisation(acting_user=None, reorganisation=reorganisation)
    directory_services.place_facilities(acting_user=None, facilities=[facilities["hang_bong_placed"]],
                                        target=unit("/ha-noi/phuong-hoan-kiem/"))


def test_the_reorganisation_keeps_2019_as_reported_and_restates_it_under_todays_wards(
    facilities: dict[str, Facility],
) -> None:
    services.recompute(acting_user=None, years=[2019])
    before = reported(2019)
    assert before[("cp_applying_share", "year", 0, OLD + "hang-bac/", None)][:3] == (1, 2, 50)

    apply_2025(facilities)
    services.recompute(acting_user=None, years=[2019])
    assert reported(2019) == before  # every 2019 figure as reported, unchanged

    new_ward = unit("/ha-noi/phuong-hoan-kiem/")
    restated = IndicatorValue.objects.get(indicator__code="cp_applying_share", year=2019, period_kind="year",
                                          unit=new_ward, sector=None, view="restated")
    placed = Facility.objects.filter(ward=new_ward)  # Hàng Bạc's two, and the placed one of Hàng Bông
    assert {f.pk for f in placed} == {facilities[k].pk for k in ("hang_bac_applying", "hang_bac_aware",
                                                                 "hang_bong_placed")}
    applying = [f.pk for f in placed if f.status_history.filter(effective_date__lte=date(2019, 12, 31))
                .order_by("-effective_date", "-id").first().status == "applying"]  # type: ignore[union-attr]
    assert (restated.numerator, restated.denominator) == (len(applying), placed.count())
    assert sorted(selectors.drilldown_ids(restated)) == sorted(applying)
    city = IndicatorValue.objects.get(indicator__code="cp_applying_share", year=2019, period_kind="year",
                                      unit=unit("/ha-noi/"), sector=None, view="restated")
    assert city.denominator == 6 and city.unplaced_count == 2  # the two facilities still on the work list
    assert not IndicatorValue.objects.filter(view="restated", unit__path__startswith=OLD).exists()


def test_2025_has_both_structures(facilities: dict[str, Facility]) -> None:
    apply_2025(facilities)
    services.recompute(acting_user=None, years=[2025], codes=["cp_applying_share"])
    values = IndicatorValue.objects.filter(year=2025, period_kind="year", view="reported", sector=None)
    spans = {v.unit.path: (v.period_start, v.period_end) for v in values.select_related("unit")}
    assert spans[OLD + "hang-bac/"] == (date(2025, 1, 1), date(2025, 6, 30))
    assert spans[OLD] == (date(2025, 1, 1), date(2025, 6, 30))
    assert spans["/ha-noi/phuong-hoan-kiem/"] == (date(2025, 7, 1), date(2025, 12, 31))
    assert spans["/ha-noi/"] == (date(2025, 1, 1), date(2025, 12, 31))
    assert not values.filter(period_no=0, unit__path=OLD + "hang-bac/", period_kind="quarter").exists()
    q3 = IndicatorValue.objects.filter(year=2025, period_kind="quarter", period_no=3, view="reported")
    assert not q3.filter(unit__path__startswith=OLD).exists() and q3.filter(unit__path="/ha-noi/phuong-cua-nam/").exists()
    old_ward = values.get(unit__path=OLD + "hang-bac/")
    assert (old_ward.numerator, old_ward.denominator) == (1, 2)  # its facilities as they were on 30/6/2025


@pytest.mark.parametrize("view", ["reported", "restated"])
def test_the_dashboard_says_which_view_it_shows(facilities: dict[str, Facility], users: dict[str, Any],
                                                client_for: Any, django_assert_max_num_queries: Any,
                                                view: str) -> None:
    apply_2025(facilities)
    services.recompute(acting_user=None, years=[2019])
    client = client_for(users["doit"])
    with django_assert_max_num_queries(24):
        html = client.get("/chi-tieu/", {"year": 2019, "view": view, "unit": unit("/ha-noi/").pk}).content.decode()
    assert f'data-view="{view}"' in html
    assert ("Quy về địa giới hiện nay" if view == "restated" else "Theo địa giới khi báo cáo") in html
    assert ("Phường Hoàn Kiếm" in html) == (view == "restated")
    api = client.get("/api/indicators/values", {"year": 2019, "view": view, "unit": unit("/ha-noi/").pk}).json()
    assert api["count"] > 0 and {v["view"] for v in api["items"]} == {view}
