"""Computed columns (``core.tables.ComputedColumn``): figures worked out per row by ``Table.compute``, once per row,
formatted on the page, raw (empty where missing, never 0) in the export's cells, sortable in Python."""

from dataclasses import dataclass
from typing import Any

import django_tables2 as tables
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from sxsh.calc.money import format_vnd
from sxsh.core import tables as t

pytestmark = pytest.mark.django_db


@dataclass
class Figures:
    length: int
    half: float | None


class LengthTable(t.Table):
    """The length of each content type's model name, and half of it where the length is even; no figures for
    the ``user`` model (as a rejected option has none)."""

    model = t.Column("Model")
    length = t.ComputedColumn("Length", kind="int")
    half = t.ComputedColumn("Half", decimals=1, missing="không có", css="half")
    price = t.ComputedColumn("Price", key="length", kind="money")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.computed: list[int] = []

    def compute(self, records: list[Any]) -> dict[Any, Any]:
        self.computed += [r.pk for r in records]
        return {r.pk: Figures(len(r.model), None if len(r.model) % 2 else len(r.model) / 2)
                for r in records if r.model != "user"}


def _rows() -> QuerySet[ContentType]:
    return ContentType.objects.order_by("pk")


def _expected(record: ContentType) -> int | None:
    return None if record.model == "user" else len(record.model)


def test_cells_are_formatted_on_the_page_and_raw_in_the_export() -> None:
    table = LengthTable(_rows())
    records = list(_rows())
    table.prepare(records)
    even = next(r for r in records if len(r.model) % 2 == 0 and r.model != "user")
    odd = next(r for r in records if len(r.model) % 2)
    user = next(r for r in records if r.model == "user")
    assert tables.rows.BoundRow(even, table=table).get_cell("half") == f"{len(even.model) // 2},0"
    assert tables.rows.BoundRow(even, table=table).get_cell_value("half") == len(even.model) / 2
    assert tables.rows.BoundRow(even, table=table).get_cell("price") == format_vnd(len(even.model))
    assert tables.rows.BoundRow(odd, table=table).get_cell("half") == "không có"
    assert tables.rows.BoundRow(odd, table=table).get_cell_value("half") is None  # missing: empty, not 0
    assert tables.rows.BoundRow(user, table=table).get_cell("length") == "—"  # a row without figures
    assert tables.rows.BoundRow(user, table=table).get_cell_value("length") is None
    assert set(table.columns["half"].attrs["td"]["class"].split()) == {"half", "num"}
    assert sorted(table.computed) == sorted(r.pk for r in records)  # each row once


def test_an_unprepared_row_is_computed_when_read() -> None:
    table = LengthTable(_rows())
    record = _rows().exclude(model="user")[0]
    assert tables.rows.BoundRow(record, table=table).get_cell_value("length") == len(record.model)
    assert table.computed == [record.pk]


@pytest.mark.parametrize("descending", [False, True])
def test_sorting_by_a_computed_column_sorts_every_row_in_python(descending: bool) -> None:
    table = LengthTable(_rows())
    table.order_by = "-length" if descending else "length"
    ordered = table.data.data
    assert isinstance(ordered, QuerySet)  # pages, counts and exports work as for any sort
    records = list(_rows())
    expected = sorted(records, key=lambda r: (_expected(r) is None, _expected(r) or 0, r.pk))
    if descending:
        expected.reverse()
    assert [r.pk for r in ordered] == [r.pk for r in expected]
    assert [r.pk for r in ordered[2:5]] == [r.pk for r in expected[2:5]] and ordered.count() == len(records)
    table.prepare(list(ordered[:10]))  # the page's rows were computed for the sort: not again
    assert sorted(table.computed) == sorted(r.pk for r in records)


def test_a_sort_over_too_many_rows_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(t, "COMPUTED_SORT_ROWS", 3)
    table = LengthTable(_rows())
    table.order_by = "length"
    assert [r.pk for r in table.data.data] == [r.pk for r in _rows()]
    assert table.computed == []
