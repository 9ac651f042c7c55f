"""Done-when of the scope work: officers of another province and of another ward find none of the first
unit's data on any page, API list, export, stored file or the audit log.

On the demo data (Hoàn Kiếm, Hà Nội), the non-public values of the first unit (names, tax codes, contacts'
names, phones and e-mails of facilities; participants' names, e-mails, phones and registration codes;
commenters' names and phones; report numbers) are collected, minus anything a visitor can read anyway and the values
the outsider's own records share. The
first ward is one of 2025 (phường Hoàn Kiếm: the demo's wards of before are closed, their officers only
read); its officer also registers two facilities through the service, so that their audit entries are there. Each outsider then
walks every page the site links to (``webscan.walk``), every API list of the OpenAPI schema, every export the
pages link to and the audit log, and no response may contain one of those values; the views serving the
unit's stored files (signed plans, evidence, library documents not public) and the same files under
``/media/`` answer 404. A control walk as the first
unit's own officer must find them, so the test cannot pass by finding nothing anywhere.
"""

import io
import zipfile
from collections.abc import Callable
from html import escape
from io import StringIO
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sxsh.accounts.models import ApiToken, User
from sxsh.core.roles import Role
from sxsh.directory import services as directory
from sxsh.directory.models import AdministrativeUnit, Facility, Sector, UnitKind, UnitLevel
from sxsh.events.models import Registration
from sxsh.indicators.models import Report
from sxsh.outreach.models import Comment, Document, DocumentAccess
from sxsh.plans.models import EvidenceFile, Plan, ProgressUpdate

from . import webscan

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
FIRST_WARD = "/ha-noi/phuong-hoan-kiem/"


def _text(response: Any) -> str:
    """What a response says, whatever its format (HTML, JSON, CSV, XLSX; other binaries as bytes)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                             if n.endswith(".xml"))
    return body.decode("utf-8", "replace")


def _everything(client: Client, api: Client, start: list[str]) -> dict[str, str]:
    """URL → text of every page the client reaches, every API list and every export linked from the pages."""
    seen: dict[str, str] = {}

    def keep(url: str, response: Any) -> None:
        if response.status_code == 200:
            seen[url] = _text(response)

    webscan.walk(client, start, on_response=keep)
    schema = api.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        if "get" not in operations or "{" in path or path.endswith(("openapi.json", "/docs")):
            continue
        for offset in range(0, 20_000, 500):  # every page of the list
            response = api.get(path, {"limit": 500, "offset": offset})
            keep(f"{path}?offset={offset}", response)
            data = response.json() if response.status_code == 200 else None
            items = data.get("items") if isinstance(data, dict) else None
            if not isinstance(items, list) or len(items) < 500:
                break
    return seen


def _private_values(unit_path: str) -> set[str]:
    """Values of the unit's records that only its officers may read."""
    facilities = Facility.objects.filter(ward__path__startswith=unit_path)
    values = {v for row in facilities.values_list("name", "tax_code", "contact_name", "contact_phone",
                                                   "contact_email") for v in row}
    values |= {v for row in Registration.objects.filter(event__unit__path__startswith=unit_path).values_list(
        "full_name", "email", "phone", "code") for v in row}
    values |= {v for row in Comment.objects.filter(article__unit__path__startswith=unit_path).values_list(
        "name", "phone") for v in row}
    values |= set(Report.objects.filter(unit__path__startswith=unit_path).values_list("number", flat=True))
    return {v for v in values if v and len(v) >= 6}


def _file_urls(unit_path: str) -> list[str]:
    """The views serving the unit's stored files that are not public, then the same files under /media/."""
    plans = Plan.objects.filter(unit__path__startswith=unit_path).exclude(document="")
    evidence = EvidenceFile.objects.filter(update__activity__workstream__plan__unit__path__startswith=unit_path)
    documents = Document.objects.filter(unit__path__startswith=unit_path).exclude(access=DocumentAccess.PUBLIC)
    views = ([reverse("plans:plan_document", args=[p.pk]) for p in plans]
             + [reverse("plans:evidence_file", args=[e.pk]) for e in evidence]
             + [reverse("outreach:document_download", args=[d.pk]) for d in documents])
    names = [p.document.name for p in plans] + [e.file.name for e in evidence] + [d.file.name for d in documents]
    return views + [f"/media/{name}" for name in names]


def _leaks(pages: dict[str, str], values: set[str]) -> list[str]:
    found = []
    for url, text in pages.items():
        for value in values:
            if value in text or escape(value) in text:
                found.append(f"{url}: {value}")
    return found


@pytest.fixture
def demo() -> list[str]:
    call_command("load_demo", stdout=StringIO())
    return sorted({u for route in webscan.routes() for u in webscan.concrete_urls(route)})


def _clients(user: User) -> tuple[Client, Client]:
    client = Client()
    client.force_login(user)
    key, _token = ApiToken.issue(user)
    return client, Client(headers={"Authorization": f"Bearer {key}"})


@pytest.fixture
def ward_officer(demo: list[str]) -> User:
    """The officer of the first ward (phường Hoàn Kiếm, since 1/7/2025)."""
    return User.objects.create(username="phuong-hoan-kiem", role=Role.WARD,
                               unit=AdministrativeUnit.objects.get(path=FIRST_WARD))


@pytest.fixture
def ward_facilities(ward_officer: User) -> list[Facility]:
    """Two facilities the ward's officer registers, with their contacts (audited as on the site)."""
    rows = [("Cơ sở in lụa Phúc Lộc", "0101234565", "Đỗ Thị Hạnh", "0903111222", "hanh.phucloc@example.vn"),
            ("Xưởng bạc Kim Thành", "0109876557", "Lê Quang Vinh", "0904333444", "vinh.kimthanh@example.vn")]
    return [directory.create_facility(acting_user=ward_officer, data={
        "name": name, "tax_code": tax_code, "address": "12 Hàng Bạc", "ward": ward_officer.unit,
        "sector": Sector.objects.get(code="C11"), "size": "small", "contact_name": contact,
        "contact_phone": phone, "contact_email": email}) for name, tax_code, contact, phone, email in rows]


@pytest.fixture
def stored_files(demo: list[str], settings: Any, tmp_path: Any) -> None:
    """What the demo lacks: a signed plan and an evidence file in Hà Nội, a signed-in-only library document
    of the first ward."""
    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.4\n%%EOF\n"
    plan, update = Plan.objects.order_by("pk").first(), ProgressUpdate.objects.order_by("pk").first()
    assert plan is not None and update is not None and plan.unit.path.startswith("/ha-noi/")
    plan.document.save("ke-hoach.pdf", ContentFile(pdf))
    EvidenceFile.objects.create(update=update, title="Biên bản", kind="pdf",
                                file=ContentFile(pdf, name="bien-ban.pdf"))
    document = Document(title="Danh sách cơ sở phường Hoàn Kiếm (nội bộ)", access=DocumentAccess.LOGGED_IN,
                        unit=AdministrativeUnit.objects.get(path=FIRST_WARD), file_size=len(pdf))
    document.file.save("noi-bo.pdf", ContentFile(pdf))


@pytest.fixture
def outsiders() -> dict[str, User]:
    """The Department officer of another province and the officer of another ward of the same city (Cửa Nam)."""
    province = AdministrativeUnit.objects.create(name="Tỉnh Bắc Ninh", level=UnitLevel.PROVINCE,
                                                 kind=UnitKind.objects.get(code="tinh"), code="bac-ninh")
    cua_nam = AdministrativeUnit.objects.get(path="/ha-noi/phuong-cua-nam/")
    return {
        "province": User.objects.create(username="so-bac-ninh", role=Role.DOIT, unit=province),
        "ward": User.objects.create(username="phuong-cua-nam", role=Role.WARD, unit=cua_nam),
    }


def test_officers_of_another_province_and_ward_find_none_of_the_units_data(
        demo: list[str], ward_officer: User, ward_facilities: list[Facility], stored_files: None,
        outsiders: dict[str, User], capsys: Any) -> None:
    public = "\n".join(_everything(Client(), Client(), demo).values())
    # The first unit: the whole of Hà Nội for the other province, phường Hoàn Kiếm for the other ward.
    firsts: dict[str, tuple[str, Callable[[], User]]] = {
        "province": ("/ha-noi/", lambda: User.objects.get(username="so")),
        "ward": (FIRST_WARD, lambda: ward_officer),
    }
    for who, (unit_path, insider) in firsts.items():
        # Not a leak: what a visitor reads, and values the outsider's own records share (demo contact names).
        values = _private_values(unit_path) - _private_values(outsiders[who].unit.path)
        values = {v for v in values if v not in public}
        assert len(values) >= 5, (who, values)
        assert all(f.tax_code in values and f.contact_phone in values for f in ward_facilities), (who, values)
        outsider = _clients(outsiders[who])
        outsider_pages = _everything(*outsider, demo)
        assert any(url.startswith("/nhat-ky/") for url in outsider_pages), "the audit log was not read"
        assert sum(url.startswith("/api/") for url in outsider_pages) >= 10, "the API lists were not read"
        leaks = _leaks(outsider_pages, values)
        assert not leaks, f"{who}:\n" + "\n".join(leaks[:20])
        files = _file_urls(unit_path)
        assert any(not url.startswith("/media/") for url in files), who
        served = {url: outsider[0].get(url).status_code for url in files}
        assert set(served.values()) == {404}, (who, served)
        # Control: the unit's own officer does find them (the walk reads what it should) and gets the files.
        mine = _clients(insider())
        insider_found = {leak.rsplit(": ", 1)[1] for leak in _leaks(_everything(*mine, demo), values)}
        assert len(insider_found) >= 5, (who, insider_found)
        assert {url: mine[0].get(url).status_code for url in files} == {
            url: 404 if url.startswith("/media/") else 200 for url in files}, who
        with capsys.disabled():
            print(f"cross-scope {who}: {len(outsider_pages)} responses read, {len(values)} private values, 0 found, "
                  f"{len(files)} file URLs 404 (the unit's own officer finds {len(insider_found)} values)")
