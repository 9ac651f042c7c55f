"""CSRF enforcement on every page and XSS payloads in every form, enumerated from the URL conf.

Pages come from the URL conf (integer ids 1 and 2, slugs from the database), on the demo data of
every app that has landed; forms are parsed from the pages that render.
"""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from sxsh.accounts.models import User

from . import webscan

#: Forms not submitted with hostile data: they end the session or delete things the scan still needs.
NOT_SUBMITTED = ("dang-xuat", "/xoa", "/huy")


@pytest.fixture
def site(db: Any) -> dict[str, Any]:
    call_command("load_demo", stdout=StringIO())
    urls = sorted({u for route in webscan.routes() for u in webscan.concrete_urls(route)})
    return {"urls": urls, "admin": User.objects.get(username="admin")}


def _pages(client: Client, urls: list[str]) -> dict[str, str]:
    """HTML of every URL that renders (200, text/html) for this client."""
    found = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found[url] = response.content.decode()
    return found


def test_every_post_without_a_csrf_token_is_refused(site: dict[str, Any]) -> None:
    anonymous = Client(enforce_csrf_checks=True)
    officer = Client(enforce_csrf_checks=True)
    officer.force_login(site["admin"])
    accepted = []
    for url in site["urls"]:
        for who, client in (("anonymous", anonymous), ("admin", officer)):
            response = client.post(url, {"name": "csrf", "confirm": "x"})
            if response.status_code != 403:
                accepted.append(f"{who} POST {url} -> {response.status_code}")
    assert not accepted, "\n".join(accepted)
    assert len(site["urls"]) >= 15


def test_every_rendered_post_form_carries_a_csrf_token(site: dict[str, Any]) -> None:
    admin = Client()
    admin.force_login(site["admin"])
    missing = []
    htmx_only: set[str] = set()  # work with JavaScript only (reported, not failed)
    counted = 0
    for client in (Client(), admin):
        for url, html in _pages(client, site["urls"]).items():
            for form in webscan.forms_in(html):
                if form.method == "post":
                    counted += 1
                    if not form.has_csrf_token and not form.htmx:
                        missing.append(f"{url} -> {form.action or url}")
                    elif not form.has_csrf_token:
                        htmx_only.add(form.action or url)
    assert not missing, missing
    assert counted >= 5


def test_csrf_refusal_is_about_the_token(site: dict[str, Any]) -> None:
    """Control: the same POST with the cookie's token passes the CSRF check."""
    client = Client(enforce_csrf_checks=True)
    client.get("/tai-khoan/dang-nhap/")
    token = client.cookies["csrftoken"].value
    refused = client.post("/tai-khoan/dang-nhap/", {"username": "x", "password": "y"})
    passed = client.post("/tai-khoan/dang-nhap/", {"username": "x", "password": "y", "csrfmiddlewaretoken": token})
    assert refused.status_code == 403
    assert "CSRF" in refused.content.decode() or "phiên" in refused.content.decode().lower()
    assert passed.status_code == 200


def _submit_everything(client: Client, pages: dict[str, str]) -> tuple[int, list[str]]:
    submitted = 0
    reflected = []
    for url, html in pages.items():
        for form in webscan.forms_in(html):
            action = form.action or url
            if form.method != "post" or any(s in action for s in NOT_SUBMITTED) or not action.startswith("/"):
                continue
            data = webscan.hostile_data(form)
            response = client.post(action, data)  # a server error raises here and fails the test
            assert response.status_code < 500, (action, response.status_code)
            submitted += 1
            if response["Content-Type"].startswith("text/html") and webscan.unescaped(response.content.decode()):
                reflected.append(f"{action} (reflected)")
    return submitted, reflected


def test_xss_payloads_in_every_form_are_escaped_everywhere(site: dict[str, Any]) -> None:
    admin = Client()
    admin.force_login(site["admin"])
    visitor = Client()
    submitted_public, reflected = _submit_everything(visitor, _pages(visitor, site["urls"]))
    submitted_staff, reflected_staff = _submit_everything(admin, _pages(admin, site["urls"]))
    reflected += reflected_staff
    # Stored: every page, for the visitor and the administrator, after all the submissions.
    escaped_seen = 0
    for client in (visitor, admin):
        for url, html in _pages(client, site["urls"]).items():
            if webscan.unescaped(html):
                reflected.append(f"{url} (stored)")
            escaped_seen += "&lt;script&gt;alert(" in html
    assert not reflected, reflected
    assert submitted_public >= 1 and submitted_staff >= 5, (submitted_public, submitted_staff)
    assert escaped_seen >= 1, "no payload was stored and shown: the scan did not bite"
