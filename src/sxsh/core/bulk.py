"""``insert``: ``bulk_create`` of new model instances without compiling SQL per row (imports).

Django's ``bulk_create`` turns every value into SQL through its compiler (a placeholder, a pre-save and a
database preparation per field and row): for a 2,000-facility import that is most of the time spent
writing. Here each value still goes through its field (``pre_save`` and ``get_db_prep_save``, so
``auto_now_add``, JSON, dates and time zones are stored exactly as ``bulk_create`` stores them), but the
statement is one multi-row ``INSERT … RETURNING`` per batch built once. The instances get their primary
keys, as with ``bulk_create`` on SQLite ≥ 3.35 and PostgreSQL. No signals are sent (neither does
``bulk_create``).
"""

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

MAX_ROWS = 1000  # per statement

#: Fields whose database value is the Python value itself when it has the listed type (their
#: ``get_db_prep_save`` returns it unchanged on SQLite and PostgreSQL): exact classes only, no subclass.
_AS_IS: dict[type[models.Field], tuple[type, ...]] = {
    models.CharField: (str,), models.TextField: (str,), models.EmailField: (str,), models.SlugField: (str,),
    models.IntegerField: (int,), models.PositiveIntegerField: (int,), models.PositiveSmallIntegerField: (int,),
    models.SmallIntegerField: (int,), models.BigIntegerField: (int,), models.BooleanField: (bool,),
    models.ForeignKey: (int,),
}


def insert(objs: Sequence[models.Model]) -> None:
    """Insert ``objs`` (new instances of one model, no primary key set) and set their primary keys."""
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(objs)  # a backend without RETURNING (none that SXSH supports)
        return
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if f is not pk]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608  (quoted names of the model; values are parameters)
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    tail = f" RETURNING {quote(str(pk.column))}"
    size = _batch_size(connection, len(fields))
    prepare = [_preparer(f, connection) for f in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start:start + size]
            params = [p(obj) for obj in batch for p in prepare]
            cursor.execute(head + ", ".join([row_sql] * len(batch)) + tail, params)
            for obj, (value,) in zip(batch, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)
                obj._state.adding = False
                obj._state.db = connection.alias


def _preparer(field: models.Field, connection: Any) -> Callable[[models.Model], Any]:
    """How one field's value of an instance becomes its parameter: as ``bulk_create`` does, except that an
    ``auto_now``/``auto_now_add`` time is the same for the whole call and plain values skip the field's
    no-op preparation."""
    attname = field.attname
    if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
        now = timezone.now() if isinstance(field, models.DateTimeField) else timezone.localdate()
        prepared = field.get_db_prep_save(now, connection)

        def stamped(obj: models.Model) -> Any:
            setattr(obj, attname, now)
            return prepared

        return stamped
    plain = _AS_IS.get(type(field), ())
    if type(field).pre_save is not models.Field.pre_save:
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)

    def value(obj: models.Model) -> Any:
        raw = getattr(obj, attname)
        return raw if type(raw) in plain or (raw is None and plain) else field.get_db_prep_save(raw, connection)

    return value

def _batch_size(connection: Any, columns: int) -> int:
    """Rows per statement within the server's limit of parameters (SQLite's as compiled, not Django's 999)."""
    limit = 65535  # PostgreSQL's protocol
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(MAX_ROWS, limit // max(1, columns)))
