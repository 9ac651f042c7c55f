"""Done-when of the scope work: officers of another province and of another ward find none of the first
unit's data on any page, API list, export or the audit log.

On the demo data (Hoàn Kiếm, Hà Nội), the non-public values of the first unit (names, tax codes, contacts'
names, phones and e-mails of facilities; participants' names, e-mails, phones and registration codes;
commenters' names and phones; report numbers) are collected, minus anything a visitor can read anyway. The
demo's facilities sit in the wards of 2025, so the ward of Hàng Bạc first registers facilities of its own
through the service its officer uses. Each outsider then
walks every page the site links to (``webscan.walk``), every API list of the OpenAPI schema, every export the
pages link to and the audit log, and no response may contain one of those values. A control walk as the first
unit's own officer must find them, so the test cannot pass by finding nothing anywhere.
"""

import io
import zipfile
from collections.abc import Callable
from html import escape
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from sxsh.accounts.models import ApiToken, User
from sxsh.core.roles import Role
from sxsh.directory import services as directory
from sxsh.directory.models import AdministrativeUnit, Facility, Sector, UnitKind, UnitLevel
from sxsh.events.models import Registration
from sxsh.indicators.models import Report
from sxsh.outreach.models import Comment

from . import webscan

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


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
def hang_bac_facilities(demo: list[str]) -> list[Facility]:
    """Two facilities the ward officer of Hàng Bạc registers, with their contacts (audited as on the site)."""
    officer = User.objects.get(username="phuong")
    rows = [("Cơ sở in lụa Phúc Lộc", "0101234565", "Đỗ Thị Hạnh", "0903111222", "hanh.phucloc@example.vn"),
            ("Xưởng bạc Kim Thành", "0109876557", "Lê Quang Vinh", "0904333444", "vinh.kimthanh@example.vn")]
    return [directory.create_facility(acting_user=officer, data={
        "name": name, "tax_code": tax_code, "address": "12 Hàng Bạc", "ward": officer.unit,
        "sector": Sector.objects.get(code="C11"), "size": "small", "contact_name": contact,
        "contact_phone": phone, "contact_email": email}) for name, tax_code, contact, phone, email in rows]


@pytest.fixture
def outsiders() -> dict[str, User]:
    """The Department officer of another province and the officer of another ward of the same district."""
    province = AdministrativeUnit.objects.create(name="Tỉnh Bắc Ninh", level=UnitLevel.PROVINCE,
                                                 kind=UnitKind.objects.get(code="tinh"), code="bac-ninh")
    hang_dao = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-dao/")
    return {
        "province": User.objects.create(username="so-bac-ninh", role=Role.DOIT, unit=province),
        "ward": User.objects.create(username="phuong-hang-dao", role=Role.WARD, unit=hang_dao),
    }


def test_officers_of_another_province_and_ward_find_none_of_the_units_data(
        demo: list[str], hang_bac_facilities: list[Facility], outsiders: dict[str, User], capsys: Any) -> None:
    public = "\n".join(_everything(Client(), Client(), demo).values())
    # The first unit: the whole of Hà Nội for the other province, the ward of Hàng Bạc for the other ward.
    firsts: dict[str, tuple[str, Callable[[], User]]] = {
        "province": ("/ha-noi/", lambda: User.objects.get(username="so")),
        "ward": ("/ha-noi/hoan-kiem/hang-bac/", lambda: User.objects.get(username="phuong")),
    }
    for who, (unit_path, insider) in firsts.items():
        values = {v for v in _private_values(unit_path) if v not in public}
        assert len(values) >= 5, (who, values)
        assert all(f.tax_code in values and f.contact_phone in values for f in hang_bac_facilities), (who, values)
        outsider_pages = _everything(*_clients(outsiders[who]), demo)
        assert any(url.startswith("/nhat-ky/") for url in outsider_pages), "the audit log was not read"
        assert sum(url.startswith("/api/") for url in outsider_pages) >= 10, "the API lists were not read"
        leaks = _leaks(outsider_pages, values)
        assert not leaks, f"{who}:\n" + "\n".join(leaks[:20])
        # Control: the unit's own officer does find them (the walk reads what it should).
        insider_found = {leak.rsplit(": ", 1)[1] for leak in _leaks(_everything(*_clients(insider()), demo), values)}
        assert len(insider_found) >= 5, (who, insider_found)
        with capsys.disabled():
            print(f"cross-scope {who}: {len(outsider_pages)} responses read, {len(values)} private values, 0 found "
                  f"(the unit's own officer finds {len(insider_found)})")
