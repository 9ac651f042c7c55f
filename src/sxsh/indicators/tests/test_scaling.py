"""The scalable recomputation gives the same results as the plain engine (sums, values, drill-down)."""

from datetime import UTC, date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sxsh.directory.models import AdministrativeUnit, CPStatusChange, UnitKind
from sxsh.indicators import engine, selectors, services, sources
from sxsh.indicators.models import IndicatorValue
from sxsh.indicators.periods import Period, periods_of_year
from sxsh.indicators.tests import plain_engine


def _check_same(result: sources.SourceResult, units: list[tuple[int, str]], is_ratio: bool) -> None:
    plain = plain_engine.cells(result, units, Decimal(100), is_ratio)
    stored = engine.stored_cells(result, units, Decimal(100), is_ratio)
    assert [(c.unit_id, c.sector_id, c.numerator, c.denominator, c.value) for c in plain] == [
        (c.unit_id, c.sector_id, c.numerator, c.denominator, c.value) for c in stored]
    paths = dict(units)
    for p, s in zip(plain, stored, strict=True):
        assert s.record_count == len(p.record_ids)
        subtree = set()
        for other in stored:
            if other.sector_id == s.sector_id and paths[other.unit_id].startswith(paths[s.unit_id]):
                subtree.update(other.own_ids)
        assert sorted(subtree) == p.record_ids, (s.unit_id, s.sector_id)


def test_stored_cells_equal_plain_cells() -> None:
    units = [(1, "/a/"), (2, "/a/b/"), (3, "/a/b/c/"), (4, "/a/b/x/"), (5, "/a/e/")]
    facts = [
        sources.Fact(1, "/a/b/c/", 7, Decimal(1), Decimal(1)),
        sources.Fact(2, "/a/b/d/", 7, Decimal(0), Decimal(1)),  # its ward is not computed: homed on /a/b/
        sources.Fact(3, "/a/e/f/", 8, Decimal(1), Decimal(1)),
        sources.Fact(4, "/a/b/", None, Decimal("2.5"), None),  # organised by the district itself, no sector
        sources.Fact(5, "/z/", 7, Decimal(1), Decimal(1)),  # outside every computed unit
    ]
    for is_ratio in (True, False):
        _check_same(sources.SourceResult("x.y", facts), units, is_ratio)
        _check_same(sources.SourceResult("x.y", facts, by_sector=False), units, is_ratio)
        # the same record behind several facts (e.g. one event in two rows) is counted once
        _check_same(sources.SourceResult("x.y", [*facts, sources.Fact(1, "/a/b/c/", 7, Decimal(2), Decimal(1))]),
                    units, is_ratio)
    stored = {(c.unit_id, c.sector_id): c for c in engine.stored_cells(
        sources.SourceResult("x.y", facts), units, Decimal(100), True)}
    assert stored[(1, None)].own_ids == [] and stored[(3, None)].own_ids == [1]  # ids only where they belong


PATHS = ["/a/", "/a/b/", "/a/b/c/", "/a/b/d/", "/a/e/", "/a/e/f/", "/g/", "/g/h/", "/z/y/", ""]


@given(
    facts=st.lists(st.tuples(st.integers(1, 30), st.sampled_from(PATHS), st.sampled_from([None, 7, 8, 9]),
                             st.decimals(-5, 5, places=2), st.sampled_from([None, Decimal(0), Decimal(1)])),
                   max_size=40),
    groups=st.lists(st.tuples(st.sampled_from(PATHS), st.sampled_from([None, 7, 8]), st.lists(
        st.integers(31, 60), max_size=4)), max_size=8),
    computed=st.sets(st.sampled_from(PATHS[:-1]), min_size=1),
    by_sector=st.booleans(), is_ratio=st.booleans(),
)
@settings(max_examples=150, deadline=None)
def test_stored_cells_equal_plain_cells_for_any_tree(
    facts: list[Any], groups: list[Any], computed: set[str], by_sector: bool, is_ratio: bool
) -> None:
    """Bottom-up roll-up = the plain engine, for any facts, groups, unit tree and repeated records."""
    result = sources.SourceResult(
        "x.y", [sources.Fact(*f) for f in facts], by_sector,
        [sources.Group(path, sector, Decimal(len(ids)), Decimal(len(ids) + 1), ids) for path, sector, ids in groups],
    )
    _check_same(result, [(i, path) for i, path in enumerate(sorted(computed), start=1)], is_ratio)


def _replay(on: date) -> list[tuple[Any, ...]]:
    """The status cells by replaying the whole history in Python, facility by facility."""
    from sxsh.directory.models import Facility

    latest: dict[int, str] = {}
    for facility_id, status in CPStatusChange.objects.filter(effective_date__lte=on).order_by(
            "facility_id", "effective_date", "id").values_list("facility_id", "status"):
        latest[facility_id] = status
    cells: dict[tuple[str, int], list[Any]] = {}
    for f in Facility.objects.select_related("ward", "sector").filter(pk__in=latest):
        cell = cells.setdefault((f.ward.path, f.sector_id), [0, [], [], [], []])
        cell[0] += 1
        for i, belongs in enumerate([latest[f.pk] in sources.AWARE, latest[f.pk] in sources.APPLYING,
                                     f.supporting_industry, bool(f.sector.key_group)], start=1):
            if belongs:
                cell[i].append(f.pk)
    return sorted((path, sector, known, *map(sorted, ids)) for (path, sector), (known, *ids) in cells.items())


def test_status_cells_in_database_equal_history_replay(world: dict[str, Any]) -> None:
    # two changes on the same day: the later record wins, as in the replay
    CPStatusChange.objects.create(facility=world["hd_unaware"], status="aware", effective_date=date(2019, 9, 1))
    CPStatusChange.objects.create(facility=world["hd_unaware"], status="committed", effective_date=date(2019, 9, 1))
    kinds = ("aware", "applying", "supporting", "key_sector")
    for day in [p.end for p in periods_of_year(2019)] + [date(2018, 12, 31), date(2020, 3, 1)]:
        cells = sorted((c.ward_path, c.sector_id, c.known, *(sorted(c.ids(k)) for k in kinds))
                       for c in sources.status_cells(day, {}))
        assert cells == _replay(day), day


def test_inserted_values_equal_bulk_create(world: dict[str, Any]) -> None:
    """The fast insert stores exactly the rows ``bulk_create`` would (every column, every type)."""
    from datetime import datetime

    from sxsh.directory.models import Sector
    from sxsh.indicators.models import Indicator

    indicator = Indicator.objects.get(code="cp_applying_share")
    unit, sector = world["hb_applying"].ward, Sector.objects.filter(parent__isnull=False).first()
    cells = [
        engine.StoredCell(unit.pk, None, Decimal("3"), Decimal("7"), Decimal("42.8571"), 3, [5, 9, 12]),
        engine.StoredCell(unit.pk, sector.pk, Decimal("0.0001"), None, None, 0, []),
        engine.StoredCell(unit.parent_id, None, Decimal("123456789012.3456"), Decimal(0), None, 1, [1]),
    ]
    stamp = datetime(2019, 12, 31, 16, 59, 59, 123456, tzinfo=UTC)

    def stored(period_no: int) -> list[tuple[Any, ...]]:
        skip = ("id", "period_no", "created_at", "updated_at")  # the period told apart; the times of writing
        fields = [f.attname for f in IndicatorValue._meta.concrete_fields if f.attname not in skip]
        return sorted(IndicatorValue.objects.filter(year=2091, period_no=period_no).values_list(*fields), key=repr)

    def value(period_no: int, **per_row: Any) -> IndicatorValue:
        return IndicatorValue(indicator=indicator, period_kind="quarter", year=2091, period_no=period_no,
                              period_start=date(2091, 1, 1), period_end=date(2091, 3, 31),
                              record_model="directory.facility", computed_at=stamp, **per_row)

    services._insert_values(value(1), cells)
    IndicatorValue.objects.bulk_create([
        value(2, unit_id=c.unit_id, sector_id=c.sector_id, numerator=c.numerator, denominator=c.denominator,
              value=c.value, record_count=c.record_count, record_ids=c.own_ids, unplaced_count=c.unplaced)
        for c in cells
    ])
    assert stored(1) == stored(2) and len(stored(1)) == 3


def test_drilldown_at_every_level_lists_the_engine_records(world: dict[str, Any], users: Any) -> None:
    for code in ("cp_applying_share", "cp_aware_share", "supporting_industry_facilities"):
        for period in (Period("year", 2019), Period("quarter", 2019, 3)):
            result = sources.compute(code, period, {})
            assert result is not None
            [(_span, units)] = services._units_by_span(period)
            plain = {(c.unit_id, c.sector_id): c.record_ids for c in plain_engine.cells(result, units, Decimal(1), True)}
            values = IndicatorValue.objects.filter(indicator__code=code, year=2019, period_kind=period.kind,
                                                   period_no=period.number, view="reported").select_related("unit")
            assert values.count() == len(plain)
            for value in values:
                assert selectors.drilldown_ids(value) == plain[(value.unit_id, value.sector_id)]
                assert value.record_count == len(plain[(value.unit_id, value.sector_id)])
    district_value = IndicatorValue.objects.get(
        indicator__code="cp_applying_share", year=2019, period_kind="year", sector=None, view="reported",
        unit=AdministrativeUnit.objects.get(path=world["hb_applying"].ward.path.rsplit("/", 2)[0] + "/"))
    listed = {r.label for r in selectors.records_of(users["district"], district_value)}
    assert listed == {"Bánh kẹo Hàng Bạc", "May mặc Hàng Bạc", "Đồ uống Hàng Đào"}
    assert district_value.record_ids == []  # the district stores no copy of its wards' ids


def test_deleting_a_unit_deletes_its_values_without_database_constraints(world: dict[str, Any]) -> None:
    district = world["hb_applying"].ward.parent
    new_ward = AdministrativeUnit.objects.create(parent=district, code="phuong-moi", name="Mới", level="commune",
                                                kind=UnitKind.objects.get(code="phuong"))
    services.recompute(acting_user=None, years=[2019], codes=["cp_applying_share"])
    assert IndicatorValue.objects.filter(view="reported", unit=new_ward).count() == 17  # every period of 2019, "no data"
    new_ward.delete()
    assert not IndicatorValue.objects.filter(unit_id=new_ward.pk).exists()
