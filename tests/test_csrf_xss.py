"""CSRF enforcement on every page and XSS payloads in every form, enumerated from the URL conf.

Pages come from the URL conf on the demo data: routes without parameters and with slugs from the
database, then every id route with the real objects the administrator's walk of the site links to
(``webscan.walk``); forms are parsed from the pages that render.
"""

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sxsh.accounts.models import ApiToken, User

from . import webscan

#: Forms not submitted with hostile data: they end the session or delete things the scan still needs.
NOT_SUBMITTED = ("dang-xuat", "/xoa", "/huy")


#: Id routes the walk cannot reach on the demo data, with the reason (anything else unreached fails).
UNREACHED: dict[str, str] = {}  # none today: the fixture adds what the demo lacks
#: The least the walk must cover: a walk that silently skips routes (as when it filled only ``<int:…>``) fails.
MIN_ROUTES, MIN_ID_ROUTES = 110, 60


def _files_jobs_and_drafts(admin: Client) -> list[str]:
    """What the demo lacks for a few id routes: a signed plan document, an evidence file, a plan stage and a
    budget line, a registration claiming the enterprise's facility, background tasks (one with a file), a
    ward report still in draft and an API token. Their URLs start the walk."""
    from sxsh.events import services as events
    from sxsh.events.models import Audience, Event
    from sxsh.indicators import services as indicators
    from sxsh.indicators.periods import Period
    from sxsh.plans import services as plans
    from sxsh.plans.models import BudgetLine, EvidenceFile, FundingSource, Plan, ProgressUpdate, Stage
    from sxsh.tasks.models import BackgroundTask

    plan = Plan.objects.order_by("pk").first()
    update = ProgressUpdate.objects.order_by("pk").first()
    assert plan is not None and update is not None
    plan.document.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    evidence = EvidenceFile.objects.create(update=update, title="Biên bản", kind="pdf",
                                           file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="bien-ban.pdf"))
    staff = User.objects.get(username="admin")
    ApiToken.issue(staff)  # listed (and revocable) on the account page
    plans.save_stage(acting_user=staff, stage=Stage(plan=plan), data={
        "order": 1, "name": "Giai đoạn 1", "start_date": plan.period_start, "end_date": plan.period_end})
    plans.save_budget_line(acting_user=staff, line=BudgetLine(plan=plan), data={
        "year": 2019, "source": FundingSource.objects.unscoped("test data").first(), "amount": Decimal(5_000_000)})
    facility = User.objects.get(username="doanhnghiep").facilities.first()  # settled on "my registrations"
    event = Event.objects.unscoped("test data").order_by("pk").first()
    assert facility is not None and event is not None
    claimant = events.Participant(full_name="Nguyễn Văn Khai", organisation_name=facility.name,
                                  audience=Audience.TECHNICAL, phone="0912345678", email="khai@example.com",
                                  tax_code=facility.tax_code)
    events.register(acting_user=staff, event_id=event.pk, participant=claimant, walk_in=True, over_capacity=True)
    ward = User.objects.get(username="phuong").unit  # closed in 2025: its officer only reads, the administrator drafts
    draft, _created = indicators.create_report(acting_user=staff, unit=ward, period=Period("quarter", 2019, 4))
    tasks = [admin.post("/chi-tieu/tinh-lai/", {"year": 2019}), admin.post("/chi-tieu/xuat-nen/", {"year": 2019})]
    task = BackgroundTask.objects.order_by("-pk").first()  # the export: done, with a file to download
    assert task is not None and all(t.status_code == 302 for t in tasks)
    return [reverse("plans:evidence_file", args=[evidence.pk]), reverse("indicators:report_detail", args=[draft.pk]),
            reverse("tasks:progress", args=[task.pk]), *(t["Location"] for t in tasks)]


@pytest.fixture
def site(db: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """The demo data and every route's concrete URLs, the id routes first (walked by every demo account)."""
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())
    admin = User.objects.get(username="admin")
    routes = list(webscan.routes())
    plain = sorted({u for route in routes for u in webscan.concrete_urls(route)})
    walked: dict[str, list[str]] = {}
    for username in ("admin", "quan", "phuong", "so", "chuyengia", "doanhnghiep"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        extra = _files_jobs_and_drafts(client) if username == "admin" else []
        webscan.walk(client, extra + plain, found=walked)
    id_routes = [r for r in routes if r.has_ids]
    by_route = {r.template: walked.get(r.template, []) for r in id_routes}
    urls = [u for r in id_routes for u in by_route[r.template]] + plain
    return {"urls": list(dict.fromkeys(urls)), "admin": admin, "routes": routes, "by_route": by_route,
            "plain_routes": {r.template for r in routes if not r.has_ids and webscan.concrete_urls(r)}}


def test_the_walk_covers_every_route_id_routes_included(site: dict[str, Any]) -> None:
    unreached = sorted(t for t, urls in site["by_route"].items() if not urls and t not in UNREACHED)
    visited_ids = sum(bool(urls) for urls in site["by_route"].values())
    visited = visited_ids + len(site["plain_routes"])
    print(f"route walk: {visited} of {len(site['routes'])} routes visited, {visited_ids} of "
          f"{len(site['by_route'])} id routes, {len(site['urls'])} URLs; without a concrete URL: "
          + ", ".join(sorted(r.template for r in site["routes"] if not r.has_ids
                             and r.template not in site["plain_routes"])))
    assert not unreached, "id routes the walk did not reach:\n" + "\n".join(unreached)
    assert visited >= MIN_ROUTES and visited_ids >= MIN_ID_ROUTES, (visited, visited_ids)


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
