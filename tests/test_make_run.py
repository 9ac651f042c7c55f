"""``make run`` serves like production: DEBUG off, static files from WhiteNoise, the site's own error pages."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The development server as ``make run`` starts it (its settings, demo mode, a migrated database)."""
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SXSH_", "DJANGO_", "DATABASE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "sxsh.settings.dev", "SXSH_DEMO": "1", "SXSH_VAR_DIR": str(var),
                "PYTHONPATH": str(ROOT / "src")})
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen([*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a loaded machine starts Django slowly
        while True:
            assert server.poll() is None, "the development server stopped"
            try:
                urllib.request.urlopen(url + "/tai-khoan/dang-nhap/", timeout=5)  # noqa: S310 - http://127.0.0.1 only
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the development server did not answer"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - http://127.0.0.1 only
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_an_unknown_address_gets_the_vietnamese_404_page(served: str) -> None:
    status, body, _ = _get(served + "/khong-co-trang-nay/")
    assert status == 404
    assert "Không tìm thấy trang" in body and 'class="site-header"' in body
    assert "URLconf" not in body and "Django" not in body and "DEBUG" not in body


def test_static_files_come_from_whitenoise(served: str) -> None:
    status, body, headers = _get(served + "/static/sxsh/site.css")
    assert status == 200 and ".site-header" in body
    assert headers.get("Content-Type", "").startswith("text/css")
    assert _get(served + "/static/vendor/htmx/htmx.min.js")[0] == 200


def test_the_admin_login_is_vietnamese_and_branded(served: str) -> None:
    status, body, _ = _get(served + "/quan-tri/login/")
    assert status == 200 and "Django" not in body and "Quản trị" in body
