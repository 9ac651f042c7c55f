"""Units created in the application by the administrator (``/danh-muc/don-vi/them/``): the kind gives the
level, the tree and the validity are checked with a Vietnamese message next to the field, and the creation
is audited; nobody else may create a unit."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from sxsh.core.models import AuditLog
from sxsh.directory import services
from sxsh.directory.models import AdministrativeUnit, UnitKind

pytestmark = pytest.mark.django_db
NEW = "/danh-muc/don-vi/them/"


def _kind(code: str) -> int:
    return UnitKind.objects.get(code=code).pk


def _post(client: Client, **data: Any) -> Any:
    return client.post(NEW, {k: v for k, v in data.items() if v is not None})


def test_the_administrator_sets_up_a_province_and_its_ward(users: Any, client_for: Any) -> None:
    client = client_for(users["admin"])
    assert 'href="/danh-muc/don-vi/them/"' in client.get("/danh-muc/don-vi/").content.decode()
    assert _post(client, name="Quảng Trị", kind=_kind("tinh"), valid_from="2025-07-01").status_code == 302
    province = AdministrativeUnit.objects.get(name="Quảng Trị")
    assert (province.path, province.level, province.parent, str(province)) == ("/quang-tri/", "province", None,
                                                                                 "Tỉnh Quảng Trị")
    response = _post(client, name="Đông Hà", kind=_kind("phuong"), parent=province.pk, valid_from="2025-07-01",
                     official_code="")
    assert response.status_code == 302
    ward = AdministrativeUnit.objects.get(name="Đông Hà")
    assert (ward.path, ward.level, ward.official_code) == ("/quang-tri/dong-ha/", "commune", "")
    entry = AuditLog.objects.get(action="directory.unit.created", object_id=str(ward.pk))
    assert entry.user == users["admin"] and entry.after["parent_id"] == province.pk
    assert _post(client, name="Đông Hà", kind=_kind("xa"), parent=province.pk, valid_from="2025-07-01").status_code == 302
    assert AdministrativeUnit.objects.get(name="Đông Hà", kind__code="xa").path == "/quang-tri/dong-ha-2/"


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"kind": "tinh", "parent": "/ha-noi/"}, "parent", "Đơn vị cấp tỉnh không có đơn vị cấp trên."),
    ({"kind": "phuong"}, "parent", "phải trực thuộc một đơn vị cấp tỉnh hoặc cấp huyện"),
    ({"kind": "quan", "parent": "/ha-noi/hoan-kiem/", "valid_to": "2025-06-30"}, "parent", "cấp tỉnh"),
    ({"kind": "quan", "parent": "/ha-noi/"}, "valid_to", "Cấp huyện đã kết thúc hoạt động từ ngày 01/07/2025"),
    ({"kind": "phuong", "parent": "/ha-noi/", "valid_from": "2026-01-01", "valid_to": "2025-12-31"}, "valid_to",
     "Ngày hết hiệu lực (31/12/2025) ở trước ngày bắt đầu hiệu lực (01/01/2026)"),
    ({"kind": "phuong", "parent": "/quang-tri/", "valid_from": "2025-06-01"}, "valid_from",
     "Tỉnh Quảng Trị chỉ có hiệu lực từ 01/07/2025"),
    ({"kind": "phuong", "parent": "/quang-tri/"}, "valid_from", "không thể bắt đầu sớm hơn"),
    ({"kind": "phuong", "parent": "/ha-noi/", "official_code": "0101"}, "official_code", "gồm đúng 5 chữ số"),
    ({"kind": "tinh", "official_code": "4a"}, "official_code", "gồm đúng 2 chữ số"),
])
def test_bad_units_are_refused_next_to_the_field(users: Any, client_for: Any, data: dict[str, str], field: str,
                                                  message: str) -> None:
    province = AdministrativeUnit.objects.create(name="Quảng Trị", code="quang-tri", level="province",
                                                 kind=UnitKind.objects.get(code="tinh"), valid_from="2025-07-01")
    AdministrativeUnit.objects.create(name="Cũ", code="cu", level="commune", parent=province,
                                      kind=UnitKind.objects.get(code="xa"), valid_from="2025-07-01")
    before = AdministrativeUnit.objects.count()
    body = {**data, "name": "Đơn vị thử", "kind": _kind(data["kind"])}
    if "parent" in data:
        body["parent"] = AdministrativeUnit.objects.get(path=data["parent"]).pk
    response = _post(client_for(users["admin"]), **body)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert 'value="Đơn vị thử"' in response.content.decode()  # entries kept
    assert AdministrativeUnit.objects.count() == before
    assert not AuditLog.objects.filter(action="directory.unit.created").exists()


def test_the_service_refuses_a_commune_under_a_commune(users: Any) -> None:
    """The form offers no commune as a parent; the service refuses one all the same (API, scripts)."""
    hang_bac = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-bac/")
    with pytest.raises(ValidationError) as caught:
        services.create_unit(acting_user=users["admin"], data={
            "name": "Thử", "kind": UnitKind.objects.get(code="phuong"), "parent": hang_bac})
    assert "cấp tỉnh hoặc cấp huyện" in caught.value.message_dict["parent"][0]
    with pytest.raises(PermissionDenied):
        services.create_unit(acting_user=users["doit"], data={"name": "Thử", "kind": UnitKind.objects.get(code="tinh")})
    assert not AdministrativeUnit.objects.filter(name="Thử").exists()


@pytest.mark.parametrize("role", ["district", "ward", "doit", "consultant", "enterprise"])
def test_only_the_administrator_creates_units(users: Any, client_for: Any, role: str) -> None:
    client = client_for(users[role])
    assert client.get(NEW).status_code == 404
    assert _post(client, name="Quảng Trị", kind=_kind("tinh")).status_code == 404
    assert "/danh-muc/don-vi/them/" not in client.get("/danh-muc/don-vi/").content.decode()
    assert not AdministrativeUnit.objects.filter(name="Quảng Trị").exists()


def _correct(client: Client, unit: AdministrativeUnit, **data: Any) -> Any:
    current = {"official_code": unit.official_code, "valid_from": unit.valid_from or "", "valid_to": unit.valid_to or ""}
    return client.post(f"/danh-muc/don-vi/{unit.pk}/sua/", {**current, **data})


def test_the_administrator_corrects_a_units_code_from_its_page(users: Any, client_for: Any) -> None:
    """From the list to the unit's page to the correction: the official code is saved and audited with before and
    after; the name, kind and parent are not offered (a rename is a reorganisation)."""
    client = client_for(users["admin"])
    hang_bac = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-bac/")
    assert f'href="/danh-muc/don-vi/{hang_bac.pk}/"' in client.get("/danh-muc/don-vi/").content.decode()
    page = client.get(f"/danh-muc/don-vi/{hang_bac.pk}/").content.decode()
    assert "Phường Hàng Bạc" in page and f'href="/danh-muc/don-vi/{hang_bac.pk}/sua/"' in page
    form = client.get(f"/danh-muc/don-vi/{hang_bac.pk}/sua/").content.decode()
    assert 'name="official_code"' in form and 'name="name"' not in form and 'name="parent"' not in form
    response = _correct(client, hang_bac, official_code="00037")
    assert response.status_code == 302 and response.url == f"/danh-muc/don-vi/{hang_bac.pk}/"
    hang_bac.refresh_from_db()
    assert (hang_bac.official_code, hang_bac.name, hang_bac.path) == ("00037", "Hàng Bạc", "/ha-noi/hoan-kiem/hang-bac/")
    entry = AuditLog.objects.get(action="directory.unit.corrected", object_id=str(hang_bac.pk))
    assert entry.user == users["admin"] and (entry.before["official_code"], entry.after["official_code"]) == ("", "00037")
    assert "00037" in client.get(f"/danh-muc/don-vi/{hang_bac.pk}/").content.decode()
    district = client.get(f"/danh-muc/don-vi/{hang_bac.parent_id}/")
    assert district.context["n_facilities"] == 1 and "Phường Hàng Bạc" in district.content.decode()  # units below
    assert _correct(client, hang_bac).status_code == 302  # nothing changed: nothing recorded
    assert AuditLog.objects.filter(action="directory.unit.corrected").count() == 1


@pytest.mark.parametrize(("path", "data", "field", "message"), [
    ("/ha-noi/hoan-kiem/hang-bac/", {"official_code": "37"}, "official_code", "gồm đúng 5 chữ số"),
    ("/ha-noi/hoan-kiem/hang-bac/", {"valid_from": "2020-01-01", "valid_to": "2019-12-31"}, "valid_to",
     "Ngày hết hiệu lực (31/12/2019) ở trước ngày bắt đầu hiệu lực (01/01/2020)"),
    ("/ha-noi/hoan-kiem/hang-bac/", {"valid_to": "2024-12-31"}, "valid_to", "Còn 1 cơ sở thuộc đơn vị này"),
    ("/ha-noi/hoan-kiem/", {"valid_to": "2019-12-31"}, "valid_to", "trực thuộc đơn vị này còn hiệu lực sau ngày 31/12/2019"),
    ("/ha-noi/", {"valid_from": "2030-01-01"}, "valid_from", "trực thuộc đơn vị này có hiệu lực từ trước ngày 01/01/2030"),
    ("/ha-noi/hoan-kiem/", {"valid_to": ""}, "valid_to", "Cấp huyện đã kết thúc hoạt động từ ngày 01/07/2025"),
])
def test_bad_corrections_are_refused_next_to_the_field(users: Any, client_for: Any, path: str, data: dict[str, str],
                                                        field: str, message: str) -> None:
    unit = AdministrativeUnit.objects.get(path=path)
    if path == "/ha-noi/hoan-kiem/":
        unit.valid_to = date(2025, 6, 30)
        unit.save()
    before = unit.audit_snapshot()
    response = _correct(client_for(users["admin"]), unit, **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    for value in data.values():
        assert f'value="{value}"' in response.content.decode() or not value  # entries kept
    unit.refresh_from_db()
    assert unit.audit_snapshot() == before
    assert not AuditLog.objects.filter(action="directory.unit.corrected").exists()


@pytest.mark.parametrize("role", ["district", "ward", "doit", "consultant", "enterprise"])
def test_only_the_administrator_corrects_units(users: Any, client_for: Any, role: str) -> None:
    client = client_for(users[role])
    hang_bac = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-bac/")
    assert client.get(f"/danh-muc/don-vi/{hang_bac.pk}/sua/").status_code == 404
    assert _correct(client, hang_bac, official_code="00037").status_code == 404
    page = client.get(f"/danh-muc/don-vi/{hang_bac.pk}/")
    if role in ("consultant", "enterprise"):  # they see facilities, not units
        assert page.status_code == 404
    else:
        assert page.status_code == 200 and "/sua/" not in page.content.decode()
    hang_bac.refresh_from_db()
    assert hang_bac.official_code == ""
    with pytest.raises(PermissionDenied):
        services.correct_unit(acting_user=users[role], unit=hang_bac, data={"official_code": "00037"})


def test_a_unit_out_of_scope_is_not_found(users: Any, client_for: Any) -> None:
    other = AdministrativeUnit.objects.create(name="Quảng Trị", code="quang-tri", level="province",
                                              kind=UnitKind.objects.get(code="tinh"), valid_from="2025-07-01")
    client = client_for(users["ward"])
    assert client.get(f"/danh-muc/don-vi/{other.pk}/").status_code == 404
