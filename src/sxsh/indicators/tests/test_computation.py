from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sxsh.indicators import comparison, engine, services, sources
from sxsh.indicators.comparison import TargetInfo
from sxsh.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from sxsh.indicators.periods import Period, periods_of_year
from sxsh.indicators.selectors import display
from sxsh.indicators.tests import plain_engine


def test_period_bounds_and_parsing() -> None:
    assert Period.parse(2019, "q4").start == date(2019, 10, 1)
    assert Period.parse(2019, "q4").end == date(2019, 12, 31)
    assert Period.parse(2020, "m2").end == date(2020, 2, 29)
    assert Period.parse(2019, "").kind == "year"
    assert len(periods_of_year(2019)) == 17
    for bad in ("q5", "m13", "x1", "q"):
        with pytest.raises(ValueError):
            Period.parse(2019, bad)


def test_zero_denominator_is_no_data_not_zero() -> None:
    assert engine.ratio_value(Decimal(0), Decimal(0), Decimal(100), True) is None
    assert engine.ratio_value(Decimal(3), None, Decimal(100), True) is None
    assert engine.ratio_value(Decimal(1), Decimal(4), Decimal(100), True) == Decimal("25.0000")
    assert engine.ratio_value(Decimal(0), None, Decimal(1), False) == Decimal(0)
    assert display(None) == "không có dữ liệu"
    assert display(Decimal("12.3456"), 1) == "12,3"


def test_traffic_light() -> None:
    t = TargetInfo(2020, Decimal(50), None, "")
    assert comparison.status(Decimal(50), t) == comparison.MET
    assert comparison.status(Decimal(41), t) == comparison.CLOSE
    assert comparison.status(Decimal(20), t) == comparison.NOT_MET
    assert comparison.status(None, t) == comparison.NO_DATA
    assert comparison.status(Decimal(20), None) == comparison.NO_TARGET
    assert comparison.status(Decimal(40), t, higher_is_better=False) == comparison.MET
    assert comparison.status(Decimal(90), t, higher_is_better=False) == comparison.NOT_MET
    targets = [TargetInfo(2015, Decimal(25), None, ""), TargetInfo(2020, Decimal(50), None, "")]
    assert comparison.applicable_target(targets, 2019).year == 2020  # the milestone in force
    assert comparison.applicable_target(targets, 2015).year == 2015
    assert comparison.applicable_target(targets, 2021) is None


@pytest.mark.django_db
def test_catalogue_is_seeded_with_national_targets() -> None:
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {"cp_aware_share", "cp_applying_share", "cp_savings_per_product", "events_held", "people_trained",
            "handbooks_distributed", "facilities_supported", "money_saved", "tco2e_avoided"} <= codes
    aware = IndicatorTarget.objects.get(indicator__code="cp_aware_share", year=2020)
    assert aware.value == 90
    savings = IndicatorTarget.objects.get(indicator__code="cp_savings_per_product", year=2015)
    assert (savings.value, savings.value_high) == (5, 8)


def _value(code: str, unit: Any, kind: str = "year", no: int = 0, sector: Any = None) -> IndicatorValue:
    return IndicatorValue.objects.get(view="reported", indicator__code=code, unit=unit, year=2019, period_kind=kind,
                                      period_no=no, sector=sector)


def test_shares_use_status_history_as_of_period_end(world: dict[str, Any], hang_bac: Any, district: Any) -> None:
    year = _value("cp_applying_share", hang_bac)
    assert year.value == Decimal(50)  # 2 of 4 by 31/12/2019
    assert sorted(year.record_ids) == sorted([world["hb_applying"].pk, world["hb_late"].pk])
    q3 = _value("cp_applying_share", hang_bac, "quarter", 3)
    assert q3.record_ids == [world["hb_applying"].pk]  # the late one started applying in November
    assert q3.value == Decimal(25)
    aware = _value("cp_aware_share", hang_bac)
    assert aware.value == Decimal(75)
    whole = _value("cp_applying_share", district)
    assert whole.numerator == 3 and whole.denominator == 6 and whole.value == Decimal(50)
    assert _value("supporting_industry_facilities", hang_bac).record_ids == [world["hb_aware"].pk]
    key = _value("key_sector_facilities", hang_bac)
    assert key.value == 3  # C10, C14, C25 but not C18 (printing)


def test_sector_values_and_no_data_before_any_record(world: dict[str, Any], hang_bac: Any) -> None:
    c10 = world["hb_applying"].sector
    assert _value("cp_applying_share", hang_bac, sector=c10).value == Decimal(100)
    january = _value("cp_applying_share", hang_bac, "month", 1)
    assert january.value == 0
    services.recompute(acting_user=None, years=[2018])
    before = IndicatorValue.objects.get(view="reported", indicator__code="cp_applying_share", unit=hang_bac, year=2018,
                                        period_kind="year", sector=None)
    assert before.value is None and before.denominator == 0  # nobody known yet: no data, not 0


def test_recompute_replaces_values(world: dict[str, Any], hang_bac: Any) -> None:
    first = _value("cp_applying_share", hang_bac)
    from sxsh.indicators.tests.conftest import history

    history(world["hb_aware"], ("applying", date(2019, 12, 1)))
    services.recompute(acting_user=None, years=[2019], codes=["cp_applying_share"])
    second = _value("cp_applying_share", hang_bac)
    assert second.value == Decimal(75) and second.computed_at >= first.computed_at
    assert IndicatorValue.objects.filter(view="reported", indicator__code="cp_applying_share", year=2019, unit=hang_bac,
                                         period_kind="year", sector=None).count() == 1


def test_missing_source_is_no_data(world: dict[str, Any], monkeypatch: Any, hang_bac: Any, users: Any) -> None:
    assert sources.compute("no_such_indicator", Period("year", 2019)) is None
    assert IndicatorValue.objects.filter(indicator__code="events_held", year=2019).exists()
    # an app that is not there (yet): its source answers None and its values disappear, never a 0
    monkeypatch.setattr(sources, "model_or_none", lambda label: None)
    monkeypatch.setattr(sources, "function_or_none", lambda module, name: None)
    services.recompute(acting_user=None, years=[2019])
    for code in ("events_held", "people_trained", "handbooks_distributed", "money_saved", "cp_savings_per_product"):
        assert not IndicatorValue.objects.filter(indicator__code=code).exists(), code
    from sxsh.indicators.selectors import summary_rows

    rows = {r.code: r for r in summary_rows(users["district"], hang_bac, Period("year", 2019))}
    assert rows["events_held"].value is None and rows["events_held"].status == "no_data"
    assert rows["events_held"].value_text == "không có dữ liệu"
    assert IndicatorValue.objects.filter(indicator__code="cp_applying_share", year=2019).exists()


def test_only_allowed_roles_recompute(users: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.recompute(acting_user=users["ward"], years=[2019])
    assert services.recompute(acting_user=users["district"], years=[2019], codes=["cp_aware_share"]) > 0


def test_svg_chart_geometry() -> None:
    from sxsh.indicators import charts

    bars = charts.bar_chart([("A", Decimal(50), "/a", ""), ("B", None, "", ""), ("C", Decimal(25), "", "")],
                            decimals=1, target=Decimal(100))
    assert [b.has_value for b in bars.bars] == [True, False, True]
    assert bars.bars[1].value_text == "không có dữ liệu" and bars.bars[0].value_text == "50,0"
    assert bars.bars[0].width == 2 * bars.bars[2].width
    assert bars.target_x == bars.label_width + bars.plot_width
    line = charts.line_chart([(2018, Decimal(1)), (2019, None), (2020, Decimal(3))], target=Decimal(4))
    assert line.path.count("M") == 2 and "L" not in line.path  # a gap where there is no data
    assert [t.label for t in line.ticks] == ["2018", "2019", "2020"]
    assert line.target_y is not None and line.target_y < min(p.y for p in line.points)


def test_facts_count_in_every_ancestor_unit() -> None:
    assert engine.ancestor_paths("/ha-noi/hoan-kiem/hang-bac/") == [
        "/ha-noi/", "/ha-noi/hoan-kiem/", "/ha-noi/hoan-kiem/hang-bac/"]
    result = sources.SourceResult("x.y", [
        sources.Fact(1, "/a/b/c/", 7, Decimal(1), Decimal(1)),
        sources.Fact(2, "/a/b/d/", 7, Decimal(0), Decimal(1)),
        sources.Fact(3, "/a/e/f/", 8, Decimal(1), Decimal(1)),
    ])
    out = {(c.unit_id, c.sector_id): c for c in plain_engine.cells(
        result, [(1, "/a/"), (2, "/a/b/"), (3, "/a/b/c/"), (4, "/a/b/x/")], Decimal(100), True)}
    assert out[(1, None)].value == Decimal("66.6667") and out[(1, None)].record_ids == [1, 3]
    assert out[(2, None)].value == Decimal(50) and out[(2, 7)].value == Decimal(50)
    assert out[(3, None)].value == Decimal(100)
    assert out[(4, None)].value is None and (4, 7) not in out  # nothing there: no data, no sector rows
