"""Restore a backup written by ``manage.py backup`` (replaces the whole database)."""

import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from .backup import fingerprint, pg_env, sqlite_raw, tool


def restore(source: Path, alias: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[alias]
    if not source.is_file():
        raise CommandError(f"no such backup file: {source}")
    if connection.vendor == "sqlite":
        with source.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise CommandError("not a SQLite backup file")
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            # The backup API replaces every page of the live database in one step (readers see old or new).
            backup_db.backup(sqlite_raw(alias))
        finally:
            backup_db.close()
    elif connection.vendor == "postgresql":
        with source.open("rb") as handle:
            if handle.read(5) != b"PGDMP":
                raise CommandError("not a pg_dump custom-format archive")
        connection.close()
        args, env = pg_env(connection.settings_dict)
        subprocess.run(  # noqa: S603
            [tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", "--dbname", str(connection.settings_dict["NAME"]),
             str(source)],
            check=True, env=env,
        )
    else:
        raise CommandError(f"restore is not supported for {connection.vendor}")


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu từ bản sao lưu (thay thế toàn bộ dữ liệu hiện có)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--verify", action="store_true", help="print row counts and checksums")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"]).resolve()
        if not options["yes"] and options.get("interactive", True):
            answer = input(f"Replace the whole database with {source}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled")
        try:
            restore(source, options["database"])
        except subprocess.CalledProcessError as exc:
            raise CommandError(f"pg_restore failed with exit code {exc.returncode}") from exc
        self.stdout.write(f"restore: {source} restored")
        if options["verify"]:
            for table, (count, digest) in fingerprint(options["database"]).items():
                self.stdout.write(f"{table}\t{count}\t{digest[:16]}")
