"""One declaration per listed kind: its filters, columns, export columns and default ordering.

A :class:`Listing` ties together, over the kind's scoped selector (``rows(user)``, built on
``restrict(user, action)``):

* a django-filter ``FilterSet`` (the page's filter bar and the API's query parameters);
* a django-tables2 ``Table`` (the page's columns, sortable; every column is exported too, and the API
  list of the kind gives its cells);
* the default ordering (``pk`` is always the last key, so pages never overlap);
* computed columns (:class:`ComputedColumn`): figures worked out in Python per row (``Table.compute``, once per
  page or export batch), shown formatted, exported and listed in the API as raw numbers (empty where missing),
  sortable in Python over the filtered rows;
* the bulk actions a service exists for (:class:`BulkAction`, one audited service call per object).

The page (:func:`render_page` with the shared partial ``core/_listing.html``), the export
(:func:`export_response`, through ``core.tabular`` and ``core.downloads``) and the API
(``core.tables_api``) all call :meth:`Listing.select`, so they return the same rows for the same
query string. :func:`registry` lists every declaration (the apps' ``tables.py``) for generated tests.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sxsh.calc.money import format_number, format_vnd

from . import table_cells
from .downloads import file_response
from .forms import CheckedForm
from .scoping import allows
from .search import matching
from .tabular import Column as ExportColumn
from .tabular import write_csv, write_xlsx

PAGE_SIZES = (10, 25, 50, 100)
PAGE_SIZE = 25
ALL = gettext_lazy("Tất cả")


# --- columns: a kind (the export's cell format) and a Vietnamese rendering on the page ---------------------

class Column(tables.Column):
    """A text column; ``kind`` is the ``core.tabular`` kind of its exported cells; ``exported=False`` for a
    column of the page only (a button)."""

    kind = "text"

    def __init__(self, *args: Any, kind: str | None = None, exported: bool = True, **kwargs: Any) -> None:
        if (kind or self.kind) == "name":
            kwargs.setdefault("attrs", {"td": {"class": "name"}})  # kept readable beside many figures (site.css)
        super().__init__(*args, **kwargs)
        self.exported = exported
        if kind:
            self.kind = kind


class NameColumn(Column):
    """A name, tagged “minh họa” on the page where the row is illustrative data (``record.is_illustrative``)."""

    kind = "name"

    def render(self, value: str, record: Any) -> Any:
        if getattr(record, "is_illustrative", False):
            return format_html('{} <span class="tag">{}</span>', value, _("minh họa"))
        return value

    def value(self, value: str) -> str:
        return value


class DateColumn(Column):
    """dd/mm/yyyy on the page (HH:MM dd/mm/yyyy for a moment); the date itself in the export."""

    kind = "date"

    def render(self, value: date) -> str:
        if isinstance(value, datetime):
            return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if timezone.is_aware(value) else \
                value.strftime("%H:%M %d/%m/%Y")
        return value.strftime("%d/%m/%Y")

    def value(self, value: date) -> date:
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value)
        return value


class NumberColumn(Column):
    """``1.234,5`` on the page (``decimals`` places), the number in the export."""

    kind = "number"

    def __init__(self, *args: Any, decimals: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"th": {"class": "num"}, "td": {"class": "num"}})
        super().__init__(*args, **kwargs)
        self.decimals = decimals

    def render(self, value: float | int | Decimal) -> str:
        return format_number(value, self.decimals)

    def value(self, value: Any) -> Any:
        return value


class IntegerColumn(NumberColumn):
    kind = "int"


class MoneyColumn(NumberColumn):
    """``1.234.567 ₫`` on the page, the amount in the export (formatted ``#,##0 "₫"``)."""

    kind = "money"

    def render(self, value: float | int | Decimal) -> str:
        return format_vnd(value)


class YesNoColumn(Column):
    """"Có" / "Không" on the page and in the export."""

    empty_values = ()

    def render(self, value: Any) -> str:
        return str(_("Có") if value else _("Không"))


class TagColumn(Column):
    """A choice shown as a tag (``<span class="tag status-<value>">``), its label in the export."""

    empty_values = ()

    def render(self, value: Any, record: Any, bound_column: Any) -> Any:
        raw = tables.A(bound_column.accessor).resolve(record)
        return format_html('<span class="tag status-{}">{}</span>', raw, value)

    def value(self, value: Any) -> Any:
        return value


#: Above this many filtered rows a sort by a computed column is ignored (every row would be computed).
COMPUTED_SORT_ROWS = 5000


class ComputedColumn(Column):
    """A figure computed in Python for each row, not read from it: ``Table.compute`` works out the figures of a
    page (or an export batch) at once and the column reads its ``key`` (its name by default) from the row's.

    The page shows it formatted by ``kind`` (``money``: ``1.234.567 ₫``; ``int``; ``number``/``share``:
    ``decimals`` places, then ``suffix``), ``missing`` where the figure has no value and "—" on a row without
    figures; the export and the API get the number (whole đồng for money, 6 decimals otherwise), None (an empty
    cell) where missing, never 0. Sortable: the filtered rows are computed and sorted in Python (up to
    :data:`COMPUTED_SORT_ROWS`), missing values last when ascending; ``orderable=False`` where that makes no sense."""

    empty_values = ()

    def __init__(self, *args: Any, key: str = "", kind: str = "number", decimals: int = 0, suffix: str = "",
                 missing: Any = "—", css: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        if kind in ("int", "number", "money", "share"):
            kwargs.setdefault("attrs", {"th": {"class": "num"}, "td": {"class": f"num {css}".strip()}})
        super().__init__(*args, kind=kind, **kwargs)
        self.key, self.decimals, self.suffix, self.missing = key, decimals, suffix, missing

    def figure(self, record: Any, table: "Table", bound_column: Any) -> tuple[bool, Any]:
        """Whether the row has figures, and this column's (None where missing)."""
        figures = table.figures(record)
        if figures is None:
            return False, None
        return True, getattr(figures, self.key or bound_column.name)

    def render(self, record: Any, table: "Table", bound_column: Any) -> str:
        has, value = self.figure(record, table, bound_column)
        if value is None:
            return str(self.missing) if has else "—"
        if self.kind == "money":
            return format_vnd(value)
        if self.kind in ("int", "number", "share"):
            return format_number(value, 0 if self.kind == "int" else self.decimals) + self.suffix
        return str(value)

    def value(self, record: Any, table: "Table", bound_column: Any) -> Any:
        value = self.figure(record, table, bound_column)[1]
        if value is None or self.kind not in ("int", "number", "money", "share"):
            return value
        return round(value) if self.kind in ("int", "money") else round(value, 6)  # whole đồng; no float noise


class Table(tables.Table):
    """Base of every declared table: no django-tables2 template is used (``core/_listing.html`` draws it).

    A table with :class:`ComputedColumn` s overrides :meth:`compute`; the figures are kept by row id, so a page
    sorted by a computed column computes each row once."""

    class Meta:
        attrs = {"class": "listing"}
        orderable = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._figures: dict[Any, Any] = {}
        self._computed = [name for name, column in self.base_columns.items() if isinstance(column, ComputedColumn)]
        for name in self._computed:  # django-tables2 asks the column to order the rows: sorted here, in Python
            self.columns[name].order = lambda queryset, descending, name=name: self._order_computed(
                name, queryset, descending)

    def compute(self, records: list[Any]) -> dict[Any, Any]:
        """The figures of ``records`` by row id (an object whose attributes the computed columns read; None or
        absent for a row without figures)."""
        return {}

    def prepare(self, records: list[Any]) -> None:
        """Read at once what the cells of ``records`` (a page, or a batch of the export) need beyond the row: by
        default the computed figures of the rows not computed yet."""
        missing = [r for r in records if r.pk not in self._figures] if self._computed else []
        if missing:
            figures = self.compute(missing)
            self._figures.update({r.pk: figures.get(r.pk) for r in missing})

    def figures(self, record: Any) -> Any:
        """The computed figures of ``record`` (computed now if its page did not prepare it)."""
        if record.pk not in self._figures:
            self.prepare([record])
        return self._figures.get(record.pk)

    def _order_computed(self, name: str, queryset: QuerySet[Any], descending: bool) -> tuple[QuerySet[Any], bool]:
        """The rows sorted by a computed column (missing values last, then by id), as a queryset ordered by
        position, so pages, counts and exports work as for any other sort."""
        records = list(queryset[:COMPUTED_SORT_ROWS + 1])
        if not records or len(records) > COMPUTED_SORT_ROWS:
            return queryset, True
        self.prepare(records)
        column = self.columns[name]

        def key(record: Any) -> tuple[bool, Any, Any]:
            value = column.column.value(record=record, table=self, bound_column=column)
            return value is None, 0 if value is None else value, record.pk

        records.sort(key=key)
        if descending:
            records.reverse()
        position = Case(*(When(pk=r.pk, then=Value(i)) for i, r in enumerate(records)), output_field=IntegerField())
        return queryset.order_by(position), True


# --- filters ------------------------------------------------------------------------------------------------

class FilterForm(CheckedForm, forms.Form):
    """The filter bar's form (shares the platform's date and text checks)."""


class SearchFilter(django_filters.CharFilter):
    """Words matched without diacritics or case in the folded ``search_text`` (``core.search``)."""

    def __init__(self, *args: Any, fields: tuple[str, ...] = ("search_text",), **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Tìm kiếm"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)
        self.fields = fields

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        return matching(qs, value, self.fields)


def choice(field_name: str, choices: Any, label: Any, **kwargs: Any) -> django_filters.ChoiceFilter:
    """A drop-down of a model field's choices, "Tất cả" first."""
    return django_filters.ChoiceFilter(field_name=field_name, choices=choices, label=label, empty_label=ALL, **kwargs)


def data_choice(field_name: str, choices: Callable[[], Any], label: Any, **kwargs: Any) -> django_filters.ChoiceFilter:
    """A drop-down whose choices are read from data at each request (a catalogue an administrator edits): the
    API's schema states a text, which the filter set checks against the choices of the moment."""
    filter_ = choice(field_name, choices, label, **kwargs)
    filter_.from_data = True  # type: ignore[attr-defined]
    return filter_


def related(field_name: str, queryset: Callable[[Any], QuerySet[Any]], label: Any,
            **kwargs: Any) -> django_filters.ModelChoiceFilter:
    """A drop-down of related rows; ``queryset(request)`` is a scoped selector (never a bare manager)."""
    return django_filters.ModelChoiceFilter(field_name=field_name, queryset=queryset, label=label, empty_label=ALL,
                                            **kwargs)


class YesNoFilter(django_filters.ChoiceFilter):
    """Có / Không / Tất cả (``1`` / ``0`` in the query string) over a boolean field."""

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        return qs if value in ("", None) else qs.filter(**{self.field_name: value == "1"})


def yes_no(field_name: str, label: Any, **kwargs: Any) -> YesNoFilter:
    """Có / Không / Tất cả; ``method`` (a filter set method) gets ``"1"`` or ``"0"``."""
    return YesNoFilter(field_name=field_name, label=label, empty_label=ALL,
                       choices=(("1", gettext_lazy("Có")), ("0", gettext_lazy("Không"))), **kwargs)


def day(field_name: str, lookup: str, label: Any, **kwargs: Any) -> django_filters.DateFilter:
    """A date (``yyyy-mm-dd`` from the browser's picker, dd/mm/yyyy typed) compared by ``lookup``."""
    return django_filters.DateFilter(field_name=field_name, lookup_expr=lookup, label=label,
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


class FilterSet(django_filters.FilterSet):
    """Base of every declared filter set: Vietnamese form, ``f-<name>`` ids."""

    class Meta:
        form = FilterForm

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form_class = self.get_form_class()
            data = self.data if self.is_bound else None
            self._form = form_class(data, prefix=self.form_prefix, auto_id="f-%s")
        return self._form


# --- the declaration ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BulkAction:
    """An action on the rows ticked on the page: ``perform(acting_user=…, obj=…, **form data)`` is one audited
    service call per object; ``rows(user)`` are the rows the user may act on (a scoped selector)."""

    name: str
    label: Any
    rows: Callable[[Any], QuerySet[Any]]
    perform: Callable[..., Any]
    form: type[forms.Form] | None = None


@dataclass(frozen=True)
class Parent:
    """The rows of one parent (an event's registrations, a plan's activities) on the parent's own page.

    ``filter`` names the declaration's related filter that the page fixes (hidden from its filter bar; the
    export link carries it, so the export is what the page shows); ``page`` is the URL name of that page (the
    parent's id its only argument); ``rows(user)`` are the parents whose page the user may open (a scoped
    selector: any other answers 404). ``columns`` are the page's default columns there (the listing's
    otherwise), ``hidden`` the filters left out of its bar besides ``filter`` (one the parent fixes already);
    ``sort`` orders one parent's rows when no other sort is asked, wherever the parent's filter is given (its
    page, the API, the export), e.g. an assessment's options by their computed rank."""

    filter: str
    page: str
    rows: Callable[[Any], QuerySet[Any]]
    columns: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    sort: str = ""


@dataclass(frozen=True)
class Listing:
    name: str
    title: Any
    model: type[models.Model]
    rows: Callable[[Any], QuerySet[Any]]
    filterset: type[FilterSet]
    table: type[Table]
    ordering: tuple[str, ...]
    filename: str
    page: str = ""  # the URL name of the page
    export: str = ""  # the URL name of the export (one argument: xlsx or csv)
    default_columns: tuple[str, ...] = ()
    page_size: int = PAGE_SIZE
    detail: Callable[[Any], str] | None = None
    actions: tuple[BulkAction, ...] = ()
    parent: Parent | None = None
    opens: Callable[[Any], bool] | None = None  # whose role may open the list at all (else 404); None: anyone
    extra: dict[str, Any] = field(default_factory=dict)

    def column_names(self) -> list[str]:
        return list(self.table.base_columns)

    def visible(self, params: QueryDict | dict[str, Any], *, page: bool, parent: bool = False) -> list[str]:
        """The columns asked for (``columns=a,b`` or repeated), else the page's defaults (on a parent's page
        its own; every column in the export and the API)."""
        names = self.column_names()
        asked = params.getlist("columns") if isinstance(params, QueryDict) else params.get("columns") or []
        if isinstance(asked, str):
            asked = [asked]
        chosen = [n for value in asked for n in str(value).split(",") if n in names]
        if chosen:
            return [n for n in names if n in chosen]
        if page and parent and self.parent is not None and self.parent.columns:
            return list(self.parent.columns)
        return list(self.default_columns or names) if page else names

    def select(self, request: HttpRequest, params: QueryDict | dict[str, Any], *,
               page: bool = False, parent: Any = None) -> "Selection":
        """The filtered, ordered rows of the user's scope (of ``parent`` only, when given: the declaration's
        ``parent.filter`` fixed to it) and the table over them. A user the list does not open to (``opens``)
        gets 404, on the page, the export and the API alike."""
        if self.opens is not None and not self.opens(request.user):
            raise Http404
        if parent is not None:
            if self.parent is None:
                raise ValueError(f"{self.name} has no parent")
            params = _fixed(params, self.parent.filter, parent.pk)
        filterset = self.filterset(params or None, queryset=self.rows(request.user), request=request)
        queryset = filterset.qs.order_by(*self.ordering, "pk")
        columns = self.visible(params, page=page, parent=parent is not None)
        table = self.table(queryset, request=request)
        for name in self.column_names():
            if name not in columns:
                table.columns.hide(name)  # still sortable: ``sort`` may name any declared column
        sort = str(params.get("sort") or "")
        if not sort and self.parent is not None and self.parent.sort and params.get(self.parent.filter):
            sort = self.parent.sort
        if sort:
            table.order_by = sort
            if table.order_by:
                ordered = table.data.data
                table.data.data = ordered.order_by(*ordered.query.order_by, "pk")
        return Selection(self, filterset, table, columns, sort)


def _fixed(params: QueryDict | dict[str, Any], name: str, value: Any) -> QueryDict:
    if isinstance(params, QueryDict):
        fixed = params.copy()
    else:
        fixed = QueryDict(mutable=True)
        for key, item in params.items():
            fixed.setlist(key, [str(v) for v in item] if isinstance(item, list | tuple) else [str(item)])
    fixed[name] = str(value)
    return fixed


@dataclass
class Selection:
    listing: Listing
    filterset: FilterSet
    table: Table
    columns: list[str]
    sort: str = ""  # the sort applied (asked for, or the parent's default)
    _readers: list[table_cells.Reader] | None = field(default=None, init=False, repr=False)

    @property
    def errors(self) -> dict[str, list[str]]:
        return {k: [str(e) for e in v] for k, v in self.filterset.errors.items()}

    @property
    def queryset(self) -> QuerySet[Any]:
        return self.table.data.data  # type: ignore[no-any-return]

    def names_a_hidden_row(self) -> bool:
        """Whether a related filter names a row id the user may not see (missing or out of scope): the API
        and the export answer 404 then, as for a missing record."""
        filters = self.listing.filterset.base_filters
        return any(isinstance(filters.get(name), django_filters.ModelChoiceFilter)
                   and str(self.filterset.data.get(name, "")).isdigit() for name in self.errors)

    def exported(self) -> list[Any]:
        return [c for c in self.table.columns if getattr(c.column, "exported", True)]

    def export_columns(self) -> list[ExportColumn]:
        return [ExportColumn(str(c.header), getattr(c.column, "kind", "text")) for c in self.exported()]

    def readers(self) -> list[table_cells.Reader]:
        """How each exported column is read (``core.table_cells``), worked out once per selection."""
        if self._readers is None:
            query = self.queryset.query
            self._readers = table_cells.readers(self.table, self.exported(), self.queryset.model,
                                                [*query.annotations])
        return self._readers

    def values(self, records: Iterable[Any]) -> Iterator[list[Any]]:
        """The exported cells of each record: typed values (dates, numbers), choices by their label."""
        return table_cells.from_records(self.table, self.readers(), records)

    def cells(self, queryset: QuerySet[Any] | None = None) -> Iterator[list[Any]]:
        """The exported cells of every row of ``queryset`` (the selection's), read straight from the columns'
        accessors: with one ``values_list`` where every column allows it, no model instance."""
        prepares = type(self.table).prepare is not Table.prepare
        return table_cells.rows(self.table, self.readers(), self.queryset if queryset is None else queryset,
                                prepares=prepares)


_REGISTRY: dict[str, Listing] = {}


def register(listing: Listing) -> Listing:
    """Record a declaration (an app's ``tables.py`` does it at import)."""
    if _REGISTRY.get(listing.name, listing) is not listing:
        raise ValueError(f"two listings named {listing.name}")
    _REGISTRY[listing.name] = listing
    return listing


def registry() -> dict[str, Listing]:
    """Every declared listing, by name (imports each app's ``tables`` module once)."""
    autodiscover_modules("tables")
    from . import audit_tables  # noqa: F401  (core's own kind: this module is the framework)

    return dict(_REGISTRY)


# --- the page, the export and the bulk actions ------------------------------------------------------------

def per_page(params: QueryDict, default: int = PAGE_SIZE) -> int:
    value = str(params.get("per_page") or "")
    return int(value) if value.isdigit() and int(value) in PAGE_SIZES else default


def _export_query(request: HttpRequest, listing: Listing, columns: list[str], parent: Any) -> str:
    """The page's query string for its export links: its filters (the fixed parent too) and visible columns."""
    params = request.GET.copy()
    for name in ("page", "per_page"):
        params.pop(name, None)
    params["columns"] = ",".join(columns)
    if parent is not None and listing.parent is not None:
        params[listing.parent.filter] = str(parent.pk)
    return "?" + params.urlencode()


def page_context(request: HttpRequest, listing: Listing, *, bulk_url: str = "", parent: Any = None) -> dict[str, Any]:
    """What ``core/_listing.html`` draws: the filter form, the table's page, sorting, sizes, exports (on a
    parent's page: its rows only, the parent's filter left out of the bar)."""
    selection = listing.select(request, request.GET, page=True, parent=parent)
    size = per_page(request.GET, listing.page_size)
    paginator = Paginator(selection.table.rows, size)
    page = paginator.get_page(request.GET.get("page"))
    selection.table.prepare([row.record for row in page.object_list])
    selection.table.page = page
    selection.table.paginator = paginator
    sort = selection.sort
    headers = [{
        "column": c, "name": c.name, "orderable": c.orderable,
        "sort": ("-" + c.name) if sort == c.name else c.name,
        "aria": "ascending" if sort == c.name else "descending" if sort == "-" + c.name else "",
    } for c in selection.table.columns]
    actions = [a for a in listing.actions if a.rows(request.user).exists()] if bulk_url else []
    form = selection.filterset.form
    fixed = {listing.parent.filter, *listing.parent.hidden} if parent is not None and listing.parent is not None \
        else set()
    export_query = _export_query(request, listing, selection.columns, parent)
    return {
        "listing": listing, "selection": selection, "filter_form": form, "page": page,
        "filter_fields": [f for f in form if f.name not in fixed],
        "headers": headers, "page_sizes": PAGE_SIZES, "per_page": size,
        "all_columns": [(n, listing.table.base_columns[n].verbose_name or n, n in selection.columns)
                        for n in listing.column_names()],
        "export_links": [(_("Xuất Excel"), reverse(listing.export, args=["xlsx"]) + export_query),
                         (_("Xuất CSV"), reverse(listing.export, args=["csv"]) + export_query)] if listing.export else [],
        "page_numbers": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "bulk_url": bulk_url, "bulk_actions": [(a, a.form(prefix=a.name, use_required_attribute=False) if a.form else None)
                         for a in actions],  # one form holds every action: the server checks the chosen one's
    }


def render_page(request: HttpRequest, listing: Listing, template: str, context: dict[str, Any] | None = None, *,
                bulk_url: str = "", parent: Any = None) -> HttpResponse:
    """The kind's page (its template includes ``core/_listing.html``); with ``parent``, the rows of that parent
    on its page (``Listing.parent``; the view has read the parent in the user's scope)."""
    return render(request, template, {**page_context(request, listing, bulk_url=bulk_url, parent=parent),
                                      **(context or {})})


def export_response(request: HttpRequest, listing: Listing, fmt: str) -> HttpResponse:
    """"Export what I see": the page's filters, sorting and columns, every row (XLSX or CSV). Above
    ``SXSH_EXPORT_TASK_ROWS`` rows the file is built by a background task when one is installed
    (:func:`defer_large_exports`): the user follows its progress and downloads the file from it."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    selection = listing.select(request, request.GET)
    if selection.names_a_hidden_row():
        raise Http404
    threshold = settings.SXSH_EXPORT_TASK_ROWS
    if _large_export is not None and selection.queryset[threshold:threshold + 1].exists():
        return _large_export(request, listing, fmt)
    name, body = export_file(selection, fmt)
    return file_response(body, name)


def export_file(selection: "Selection", fmt: str, *,
                progress: Callable[[int, int], None] | None = None) -> tuple[str, bytes]:
    """The file name and bytes of ``selection`` as XLSX or CSV; ``progress(done, total)`` every 5,000 rows."""
    listing = selection.listing
    columns = selection.export_columns()
    rows: Iterable[list[Any]] = selection.cells()
    if progress is not None:
        rows = _counted(rows, selection.queryset.count(), progress)
    name = f"{listing.filename}-{timezone.localtime().strftime('%Y%m%d-%H%M')}.{fmt}"
    if fmt == "xlsx":
        return name, write_xlsx([(str(listing.title), columns, rows)])
    return name, write_csv(columns, rows)


def _counted(rows: Iterable[list[Any]], total: int, progress: Callable[[int, int], None]) -> Iterator[list[Any]]:
    for done, row in enumerate(rows, start=1):
        if done % 5000 == 0:
            progress(done, total)
        yield row


LargeExport = Callable[[HttpRequest, Listing, str], HttpResponse]
_large_export: LargeExport | None = None


def defer_large_exports(handler: LargeExport | None) -> None:
    """Install what answers an export above the threshold (the tasks app starts a task; core imports no app)."""
    global _large_export
    _large_export = handler


def bulk_response(request: HttpRequest, listing: Listing, back: str) -> HttpResponse:
    """Apply a bulk action (POST ``action``, ``pk`` ×n, the action form's fields) to the ticked rows the user
    may act on; every object is one audited service call. Rows outside ``action.rows(user)`` are 404."""
    if request.method != "POST":
        raise Http404
    action = next((a for a in listing.actions if a.name == request.POST.get("action")), None)
    if action is None:
        raise Http404
    ids = {int(v) for v in request.POST.getlist("pk") if v.isdigit() and len(v) < 19}
    objects = list(action.rows(request.user).filter(pk__in=ids))
    if not ids or len(objects) != len(ids):
        raise Http404
    data: dict[str, Any] = {}
    if action.form is not None:
        form = action.form(request.POST, prefix=action.name)
        if not form.is_valid():
            messages.error(request, _("Chưa thực hiện: %(e)s") % {
                "e": "; ".join(str(e) for errors in form.errors.values() for e in errors)})
            return redirect(back)
        data = form.cleaned_data
    done = 0
    for obj in objects:
        try:
            action.perform(acting_user=request.user, obj=obj, **data)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, f"{obj}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}")
    messages.success(request, _("Đã thực hiện “%(a)s” cho %(n)s dòng.") % {"a": action.label, "n": done})
    return redirect(back)


def detail_url(listing: Listing, obj: Any) -> str:
    if listing.detail is not None:
        return listing.detail(obj)
    return str(obj.get_absolute_url())


def export_view(listing: Listing) -> Callable[[HttpRequest, str], HttpResponse]:
    """The view of ``listing``'s "export what I see" (``<str:fmt>`` in its URL): signed in, then
    :func:`export_response` (404 where the list does not open to the user)."""

    @login_required
    def view(request: HttpRequest, fmt: str) -> HttpResponse:
        return export_response(request, listing, fmt)

    view.__name__ = view.__qualname__ = f"{listing.name}_export"
    return view


def viewers_of(model: type[models.Model]) -> Callable[[Any], bool]:
    """An ``opens`` for a list: the roles that may view ``model`` (``core.scoping.allows``)."""
    return lambda user: allows(user, model, "view")


def url(name: str, *args: Any) -> Callable[[Any], str]:
    """A ``detail`` for a listing: the URL named ``name`` with the object's pk."""
    return lambda obj: reverse(name, args=[*args, obj.pk])
