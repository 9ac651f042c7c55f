"""The export's cells equal django-tables2's own ``BoundRow.get_cell_value`` for every declared listing, column
and row: read from the records (``Selection.values``, the API's rows) and straight from the accessors
(``Selection.cells``, the export: one ``values_list`` where every column allows it)."""

from typing import Any

import django_tables2 as tables
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from sxsh.core import table_cells
from sxsh.core import tables as t
from sxsh.core.tests.test_tables import LISTINGS, world  # noqa: F401  (the module's data)

pytestmark = [pytest.mark.xdist_group("tables"), pytest.mark.slow]


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_export_cells_equal_the_tables_own(world: dict[str, Any], db: Any, name: str) -> None:  # noqa: F811
    listing: t.Listing = LISTINGS[name]
    request = RequestFactory().get("/")
    request.user = world["users"]["admin"]
    selection = listing.select(request, request.GET)
    records = list(selection.queryset[:60])
    assert records, name
    names = [c.name for c in selection.exported()]
    expected = [[table_cells.plain(tables.rows.BoundRow(r, table=selection.table).get_cell_value(n)) for n in names]
                for r in records]
    assert list(selection.values(records)) == expected
    assert list(selection.cells(selection.queryset[:60])) == expected


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_export_queries_do_not_grow_with_the_rows(world: dict[str, Any], db: Any, name: str) -> None:  # noqa: F811
    """Reading the export's cells costs the same queries for 2 rows as for 60 (a table that prepares its batches,
    the audit log, one per kind of record its entries name: far fewer than the rows); a listing whose columns are
    all fields of the rows (or of rows they point to) reads them in one query, with no model instance."""
    listing: t.Listing = LISTINGS[name]
    request = RequestFactory().get("/")
    request.user = world["users"]["admin"]
    selection = listing.select(request, request.GET)
    selection.readers()
    counts = []
    for n in (2, 60):
        with CaptureQueriesContext(connection) as queries:
            cells = list(selection.cells(selection.queryset[:n]))
        assert len(cells) == min(n, selection.queryset.count())
        counts.append(len(queries))
    if type(selection.table).prepare is not t.Table.prepare:
        assert counts[1] < 15, (name, counts)
    else:
        assert counts[0] == counts[1], (name, counts)
    if all(r.convert is not None for r in selection.readers()) and type(selection.table).prepare is t.Table.prepare:
        assert counts == [1, 1], name
    assert name not in ("facilities", "organisations", "events", "registrations", "documents") or counts == [1, 1]
