"""Scale of the benchmarks (environment variables; defaults keep ``make bench`` near 5 minutes on 2 cores).

SXSH_BENCH_UNITS            synthetic districts (default 10)
SXSH_BENCH_FACILITIES       synthetic facilities (default 20000)
SXSH_BENCH_YEARS            years of monthly series (default 3)
SXSH_BENCH_SEED             seed (default 154)
SXSH_BENCH_REQUESTS         requests per portal figure (default 1500)
SXSH_BENCH_SECONDS          time cap per portal figure (default 20)
SXSH_BENCH_CLIENTS          load-generator threads (default 8)
SXSH_BENCH_WORKERS          gunicorn workers (default 2) and SXSH_BENCH_THREADS per worker (default 4)
SXSH_BENCH_IMPORT_ROWS      rows in the facility import file (default 2000)
SXSH_BENCH_MV_FACILITIES    facilities in the M&V batch (default 10000)
SXSH_BENCH_PG_URL           PostgreSQL database for the PostgreSQL figures (default: DATABASE_URL when it is
                            PostgreSQL; none otherwise, and the PostgreSQL figures are skipped).
                            Its synthetic data (districts coded th-…) is replaced.
SXSH_BENCH_TASKS            no-op tasks per task-throughput figure (default 500)
SXSH_BENCH_ONLY             comma-separated groups to run: portal, comments, import_export, mv, indicators, tasks
"""

import os
from dataclasses import dataclass


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


@dataclass(frozen=True)
class Config:
    units: int = _int("SXSH_BENCH_UNITS", 10)
    facilities: int = _int("SXSH_BENCH_FACILITIES", 20000)
    years: int = _int("SXSH_BENCH_YEARS", 3)
    seed: int = _int("SXSH_BENCH_SEED", 154)
    requests: int = _int("SXSH_BENCH_REQUESTS", 1500)
    seconds: float = float(os.environ.get("SXSH_BENCH_SECONDS", "20"))
    clients: int = _int("SXSH_BENCH_CLIENTS", 8)
    workers: int = _int("SXSH_BENCH_WORKERS", 2)
    threads: int = _int("SXSH_BENCH_THREADS", 4)
    import_rows: int = _int("SXSH_BENCH_IMPORT_ROWS", 2000)
    mv_facilities: int = _int("SXSH_BENCH_MV_FACILITIES", 10000)


def pg_url() -> str:
    url = os.environ.get("SXSH_BENCH_PG_URL", "")
    if not url and os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        url = os.environ["DATABASE_URL"]
    return url


def only() -> set[str]:
    raw = os.environ.get("SXSH_BENCH_ONLY", "")
    return {part.strip() for part in raw.split(",") if part.strip()} or {"portal", "comments", "import_export", "mv", "documents",
                                                                               "indicators", "tasks"}
