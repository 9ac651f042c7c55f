"""Back up the database with the database's own tools: SQLite's online backup API, PostgreSQL's pg_dump.

``manage.py backup --output FILE`` writes a consistent copy (SQLite: a database file; PostgreSQL: a
``pg_dump`` custom-format archive) while the site keeps running. ``manage.py restore FILE`` puts it back.
``--verify`` prints the row count and a checksum of every table (:func:`fingerprint`), which a restore
of the same file reproduces exactly.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections


def fingerprint(alias: str = DEFAULT_DB_ALIAS) -> dict[str, tuple[int, str]]:
    """``{table: (row count, sha256 of its rows ordered by every column)}`` for every table in the database."""
    connection = connections[alias]
    result: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)} ORDER BY {quoted}")  # noqa: S608
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(_normal(v) for v in row)).encode())
                count += 1
            result[table] = (count, digest.hexdigest())
    return result


def _normal(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def pg_env(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the PostgreSQL client tools."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} not found: install the PostgreSQL client tools (postgresql-client)")
    return path


def sqlite_raw(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def backup(output: Path, alias: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[alias]
    output.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        tmp = output.with_name(output.name + ".partial")
        tmp.unlink(missing_ok=True)
        target = sqlite3.connect(tmp)
        try:
            sqlite_raw(alias).backup(target)  # online, consistent, page by page
        finally:
            target.close()
        tmp.replace(output)  # a crash never leaves a truncated file under the final name
    elif connection.vendor == "postgresql":
        args, env = pg_env(connection.settings_dict)
        tmp = output.with_name(output.name + ".partial")
        subprocess.run(  # noqa: S603
            [tool("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(tmp),
             str(connection.settings_dict["NAME"])],
            check=True, env=env,
        )
        tmp.replace(output)
    else:
        raise CommandError(f"backup is not supported for {connection.vendor}")


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu (SQLite: API sao lưu trực tuyến; PostgreSQL: pg_dump)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", required=True, help="backup file to write")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--verify", action="store_true", help="print row counts and checksums")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"]).resolve()
        try:
            backup(output, options["database"])
        except subprocess.CalledProcessError as exc:
            raise CommandError(f"pg_dump failed with exit code {exc.returncode}") from exc
        self.stdout.write(f"backup: {output} ({output.stat().st_size} bytes)")
        if options["verify"]:
            for table, (count, digest) in fingerprint(options["database"]).items():
                self.stdout.write(f"{table}\t{count}\t{digest[:16]}")
