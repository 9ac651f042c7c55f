"""``make soak``: the long reliability checks (full-size data), kept out of ``make test``.

1. A city-size synthetic dataset (SXSH_SOAK_FACILITIES, default 100000) on SQLite (and on PostgreSQL
   when SXSH_BENCH_PG_URL is set), generated within a time budget.
2. ``manage.py backup`` then ``restore`` of that database into a fresh one: every table's row count and
   checksum must match.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .__main__ import ROOT, _env
from .config import pg_url

FACILITIES = int(os.environ.get("SXSH_SOAK_FACILITIES", "100000"))
UNITS = int(os.environ.get("SXSH_SOAK_UNITS", "30"))
BUDGET_SECONDS = float(os.environ.get("SXSH_SOAK_GENERATE_BUDGET", "300"))

FINGERPRINT = (
    "from sxsh.core.management.commands.backup import fingerprint; import json; "
    "print(json.dumps(fingerprint()))"
)


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,  # noqa: S603  (fixed arguments)
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"soak: manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def fingerprint(env: dict[str, str]) -> str:
    return subprocess.run([sys.executable, "-c", f"import django; django.setup(); {FINGERPRINT}"], cwd=ROOT,  # noqa: S603  (our own interpreter, fixed arguments)
                          env=env, check=True, capture_output=True, text=True).stdout.strip()


def round_trip(source_url: str, target_url: str, label: str, workdir: Path) -> None:
    env = _env(source_url)
    manage(env, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    manage(env, "generate_synthetic", "--flush", "--units", str(UNITS), "--facilities", str(FACILITIES),
           "--years", "5", "--seed", "2019")
    generated = time.perf_counter() - started
    print(f"soak {label}: generated {FACILITIES} facilities in {generated:.0f}s", flush=True)
    assert generated < BUDGET_SECONDS, f"generation took {generated:.0f}s (budget {BUDGET_SECONDS:.0f}s)"
    before = fingerprint(env)
    archive = workdir / f"{label}.backup"
    started = time.perf_counter()
    manage(env, "backup", "--output", str(archive))
    backup_s = time.perf_counter() - started
    target = _env(target_url)
    started = time.perf_counter()
    manage(target, "restore", str(archive), "--yes")
    restore_s = time.perf_counter() - started
    after = fingerprint(target)
    assert after == before, f"{label}: restored database differs from the original"
    print(f"soak {label}: backup {backup_s:.1f}s ({archive.stat().st_size // 1024} KiB), restore {restore_s:.1f}s, "
          "row counts and checksums identical", flush=True)


def fresh_pg_database(url: str, suffix: str) -> str:
    """An empty database next to ``url``'s (dropped and created again)."""
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    target = f"{name}{suffix}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    return f"{base}/{target}"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="sxsh-soak-") as tmp:
        work = Path(tmp)
        round_trip(f"sqlite:///{work / 'source.sqlite3'}", f"sqlite:///{work / 'restored.sqlite3'}", "sqlite", work)
        pg = pg_url()
        if pg:
            round_trip(pg, fresh_pg_database(pg, "_soak_restore"), "postgresql", work)
        else:
            print("soak: PostgreSQL skipped (set SXSH_BENCH_PG_URL)", flush=True)


if __name__ == "__main__":
    main()
