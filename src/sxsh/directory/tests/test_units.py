"""Units created in the application by the administrator (``/danh-muc/don-vi/them/``): the kind gives the
level, the tree and the validity are checked with a Vietnamese message next to the field, and the creation
is audited; nobody else may create a unit."""

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
