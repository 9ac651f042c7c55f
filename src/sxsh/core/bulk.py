"""``insert``: ``bulk_create`` of new model instances without compiling SQL per row (imports).

Django's ``bulk_create`` turns every value into SQL through its compiler (a placeholder, a pre-save and a
database preparation per field and row): for a 2,000-facility import that is most of the time spent
writing. Here each value still goes through its field (``pre_save`` and ``get_db_prep_save``, so
``auto_now_add``, JSON, dates and time zones are stored exactly as ``bulk_create`` stores them), but the
statement is built once: on SQLite one multi-row ``INSERT … RETURNING`` per batch, on PostgreSQL the keys
drawn from the sequence and the rows sent by ``COPY``. The instances get their primary keys, as with
``bulk_create``. No signals are sent (neither does ``bulk_create``).
"""

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

MAX_ROWS = 1000  # per statement (SQLite)

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
    meta = type(objs[0])._meta
    connection = connections[router.db_for_write(type(objs[0]))]
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if f is not pk]
    prepare = [_preparer(f, connection) for f in fields]
    if connection.vendor == "postgresql":
        _copy(connection, meta, [pk, *fields], objs, prepare)
    else:
        _insert_returning(connection, meta, [pk, *fields], objs, prepare)


def _insert_returning(connection: Any, meta: Any, fields: list[models.Field], objs: Sequence[models.Model],
                      prepare: list[Callable[[models.Model], Any]]) -> None:
    """SQLite (≥ 3.35): multi-row ``INSERT … RETURNING`` statements within the server's parameter limit."""
    quote = connection.ops.quote_name
    pk, columns = fields[0], fields[1:]
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(str(f.column)) for f in columns)}) VALUES "  # noqa: S608  (quoted names of the model; values are parameters)
    row = f"({', '.join(['%s'] * len(columns))})"
    size = _batch_size(connection, len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start:start + size]
            cursor.execute(head + ", ".join([row] * len(batch)) + f" RETURNING {quote(str(pk.column))}",
                           [p(obj) for obj in batch for p in prepare])
            for obj, (key,) in zip(batch, cursor.fetchall(), strict=True):
                _saved(obj, pk, key, connection)


def _copy(connection: Any, meta: Any, fields: list[models.Field], objs: Sequence[models.Model],
          prepare: list[Callable[[models.Model], Any]]) -> None:
    """PostgreSQL: the keys drawn from the table's sequence in one query, then the rows with their keys by
    ``COPY`` (psycopg quotes every parameter of an ``INSERT`` on the client: slow for thousands of rows)."""
    quote = connection.ops.quote_name
    pk, table = fields[0], quote(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, pk.column, len(objs)])
        keys = [key for (key,) in cursor.fetchall()]
        names = ", ".join(quote(str(f.column)) for f in fields)
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for obj, key in zip(objs, keys, strict=True):
                copy.write_row([key, *(p(obj) for p in prepare)])
    for obj, key in zip(objs, keys, strict=True):
        _saved(obj, pk, key, connection)


def _saved(obj: models.Model, pk: models.Field, key: Any, connection: Any) -> None:
    setattr(obj, pk.attname, key)
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
