from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sxsh.plans.progress import Item, effective_percent, expected_percent, is_overdue, weighted_progress

weights = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
percents = st.integers(min_value=0, max_value=100)
statuses = st.sampled_from(["not_started", "in_progress", "done", "suspended"])
items = st.lists(st.builds(Item, weights, percents, statuses), max_size=30)


def test_no_activities_is_zero() -> None:
    assert weighted_progress([]) == 0.0


def test_weights_count() -> None:
    # 100% with weight 3 and 0% with weight 1 -> 75%
    assert weighted_progress([Item(3, 100, "in_progress"), Item(1, 0, "not_started")]) == 75.0


def test_done_counts_as_full_and_zero_weights_fall_back_to_equal() -> None:
    assert weighted_progress([Item(0, 40, "done"), Item(0, 0, "")]) == 50.0


def test_activity_without_updates_counts_as_zero() -> None:
    assert weighted_progress([Item(1, 0, "not_started"), Item(1, 80, "in_progress")]) == 40.0


@given(items)
def test_progress_stays_between_min_and_max(values: list[Item]) -> None:
    result = weighted_progress(values)
    assert 0.0 <= result <= 100.0
    if values:
        effective = [effective_percent(i.percent, i.status) for i in values]
        assert min(effective) - 1e-9 <= result <= max(effective) + 1e-9


@given(items, st.integers(min_value=1, max_value=50))
def test_scaling_all_weights_changes_nothing(values: list[Item], factor: int) -> None:
    scaled = [Item(Decimal(str(i.weight)) * factor, i.percent, i.status) for i in values]
    assert abs(weighted_progress(values) - weighted_progress(scaled)) < 1e-6


@given(st.lists(st.builds(Item, st.just(1), percents, statuses), min_size=1, max_size=20))
def test_equal_weights_is_the_mean(values: list[Item]) -> None:
    mean = sum(effective_percent(i.percent, i.status) for i in values) / len(values)
    assert abs(weighted_progress(values) - mean) < 1e-6


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(-400, 400), statuses)
def test_overdue_rule(due: date, offset: int, status: str) -> None:
    today = due + timedelta(days=offset)
    assert is_overdue(due, status, today) == (offset > 0 and status != "done")


def test_expected_percent() -> None:
    start, due = date(2019, 1, 1), date(2019, 1, 11)
    assert expected_percent(start, due, date(2018, 12, 1)) == 0.0
    assert expected_percent(start, due, date(2019, 1, 6)) == 50.0
    assert expected_percent(start, due, date(2020, 1, 1)) == 100.0
