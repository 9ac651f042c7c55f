"""The exported cells of a declared table, read straight from each column's accessor.

django-tables2 resolves every cell through a ``BoundRow`` (accessor parsing, a model-field lookup for choices,
the value method's signature inspected, a dict of six arguments built): about a millisecond per row of a dozen
columns. An export reads the declaration once instead (:func:`readers`): a column whose accessor is a chain of
forward relations ending in a concrete field (or an annotation of the rows) and whose ``value`` (by default its
``render``) needs only the value is a *path* column, read without touching a ``BoundRow``; choices become their
labels through a map built once. When every exported column is a path column and the table prepares nothing
per batch, the rows are read with one ``values_list`` (no model instance at all, :func:`rows`); otherwise
from the records, the other columns through django-tables2's own ``get_cell_value``. Either way the cells
equal django-tables2's (``tests/test_tables_values.py``).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import Any

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

#: arguments of a value method that do not depend on the row (passed as they are)
_CONSTANT = frozenset({"column", "bound_column", "table"})
_BATCH = 500


@dataclass(frozen=True)
class Reader:
    """How the export reads one column: ``path`` (its ORM lookup) and ``convert`` (value → cell) for a path
    column; for another, ``path`` is empty and the cell is django-tables2's ``get_cell_value``."""

    name: str
    path: str = ""
    convert: Callable[[Any], Any] | None = None

    def from_record(self, record: Any) -> Any:
        value: Any = record
        for bit in self.path.split("__"):
            value = getattr(value, bit)
            if value is None:
                break
        assert self.convert is not None
        return self.convert(value)


def readers(table: Any, bound_columns: Iterable[Any], model: type[Model], annotations: Iterable[str]) -> list[Reader]:
    """A :class:`Reader` for each of ``bound_columns`` (the exported columns of ``table`` over ``model``)."""
    return [_reader(table, bc, model, set(annotations)) for bc in bound_columns]


def _reader(table: Any, bound_column: Any, model: type[Model], annotations: set[str]) -> Reader:
    fn = value_function(bound_column)
    names, catch_all = tables.utils.signature(fn)
    found = None if catch_all or not set(names) <= {"value"} | _CONSTANT else \
        _field_path(model, tables.A(bound_column.accessor).bits, annotations)
    if found is None:
        return Reader(bound_column.name)
    path, field = found
    constant = {"column": bound_column.column, "bound_column": bound_column, "table": table}
    arguments = {n: constant[n] for n in names if n != "value"}
    takes_value = "value" in names
    identity = getattr(fn, "__func__", None) is tables.Column.render
    empty = bound_column.column.empty_values
    labels = {k: force_str(v, strings_only=True) for k, v in make_hashable(field.flatchoices)} \
        if field is not None and field.choices else None

    def convert(value: Any) -> Any:
        if labels is not None:
            value = labels.get(value if type(value) in _PLAIN else make_hashable(value), value)
        if value in empty:
            return None
        if not identity:
            value = fn(value=value, **arguments) if takes_value else fn(**arguments)
        return value if type(value) in _PLAIN else plain(value)

    return Reader(bound_column.name, path, convert)


def _field_path(model: type[Model], bits: tuple[str, ...], annotations: set[str]) -> tuple[str, Any] | None:
    """``(lookup, field)`` when ``bits`` follow forward relations to a concrete field of ``model`` (``field``
    None for an annotation of the rows); None otherwise (a property, a method, a reverse or many relation)."""
    if len(bits) == 1 and bits[0] in annotations:
        return bits[0], None
    current: Any = model
    for i, bit in enumerate(bits):
        try:
            field = current._meta.pk if bit == "pk" else current._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        if i == len(bits) - 1:
            return ("__".join(bits), field) if field.concrete and not field.is_relation else None
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            return None
        current = field.related_model
    return None


def value_function(bound_column: Any) -> Any:
    """What gives the column's exported value: ``value_<name>``, ``render_<name>``, the column's ``value`` (the
    default ``value`` being the column's ``render``)."""
    fn = bound_column.value
    if getattr(fn, "__func__", None) is tables.Column.value:
        return bound_column.column.render
    return fn


def from_records(table: Any, column_readers: list[Reader], records: Iterable[Any]) -> Iterator[list[Any]]:
    """The cells of each record (``table.prepare`` is given each batch of 500 first)."""
    signatures: dict[str, tuple[tuple[str, ...], str | None]] = {}
    others = any(r.convert is None for r in column_readers)
    remaining = iter(records)
    while batch := list(islice(remaining, _BATCH)):
        table.prepare(batch)
        for record in batch:
            row = _ExportRow(record, table=table, signatures=signatures) if others else None
            yield [r.from_record(record) if r.convert is not None else plain(row.get_cell_value(r.name))  # type: ignore[union-attr]
                   for r in column_readers]


def rows(table: Any, column_readers: list[Reader], queryset: QuerySet[Any], *, prepares: bool) -> Iterator[list[Any]]:
    """The cells of every row of ``queryset``: one ``values_list`` when every column is a path column and the
    table ``prepares`` nothing per batch, else from the records."""
    if prepares or any(r.convert is None for r in column_readers):
        yield from from_records(table, column_readers, queryset.iterator(chunk_size=2000))
        return
    paths = list(dict.fromkeys(["pk", *(r.path for r in column_readers)]))  # the pk keeps the rows distinct
    where = [paths.index(r.path) for r in column_readers]
    converts = [r.convert for r in column_readers]
    for values in queryset.values_list(*paths).iterator(chunk_size=2000):
        yield [convert(values[i]) for convert, i in zip(converts, where, strict=True)]  # type: ignore[misc]


class _ExportRow(tables.rows.BoundRow):
    """``BoundRow.get_cell_value`` with each column's value signature read once per export (django-tables2
    inspects it on every cell)."""

    def __init__(self, record: Any, *, table: Any, signatures: dict[str, tuple[tuple[str, ...], str | None]]):
        super().__init__(record, table=table)
        self._signatures = signatures

    def _call_value(self, bound_column: Any, value: Any = None) -> Any:
        fn = value_function(bound_column)
        if bound_column.name not in self._signatures:
            self._signatures[bound_column.name] = tables.utils.signature(fn)
        names, catch_all = self._signatures[bound_column.name]
        offered = self._optional_cell_arguments(bound_column, value)
        if catch_all:
            return fn(**offered)
        if any(name not in offered for name in names):
            return None
        return fn(**{name: offered[name] for name in names})


_PLAIN = frozenset({str, int, float, Decimal, date, type(None)})


def plain(value: Any) -> Any:
    """A cell as the writers take it: text, a number, a date or None (anything else as its text)."""
    if value is None or isinstance(value, str | int | float | Decimal | date):
        return value
    return str(value)
