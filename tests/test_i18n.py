"""Vietnamese first, English on request: the language switch, the catalogue, caching and official documents."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

pytestmark = pytest.mark.django_db


def _statistics(catalogue: Path) -> str:
    """GNU gettext's own count of a catalogue, e.g. "1414 translated messages, 2 untranslated messages."."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext is installed by scripts/system-packages.sh"
    checked = subprocess.run([msgfmt, "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
                             capture_output=True, text=True, check=True)
    return checked.stderr.strip().splitlines()[-1]


def test_english_catalogue_is_complete_and_not_fuzzy() -> None:
    """Every entry has an English translation, none fuzzy (as ``make messages`` builds it)."""
    stats = _statistics(CATALOGUE)
    assert re.fullmatch(r"\d{4,} translated messages\.", stats), stats


def test_vietnamese_by_default_even_for_an_english_browser(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="vi">' in body and "Tin tức" in body
    assert response["Content-Language"] == "vi"


def test_the_switch_changes_the_language_and_back(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/tin-tuc/"})
    assert response.status_code == 302 and response.url == "/tin-tuc/"
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body and ">News<" in body and ">Tin tức<" not in body
    assert 'value="vi"' in body and "Tiếng Việt" in body  # the way back
    login = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in" in login and "Đăng nhập" not in login
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert ">Tin tức<" in client.get("/").content.decode()


def test_the_switch_is_a_csrf_protected_form_that_stays_on_the_site() -> None:
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/").content.decode()
    form = re.search(r'<form method="post" action="/ngon-ngu/setlang/".*?</form>', page, re.S)
    assert form is not None and 'name="csrfmiddlewaretoken"' in form.group(0)
    assert browser.post(reverse("set_language"), {"language": "en"}).status_code == 403  # no token
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0))
    assert token is not None
    response = browser.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/",
                                                      "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302 and not response.url.startswith("https://evil")


def test_cached_public_pages_are_kept_per_language(settings: Any) -> None:
    settings.SXSH_PUBLIC_PAGE_CACHE_SECONDS = 30
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert ">News<" in english.get("/").content.decode()
    vietnamese = Client()
    response = vietnamese.get("/")
    assert ">Tin tức<" in response.content.decode() and ">News<" not in response.content.decode()
    assert "Cookie" in response["Vary"]


def test_english_catalogue_has_every_source_string(tmp_path: Path) -> None:
    """Run ``makemessages`` on a copy of the source, as a developer would: the catalogue in git must not
    gain an entry (a new string without its translation) nor keep one that is gone."""
    copy = tmp_path / "sxsh"
    shutil.copytree(Path(settings.BASE_DIR), copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "sxsh.settings.dev"}
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location",
                    "--ignore", "*/tests/*", "--ignore", "testing/*", "--ignore", "*/bench/*"],
                   cwd=copy, env=env, check=True, capture_output=True)
    fresh = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    assert _statistics(fresh) == _statistics(CATALOGUE), "run makemessages and translate the new strings"
    assert "\n#~ msgid" not in fresh.read_text(encoding="utf-8"), "remove the entries whose string is gone"
