"""The audit log page, its detail page and its export: scoped to the reader, personal data masked, readable."""

import importlib
import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from sxsh.core.auditlog import MASK, VERBS, action_label
from sxsh.core.models import AuditLog
from sxsh.core.request_context import reset_request_id, set_request_id
from sxsh.core.roles import Role
from sxsh.directory import services
from sxsh.directory.models import AdministrativeUnit, Facility, UnitKind, UnitLevel

pytestmark = pytest.mark.django_db

PHONE = "0912345678"
CONTACT = "Nguyễn Thị Hoa"


@pytest.fixture
def changed(users: dict[str, Any], facility: Facility) -> AuditLog:
    """A real change of a Hoàn Kiếm facility's contact (personal data) by the district officer."""
    users["district"].first_name, users["district"].last_name = "Minh", "Trần Văn"
    users["district"].save()
    services.update_facility(acting_user=users["district"], facility=facility,
                             data={"contact_name": CONTACT, "contact_phone": PHONE, "employees": 120})
    return AuditLog.objects.get(action="directory.facility.changed")


@pytest.fixture
def outsider(make_user: Callable[..., Any]) -> Any:
    """The officer of another district (Ba Đình)."""
    province = AdministrativeUnit.objects.get(path="/ha-noi/")
    other = AdministrativeUnit.objects.create(name="Quận Ba Đình", level=UnitLevel.DISTRICT,
                                              kind=UnitKind.objects.get(code="quan"), code="ba-dinh",
                                              parent=province)
    return make_user(Role.DISTRICT, username="quan-ba-dinh", unit=other)


def _export(client: Client, query: str = "") -> str:
    response = client.get(f"/nhat-ky/xuat.xlsx{query}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return "\n".join(" | ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True))


def test_the_entry_is_stored_with_its_unit(changed: AuditLog, facility: Facility) -> None:
    assert changed.unit_path == "/ha-noi/hoan-kiem/hang-bac/" == facility.ward.path


def test_the_district_reads_its_entries_in_vietnamese_with_names_and_local_time(
        changed: AuditLog, users: dict[str, Any], client_for: Callable[..., Client], facility: Facility) -> None:
    client = client_for(users["district"])
    page = client.get("/nhat-ky/").content.decode()
    local = timezone.localtime(changed.timestamp).strftime("%d/%m/%Y %H:%M")
    assert local in page and "Sửa · cơ sở sản xuất" in page and "Trần Văn Minh" in page
    assert "directory.facility.changed" not in page.split("<tbody>")[1]  # the label, not the code
    detail = client.get(f"/nhat-ky/{changed.pk}/").content.decode()
    assert "Điện thoại liên hệ" in detail and PHONE in detail and CONTACT in detail  # verbose names, full values
    assert facility.name in detail and changed.request_id in detail
    assert PHONE in _export(client)


def test_another_district_finds_nothing(changed: AuditLog, outsider: Any, client_for: Callable[..., Client],
                                        facility: Facility) -> None:
    client = client_for(outsider)
    page = client.get("/nhat-ky/").content.decode()
    assert facility.name not in page and PHONE not in page and CONTACT not in page
    assert client.get(f"/nhat-ky/{changed.pk}/").status_code == 404
    assert client.get(f"/nhat-ky/?request_id={changed.request_id}").content.decode().count(facility.name) == 0
    exported = _export(client)
    assert facility.name not in exported and PHONE not in exported


def test_a_deleted_object_stays_in_its_unit(changed: AuditLog, users: dict[str, Any], outsider: Any,
                                            client_for: Callable[..., Client], facility: Facility) -> None:
    name = facility.name
    services.delete_facility(acting_user=users["district"], facility=facility)
    deleted = AuditLog.objects.get(action="directory.facility.deleted")
    assert deleted.unit_path == "/ha-noi/hoan-kiem/hang-bac/"
    assert client_for(users["district"]).get(f"/nhat-ky/{deleted.pk}/").status_code == 200
    assert client_for(outsider).get(f"/nhat-ky/{deleted.pk}/").status_code == 404
    assert name not in client_for(outsider).get("/nhat-ky/").content.decode()


def test_personal_data_is_masked_for_a_role_that_does_not_handle_it(
        changed: AuditLog, users: dict[str, Any], client_for: Callable[..., Client], facility: Facility) -> None:
    client = client_for(users["doit"])  # the Department reads the province's log but does not keep facilities
    detail = client.get(f"/nhat-ky/{changed.pk}/").content.decode()
    assert facility.name in detail and str(MASK) in detail
    assert PHONE not in detail and CONTACT not in detail
    assert "120" in detail  # not personal: shown
    exported = _export(client)
    assert str(MASK) in exported and PHONE not in exported


def test_every_action_recorded_in_the_source_has_a_vietnamese_label() -> None:
    """The action codes written literally (``"events.registration.cancelled"``) all read as a verb, not a code."""
    src = Path(__file__).resolve().parents[2]
    pattern = re.compile(r'"((?:accounts|assessments|core|directory|events|indicators|outreach|plans|tasks)'
                         r'\.[a-z_]+(?:\.[a-z_]+)+)"')
    codes = {code for path in src.rglob("*.py") if "tests" not in path.parts
             for code in pattern.findall(path.read_text())}
    unlabelled = sorted(c for c in codes if not [v for v in c.split(".")[2:] if v in VERBS and v != "admin"])
    assert len(codes) >= 40 and not unlabelled, unlabelled
    assert action_label("accounts.apitoken.revoked", None) == "Thu hồi · apitoken"


def test_who_may_open_the_log(changed: AuditLog, users: dict[str, Any], client_for: Callable[..., Client]) -> None:
    for role in ("admin", "district", "ward", "doit"):
        assert client_for(users[role]).get("/nhat-ky/").status_code == 200, role
    for role in ("enterprise", "consultant"):
        client = client_for(users[role])
        assert [client.get(url).status_code for url in ("/nhat-ky/", "/nhat-ky/xuat.xlsx", f"/nhat-ky/{changed.pk}/")
                ] == [404, 404, 404], role
    assert Client().get("/nhat-ky/").status_code == 302


def test_the_menu_offers_the_log_to_those_who_may_open_it(users: dict[str, Any],
                                                        client_for: Callable[..., Client]) -> None:
    for role, offered in (("admin", True), ("district", True), ("ward", True), ("enterprise", False),
                          ("consultant", False)):
        dashboard = client_for(users[role]).get("/bang-dieu-khien/").content.decode()
        assert ('href="/nhat-ky/"' in dashboard) is offered, role


def test_filters_narrow_the_page_and_the_export_alike(changed: AuditLog, users: dict[str, Any],
                                                       client_for: Callable[..., Client], facility: Facility) -> None:
    token = set_request_id("a-second-request")
    try:
        services.record_cp_status(acting_user=users["ward"], facility=facility, status="aware",
                                  effective_date=date(2019, 9, 1), note="Dự hội thảo")
    finally:
        reset_request_id(token)
    client = client_for(users["district"])
    today = timezone.localdate()

    def shown(query: str) -> tuple[int, int]:
        page = client.get(f"/nhat-ky/{query}").content.decode().split("<tbody>")[1]
        return page.count("Chi tiết"), _export(client, query).count(facility.name)

    assert shown("") == (2, 2)
    assert shown("?action=directory.facility.changed") == (1, 1)
    assert shown(f"?user={users['ward'].pk}") == (1, 1)
    assert shown(f"?request_id={changed.request_id}") == (1, 1)
    assert shown(f"?date_from={today.isoformat()}&date_to={today.isoformat()}") == (2, 2)
    assert shown(f"?date_from={(today + timedelta(days=1)).isoformat()}") == (0, 0)
    ct = changed.content_type_id
    assert shown(f"?object_type={ct}") == (2, 2)
    page = client.get("/nhat-ky/").content.decode()
    assert "Đổi trạng thái SXSH · cơ sở sản xuất" in page  # the filter offers the actions by name


def test_the_backfill_finds_the_unit_of_existing_and_deleted_objects(changed: AuditLog, users: dict[str, Any],
                                                                    facility: Facility) -> None:
    services.delete_facility(acting_user=users["district"], facility=facility)
    AuditLog.objects.update(unit_path="")
    migration = importlib.import_module("sxsh.core.migrations.0005_auditlog_unit_path")
    migration.backfill(apps, None)
    paths = set(AuditLog.objects.values_list("unit_path", flat=True))
    assert paths == {"/ha-noi/hoan-kiem/hang-bac/"}
