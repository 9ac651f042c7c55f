"""The API of the declared listings (``core.tables``): the same filters, ordering and rows as the pages.

* :func:`api_list` registers an app's list endpoint (its own item schema) whose query parameters are the
  declaration's filters and ``sort``; rows come from :meth:`Listing.select`, like the page and the export.
* :func:`lists_router` gives ``/api/lists/<name>`` for every declaration: the table's columns and cells
  ("the page as data"), paginated by ``limit``/``offset``.

Invalid filter values answer 422 with the filter form's Vietnamese messages; a row id the caller may not see
(missing or out of scope) answers 404, so a filtered list never tells that a record exists.
"""

from collections.abc import Callable
from typing import Any

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import create_model

from .dates import YEAR_PATTERN
from .pagination import MAX_OFFSET
from .tables import Listing, Selection, registry


def _stated(filter_: Any) -> dict[str, Any]:
    """What the schema says a filter takes (the filter set still parses it, with its Vietnamese messages)."""
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        return {"pattern": "^[1-9][0-9]{0,17}$"}  # a row id (one outside the caller's scope answers 404)
    if isinstance(filter_, django_filters.ChoiceFilter):
        if getattr(filter_, "from_data", False):  # choices read from data at each request: checked by the filter set
            return {"maxLength": 100, "pattern": "^[^\\x00]*$"}
        choices = filter_.extra.get("choices", ())
        return {"enum": ["", *(str(value) for value, _label in (choices() if callable(choices) else choices))]}
    if isinstance(filter_, django_filters.NumberFilter):
        bounds = {key: filter_.extra[name] for key, name in (("minimum", "min_value"), ("maximum", "max_value"))
                  if filter_.extra.get(name) is not None}
        return {"type": "integer" if filter_.extra.get("decimal_places") in (None, 0) else "number", **bounds}
    if isinstance(filter_, django_filters.DateFilter):
        return {"pattern": f"{YEAR_PATTERN}[0-9]{{2}}-[0-9]{{2}}$", "format": "date"}
    if isinstance(filter_, django_filters.CharFilter):
        return {"maxLength": filter_.extra.get("max_length", 200), "pattern": "^[^\\x00]*$"}
    return {}


def query_schema(listing: Listing, *, columns: bool = False) -> type[Schema]:
    """Every filter of the declaration (and ``sort``) as an optional text parameter whose values the schema
    states; the filter set parses."""
    fields: dict[str, Any] = {name: (str | None, Field(None, json_schema_extra=_stated(filter_)))
                              for name, filter_ in listing.filterset.base_filters.items()}
    sortable = [name for name, column in listing.table.base_columns.items() if column.orderable is not False]
    fields["sort"] = (str | None, Field(None, description="cột sắp xếp, '-' trước tên: giảm dần",
                                        json_schema_extra={"enum": [*sortable, *(f"-{n}" for n in sortable)]}))
    if columns:
        fields["columns"] = (str | None, Field(None, description="các cột, cách nhau bởi dấu phẩy"))
    name = "".join(part.title() for part in listing.name.split("_")) + ("Columns" if columns else "") + "Query"
    return create_model(name, __base__=Schema, **fields)  # type: ignore[no-any-return,call-overload]


def selected(request: HttpRequest, listing: Listing) -> Selection:
    """The declaration's selection for this request's query string (422 on an invalid filter, 404 on a row id
    the caller may not see)."""
    selection = listing.select(request, request.GET)
    if selection.names_a_hidden_row():
        raise Http404
    if selection.errors:
        raise HttpError(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in selection.errors.items()))
    return selection


def api_list(router: Router, path: str, listing: Listing, response: Any, doc: str = "",
             items: Callable[[QuerySet[Any]], Any] | None = None, **options: Any) -> Callable[..., Any]:
    """Register ``GET path`` on ``router``: the declaration's rows, paginated, in ``response``'s schema;
    ``items`` wraps the rows (a sliceable sequence computing figures for the page only); ``options`` go to
    ``router.get``, e.g. ``auth=None`` for a public list."""
    schema = query_schema(listing)

    def endpoint(request: HttpRequest, filters: Query[schema]) -> Any:  # type: ignore[valid-type]
        rows = selected(request, listing).queryset
        return items(rows) if items else rows

    endpoint.__name__ = f"list_{listing.name}"
    endpoint.__doc__ = doc or f"{listing.title} trong phạm vi của người gọi (bộ lọc và thứ tự như trang danh sách)."
    return router.get(path, response=response, operation_id=f"list_{listing.name}", **options)(
        paginate(LimitOffsetPagination)(endpoint))


class ColumnOut(Schema):
    name: str
    header: str
    kind: str


class RowOut(Schema):
    id: int
    cells: dict[str, Any]


class RowsOut(Schema):
    count: int
    columns: list[ColumnOut]
    items: list[RowOut]


def _rows_endpoint(listing: Listing) -> Callable[..., Any]:
    schema = query_schema(listing, columns=True)

    def endpoint(request: HttpRequest, filters: Query[schema],  # type: ignore[valid-type]
                 limit: int = Query(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict[str, Any]:
        selection = selected(request, listing)
        records = list(selection.queryset[offset:offset + limit])
        names = [c.name for c in selection.exported()]
        return {
            "count": selection.queryset.count(),
            "columns": [{"name": n, "header": c.header, "kind": c.kind}
                        for n, c in zip(names, selection.export_columns(), strict=True)],
            "items": [{"id": r.pk, "cells": dict(zip(names, values, strict=True))}
                      for r, values in zip(records, selection.values(records), strict=True)],
        }

    endpoint.__name__ = f"rows_{listing.name}"
    endpoint.__doc__ = f"{listing.title}: các cột và ô của bảng, cùng bộ lọc, thứ tự và dòng như trang danh sách."
    return endpoint


def lists_router() -> Router:
    """``/<name>`` for every declared listing."""
    router = Router(tags=["lists"])
    for name, listing in sorted(registry().items()):
        router.get(f"/{name}", response=RowsOut, operation_id=f"rows_{name}")(_rows_endpoint(listing))
    return router
