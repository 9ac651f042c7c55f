"""Portal figures: the public pages served by gunicorn on loopback, against a trivial Django view."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from . import load, report
from .config import Config
from .redis_server import redis_url

FLOOR_PATH = "/__bench__/floor/"
ROUNDS = 3


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def start_gunicorn(env: Mapping[str, str], config: Config, root: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    command = [
        sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(config.workers), "--worker-class", "gthread", "--threads", str(config.threads),
        "--keep-alive", "5", "--log-level", "warning", "--access-logfile", "-" if os.environ.get(
            "SXSH_BENCH_ACCESS_LOG") else "/dev/null",
    ]
    process = subprocess.Popen(command, cwd=root, env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings"})  # noqa: S603  (our own interpreter, fixed arguments)
    _wait(port)
    return process, port


#: Readers are browsers: pages that count views (articles) skip requests without a browser User-Agent.
HEADERS = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 sxsh-bench"}


def measure(port: int, path: str, config: Config) -> load.LoadResult:
    # Warm up: every worker loads templates and opens its database connection.
    load.run("127.0.0.1", port, path, total=config.clients * 4, clients=config.clients, seconds=10, headers=HEADERS)
    return load.run("127.0.0.1", port, path, total=config.requests, clients=config.clients, seconds=config.seconds,
                    headers=HEADERS)


def run(env: Mapping[str, str], config: Config, root: Path, pages: Mapping[str, str], suffix: str = "") -> None:
    """The pages against the floor, with Redis as the shared cache (rate limits, view counts) when installed."""
    with redis_url() as url:
        if url is None:
            report.note("portal: redis-server not installed, the shared cache is the database cache")
        _run({**env, "SXSH_REDIS_URL": url} if url else env, config, root, pages, suffix)


def _run(env: Mapping[str, str], config: Config, root: Path, pages: Mapping[str, str], suffix: str) -> None:
    process, port = start_gunicorn(env, config, root)
    try:
        report.note(
            f"portal set-up: gunicorn gthread {config.workers} workers × {config.threads} threads, "
            f"{config.clients} client threads, {config.requests} requests or {config.seconds:.0f}s per run, "
            f"{ROUNDS} interleaved rounds (page, floor), median kept"
        )
        for name, path in pages.items():
            runs, floors = [], []
            for _ in range(ROUNDS):  # interleaved, so that noise from other processes hits both alike
                runs.append(measure(port, path, config))
                floors.append(measure(port, FLOOR_PATH, config))
            errors = sum(r.errors for r in runs)
            if errors:
                report.note(f"{name} ({path}): {errors} of {sum(r.requests for r in runs)} requests failed")
            if not all(r.latencies for r in runs):
                report.skipped(f"portal_{name}", f"every request to {path} failed")
                continue
            rps, floor_rps = _median([r.rps for r in runs]), _median([f.rps for f in floors])
            report.figure(f"portal_{name}_rps{suffix}", rps, "req/s", rps / floor_rps, "minimal_view", floor_rps)
            p95 = _median([r.percentile(0.95) for r in runs]) * 1000
            floor_p95 = _median([f.percentile(0.95) for f in floors]) * 1000
            report.figure(f"portal_{name}_p95{suffix}", p95, "ms", p95 / floor_p95, "minimal_view", floor_p95)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
