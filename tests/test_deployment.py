"""Production settings: ``check --deploy`` is clean and responses carry the security headers."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "production-secret-for-the-deployment-test-" + "0123456789abcdef" * 2


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SXSH_", "DJANGO_", "DATABASE_URL"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "sxsh.settings.production",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "SXSH_SECRET_KEY": SECRET,
        "SXSH_ALLOWED_HOSTS": "sxsh.example.vn",
        "SXSH_CSRF_TRUSTED_ORIGINS": "https://sxsh.example.vn",
        "SXSH_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    })
    return env


def test_check_deploy_is_clean(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
        env=_production_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


SCRIPT = r"""
import django
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
call_command("migrate", verbosity=0)  # a deployment's database is migrated (the site wording is read from it)
import re
from django.test import Client
client = Client(HTTP_HOST="sxsh.example.vn")
plain = client.get("/tai-khoan/dang-nhap/")
print("REDIRECT", plain.status_code, plain.get("Location"))
secure = client.get("/tai-khoan/dang-nhap/", secure=True)
print("STATUS", secure.status_code)
print("HASHED", re.findall(r'/static/sxsh/site\.[0-9a-f]{12}\.css', secure.content.decode()))
for name in ("Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options",
             "Referrer-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy", "Permissions-Policy"):
    print("HEADER", name, "=", secure.get(name))
cookie = secure.cookies["csrftoken"]
print("COOKIE csrftoken secure=%s samesite=%s" % (bool(cookie["secure"]), cookie["samesite"]))
from django.conf import settings
print("SESSION secure=%s httponly=%s" % (settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY))
print("STATIC", settings.STORAGES["staticfiles"]["BACKEND"])
print("HOST", client.get("/tai-khoan/dang-nhap/", secure=True, HTTP_HOST="evil.example").status_code)
"""


def test_production_responses_carry_security_headers(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True,
        timeout=600,  # collectstatic compresses every file (WhiteNoise): minutes on a loaded machine
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "REDIRECT 301 https://sxsh.example.vn/tai-khoan/dang-nhap/" in out
    assert "STATUS 200" in out
    assert "HASHED ['/static/sxsh/site." in out  # collectstatic + manifest: cache-busting file names
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert "HEADER Strict-Transport-Security = max-age=31536000; includeSubDomains; preload" in out
    assert "HEADER Content-Security-Policy = default-src 'self';" in out
    assert "script-src 'self';" in out and "frame-ancestors 'none'" in out
    assert "HEADER X-Content-Type-Options = nosniff" in out
    assert "HEADER Referrer-Policy = same-origin" in out
    assert "HEADER X-Frame-Options = DENY" in out
    assert "HEADER Cross-Origin-Opener-Policy = same-origin" in out
    assert "COOKIE csrftoken secure=True samesite=Lax" in out
    assert "SESSION secure=True httponly=True" in out
    assert "STATIC whitenoise.storage.CompressedManifestStaticFilesStorage" in out
    assert "HOST 400" in out
