"""The export's cells (``Selection.values``, each column's signature read once) equal django-tables2's own
``BoundRow.get_cell_value`` for every declared listing, column and row."""

from typing import Any

import django_tables2 as tables
import pytest
from django.test import RequestFactory

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
    expected = [[t._plain(tables.rows.BoundRow(r, table=selection.table).get_cell_value(n)) for n in names]
                for r in records]
    assert list(selection.values(records)) == expected
