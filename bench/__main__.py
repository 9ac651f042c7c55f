"""``python -m bench``: prepare a synthetic city on SQLite (and PostgreSQL when configured), then print
every figure against its baseline."""

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from . import portal, report, tasks_bench
from .config import Config, only, pg_url

ROOT = Path(__file__).resolve().parent.parent


def _env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SXSH_DEMO", "SXSH_CAPTCHA_TEST_MODE"}}
    paths = [str(ROOT / "src"), str(ROOT)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env.update(
        DATABASE_URL=database_url, PYTHONPATH=os.pathsep.join(paths), DJANGO_SETTINGS_MODULE="bench.settings",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603  (our own interpreter, fixed arguments)


def prepare(database_url: str, config: Config, label: str) -> dict[str, str]:
    env = _env(database_url)
    started = time.perf_counter()
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "createcachetable")
    # Earlier synthetic data first: the demo loader skips its facilities when illustrative ones exist.
    subprocess.run([sys.executable, "-c", "import django; django.setup(); from sxsh.directory.synthetic import flush; flush()"],
                   cwd=ROOT, env=env, check=True)
    _manage({**env, "SXSH_DEMO": "1"}, "load_demo")
    _manage(env, "generate_synthetic", "--flush", "--units", str(config.units), "--facilities",
            str(config.facilities), "--years", str(config.years), "--seed", str(config.seed))
    report.note(f"{label}: migrated, demo data and synthetic city ({config.units} districts, "
                f"{config.facilities} facilities, {config.years} years) in {time.perf_counter() - started:.0f}s")
    return env


def figures(env: dict[str, str], groups: list[str], label: str) -> None:
    if groups:
        subprocess.run([sys.executable, "-m", "bench.figures", *groups, "--label", label], cwd=ROOT, env=env,  # noqa: S603  (our own interpreter, fixed arguments)
                       check=True)


def comments(env: dict[str, str]) -> None:
    """The comment load test (many concurrent posts, each sent twice: none lost, none duplicated) and the
    article page against a minimal view, from the outreach app's own harness; its lines are forwarded."""
    result = subprocess.run([sys.executable, "-m", "sxsh.outreach.bench"], cwd=ROOT, env=env, check=False,
                            capture_output=True, text=True)
    for line in result.stdout.splitlines():
        if line.startswith("bench "):
            print(line, flush=True)
    if result.returncode != 0:
        report.note(f"outreach comment bench failed (exit {result.returncode}): {result.stderr.strip()[-300:]}")


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    return f"{os.cpu_count()} CPUs, {memory}, {cpu}, Python {platform.python_version()}"


def main() -> None:
    config = Config()
    wanted = only()
    started = time.perf_counter()
    report.note(f"SXSH bench {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}")
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    sqlite_path = bench_dir / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    env = prepare(f"sqlite:///{sqlite_path}", config, "sqlite")
    in_process = [g for g in ("import_export", "mv", "documents", "indicators") if g in wanted]
    figures(env, in_process, "sqlite")
    if "portal" in wanted:
        out = subprocess.run([sys.executable, "-m", "bench.figures", "--pages"], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
        portal.run(env, config, ROOT, json.loads(out.strip().splitlines()[-1]))
    if "comments" in wanted:
        comments(env)
    if "tasks" in wanted:
        tasks_bench.run(env, ROOT, "sqlite")
    pg = pg_url()
    pg_groups = [g for g in ("import_export", "indicators", "tasks") if g in wanted]
    if pg and pg_groups:
        pg_env = prepare(pg, config, "postgresql")
        figures(pg_env, [g for g in pg_groups if g != "tasks"], "postgresql")
        if "tasks" in pg_groups:
            tasks_bench.run(pg_env, ROOT, "postgresql")
    elif pg_groups:
        report.skipped("postgresql figures", "set SXSH_BENCH_PG_URL (or a PostgreSQL DATABASE_URL)")
    report.note(f"bench finished in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
