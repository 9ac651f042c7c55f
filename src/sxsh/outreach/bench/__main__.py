"""Run the outreach load test; see the package docstring."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

SETUP = """
import django
django.setup()
from sxsh.directory.demo import load_reference
from sxsh.directory.models import AdministrativeUnit
from sxsh.outreach import demo
load_reference()
article = demo._article(AdministrativeUnit.objects.get(path=demo.DISTRICT_PATH), demo.ARTICLES[0])
print(article.get_absolute_url())
"""

COUNT = """
import django
django.setup()
from sxsh.outreach.models import Comment
titles = list(Comment.objects.values_list("title", flat=True))
print(len(titles), len(set(titles)))
"""

UA = "Mozilla/5.0 (X11; Linux x86_64) sxsh-bench"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _python(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def _wait(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not start: {url}")


def post_comments(article_url: str, clients: int) -> list[str]:
    """Each client reads the form and sends it twice; returns the errors seen."""
    errors: list[str] = []

    def one(i: int) -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        opener.addheaders = [("User-Agent", UA)]
        try:
            with opener.open(article_url, timeout=60) as response:
                html = response.read().decode()
            fields = dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]+)"', html))
            data = urllib.parse.urlencode({
                **fields, "name": f"Người đọc {i}", "title": f"Bình luận tải {i}", "body": "Nội dung thử tải.",
                "phone": "", "website": "", "captcha_0": "bench", "captcha_1": "PASSED",
            }).encode()
            for _ in range(2):
                with opener.open(article_url, data=data, timeout=60) as response:
                    if "chờ kiểm duyệt" not in response.read().decode():
                        errors.append(f"client {i}: no moderation notice")
        except Exception as exc:
            errors.append(f"client {i}: {exc!r}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def throughput(url: str, seconds: float, concurrency: int) -> float:
    """Requests per second over ``seconds`` with ``concurrency`` client threads."""
    done = [0] * concurrency
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        request = urllib.request.Request(url, headers={"User-Agent": UA})  # noqa: S310
        while time.monotonic() < stop:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()
            done[k] += 1

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    clients = int(os.environ.get("SXSH_BENCH_COMMENT_CLIENTS", "40"))
    seconds = float(os.environ.get("SXSH_BENCH_SECONDS", "5"))
    concurrency = int(os.environ.get("SXSH_BENCH_CONCURRENCY", "4"))
    src = Path(__file__).resolve().parents[3]
    with tempfile.TemporaryDirectory(prefix="sxsh-bench-") as tmp:
        env: dict[str, Any] = {
            **os.environ, "DJANGO_SETTINGS_MODULE": "sxsh.outreach.bench.settings", "SXSH_VAR_DIR": tmp,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH", "")])),
        }
        env.pop("DATABASE_URL", None)  # always a throw-away SQLite file
        _python(env, "-m", "django", "migrate", "--noinput", "-v", "0")
        _python(env, "-m", "django", "createcachetable")
        path = _python(env, "-c", SETUP).strip().splitlines()[-1]
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "sxsh.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "4",
             "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base + "/_bench/minimal/")
            errors = post_comments(base + path, clients)
            created, distinct = (int(x) for x in _python(env, "-c", COUNT).split())
            lost, duplicated = clients - distinct, created - distinct
            print(f"bench outreach_comments_created: {created} comments (ratio {created / clients:.2f} vs "
                  f"{clients} forms sent twice; lost {lost}, duplicated {duplicated}, errors {len(errors)})")
            baseline = throughput(base + "/_bench/minimal/", seconds, concurrency)
            article = throughput(base + path, seconds, concurrency)
            print(f"bench outreach_article_page: {article:.1f} req/s (ratio {article / baseline:.2f} vs "
                  f"minimal_django_view {baseline:.1f} req/s)")
            for line in errors[:5]:
                print(f"  {line}", file=sys.stderr)
            return 0 if not errors and lost == 0 and duplicated == 0 else 1
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    raise SystemExit(main())
