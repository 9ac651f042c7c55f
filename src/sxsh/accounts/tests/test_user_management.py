"""User management inside the application: district and Department officers, within their own scope."""

from typing import Any

import pytest
from django.test import Client

from sxsh.accounts.models import User
from sxsh.core.models import AuditLog
from sxsh.core.roles import Role
from sxsh.directory.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
LIST = "/tai-khoan/nguoi-dung/"
NEW = "/tai-khoan/nguoi-dung/them/"
PASSWORD = "Cay-xanh-ven-ho-Guom-2026"


def _unit(path: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(path=path)


@pytest.fixture
def other_district(reference: None) -> AdministrativeUnit:
    """A district beside Hoàn Kiếm, with one ward, in the same province."""
    from sxsh.directory.models import UnitKind, UnitLevel

    district = AdministrativeUnit.objects.create(parent=_unit("/ha-noi/"), code="ba-dinh", name="Ba Đình",
                                                 level=UnitLevel.DISTRICT, kind=UnitKind.objects.get(code="quan"))
    AdministrativeUnit.objects.create(parent=district, code="phuc-xa", name="Phúc Xá", level=UnitLevel.COMMUNE,
                                      kind=UnitKind.objects.get(code="phuong"))
    return district


def _create(client: Client, **data: Any) -> Any:
    body = {"username": "canbo-moi", "last_name": "Trần Văn", "first_name": "An", "email": "an@example.vn",
            "phone": "0912345678", "role": "ward", "is_active": "on", "password1": PASSWORD, "password2": PASSWORD}
    body.update(data)
    return client.post(NEW, {k: v for k, v in body.items() if v is not None})


def test_district_officer_creates_a_ward_officer_in_his_district(users: Any, client_for: Any, hang_bac: Any) -> None:
    client = client_for(users["district"])
    assert client.get(NEW).status_code == 200
    response = _create(client, unit=hang_bac.pk)
    assert response.status_code == 302
    user = User.objects.get(username="canbo-moi")
    assert user.role == Role.WARD and user.unit == hang_bac and user.check_password(PASSWORD)
    entry = AuditLog.objects.get(action="accounts.user.created", object_id=str(user.pk))
    assert entry.user == users["district"] and entry.after["unit_id"] == hang_bac.pk
    assert user.password not in str(entry.after)
    assert "canbo-moi" in client.get(LIST).content.decode()


def test_cannot_grant_a_unit_outside_the_subtree_or_the_admin_role(users: Any, client_for: Any,
                                                                   other_district: Any, hang_bac: Any) -> None:
    client = client_for(users["district"])
    outside = _create(client, unit=other_district.pk)
    assert outside.status_code == 200 and "unit" in outside.context["form"].errors
    province = _create(client, unit=_unit("/ha-noi/").pk)
    assert "unit" in province.context["form"].errors
    admin_role = _create(client, unit=hang_bac.pk, role="admin")
    assert "role" in admin_role.context["form"].errors
    doit_role = _create(client, unit=hang_bac.pk, role="doit")  # a level above a district officer
    assert "role" in doit_role.context["form"].errors
    html = admin_role.content.decode()
    assert 'value="canbo-moi"' in html and "Trần Văn" in html  # entries kept
    assert not User.objects.filter(username="canbo-moi").exists()


def test_facilities_only_within_scope_and_required_for_enterprise(users: Any, client_for: Any, facility: Any,
                                                                  other_district: Any) -> None:
    from sxsh.testing.factories import FacilityFactory

    ward = AdministrativeUnit.objects.filter(path__startswith=other_district.path).exclude(pk=other_district.pk).first()
    elsewhere = FacilityFactory(ward=ward or other_district, name="Cơ sở quận khác")
    client = client_for(users["district"])
    missing = _create(client, role="enterprise")
    assert "facilities" in missing.context["form"].errors
    foreign = _create(client, role="enterprise", facilities=[elsewhere.pk])
    assert "facilities" in foreign.context["form"].errors
    ok = _create(client, role="enterprise", facilities=[facility.pk], unit=_unit("/ha-noi/hoan-kiem/").pk)
    assert ok.status_code == 302
    user = User.objects.get(username="canbo-moi")
    assert list(user.facilities.all()) == [facility] and user.unit is None


def test_out_of_scope_user_in_the_url_is_404(users: Any, client_for: Any, make_user: Any, other_district: Any,
                                             facility: Any) -> None:
    from sxsh.testing.factories import FacilityFactory

    stranger = make_user(Role.WARD, username="phuong-khac", unit=other_district)
    elsewhere = FacilityFactory(ward=other_district, name="Cơ sở quận khác")
    mixed = make_user(Role.CONSULTANT, username="tuvan-hai-noi", with_facilities=[facility, elsewhere])
    client = client_for(users["district"])
    for target in (stranger, mixed, users["admin"], users["doit"], users["district"]):
        assert client.get(f"/tai-khoan/nguoi-dung/{target.pk}/sua/").status_code == 404, target.username
        assert client.post(f"/tai-khoan/nguoi-dung/{target.pk}/sua/", {"role": "ward"}).status_code == 404
    html = client.get(LIST).content.decode()
    assert "phuong-khac" not in html and "tuvan-hai-noi" not in html and "phuong" in html
    # the Department (the province) manages both
    doit = client_for(users["doit"])
    assert doit.get(f"/tai-khoan/nguoi-dung/{stranger.pk}/sua/").status_code == 200
    assert doit.get(f"/tai-khoan/nguoi-dung/{mixed.pk}/sua/").status_code == 200


@pytest.mark.parametrize("role", ["ward", "consultant", "enterprise"])
def test_other_roles_have_no_user_management(users: Any, client_for: Any, role: str) -> None:
    client = client_for(users[role])
    assert client.get(LIST).status_code == 404
    assert client.get(NEW).status_code == 404
    assert client.get(f"/tai-khoan/nguoi-dung/{users['enterprise'].pk}/sua/").status_code == 404


def test_edit_role_unit_and_deactivate_are_audited(users: Any, client_for: Any, hang_dao: Any) -> None:
    client = client_for(users["district"])
    target = users["ward"]
    url = f"/tai-khoan/nguoi-dung/{target.pk}/sua/"
    response = client.post(url, {"username": target.username, "last_name": target.last_name,
                                 "first_name": target.first_name, "email": target.email, "phone": "0243 111 222",
                                 "role": "ward", "unit": hang_dao.pk})  # is_active unticked: deactivated
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.unit == hang_dao and not target.is_active and target.phone == "0243 111 222"
    entry = AuditLog.objects.get(action="accounts.user.changed", object_id=str(target.pk))
    changed = {name for name, _before, _after in entry.changed_fields()}
    assert {"unit_id", "is_active", "phone"} <= changed
    assert not Client().login(username=target.username, password="mat-khau-thu-nghiem")


def test_weak_password_refused_next_to_the_field(users: Any, client_for: Any, hang_bac: Any) -> None:
    response = _create(client_for(users["district"]), unit=hang_bac.pk, password1="matkhau123",
                       password2="matkhau123")
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert "phổ biến" in response.content.decode()
    assert not User.objects.filter(username="canbo-moi").exists()


def test_the_service_refuses_what_the_form_would_not_offer(users: Any, other_district: Any, hang_bac: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from sxsh.accounts.services import save_managed_user
    from sxsh.testing.factories import FacilityFactory

    elsewhere = FacilityFactory(ward=other_district, name="Cơ sở quận khác")
    base = {"username": "x-moi", "role": "ward", "unit": hang_bac, "facilities": [], "is_active": True}
    for data in ({**base, "unit": other_district}, {**base, "role": "admin"}, {**base, "facilities": [elsewhere]}):
        with pytest.raises(PermissionDenied):
            save_managed_user(acting_user=users["district"], user=None, data=data, password=PASSWORD)
    with pytest.raises(PermissionDenied):  # a ward officer manages nobody
        save_managed_user(acting_user=users["ward"], user=None, data=base, password=PASSWORD)
    assert not User.objects.filter(username="x-moi").exists()


def test_an_officer_belongs_to_an_organisation_of_his_unit(users: Any, client_for: Any, hang_bac: Any) -> None:
    from sxsh.directory.models import Organisation, OrganisationKind

    committee = Organisation.objects.create(name="Ủy ban nhân dân phường Hàng Bạc", unit=hang_bac,
                                            kind=OrganisationKind.PEOPLES_COMMITTEE)
    department = Organisation.objects.create(name="Sở Công Thương thử", unit=_unit("/ha-noi/"),
                                             kind=OrganisationKind.DOIT)
    admin = client_for(users["admin"])
    wrong = _create(admin, unit=hang_bac.pk, organisation=department.pk)
    assert wrong.status_code == 200
    assert "không thuộc địa bàn phụ trách đã chọn" in " ".join(wrong.context["form"].errors["organisation"])
    assert 'value="canbo-moi"' in wrong.content.decode() and not User.objects.filter(username="canbo-moi").exists()
    assert _create(admin, unit=hang_bac.pk, organisation=committee.pk).status_code == 302
    created = User.objects.get(username="canbo-moi")
    assert created.organisation == committee
    entry = AuditLog.objects.get(action="accounts.user.created", object_id=str(created.pk))
    assert entry.after["organisation_id"] == committee.pk
    district = client_for(users["district"])  # the Department lies outside a district officer's scope
    outside = _create(district, username="canbo-khac", role="doit", unit=hang_bac.pk, organisation=department.pk)
    assert "organisation" in outside.context["form"].errors


def test_editing_keeps_an_organisation_outside_the_managers_scope(users: Any, client_for: Any, facility: Any) -> None:
    """A consultant's centre lies in the province; the district officer edits him without losing it."""
    from sxsh.directory.models import Organisation, OrganisationKind

    centre = Organisation.objects.create(name="Trung tâm Khuyến công thử", unit=_unit("/ha-noi/"),
                                         kind=OrganisationKind.CENTRE)
    consultant = users["consultant"]
    consultant.organisation = centre
    consultant.save()
    client = client_for(users["district"])
    page = client.get(f"/tai-khoan/nguoi-dung/{consultant.pk}/sua/").content.decode()
    assert f'<option value="{centre.pk}" selected>' in page
    body = {"username": consultant.username, "last_name": "Phạm", "first_name": "Bảo", "role": "consultant",
            "facilities": [facility.pk], "organisation": centre.pk, "is_active": "on"}
    assert client.post(f"/tai-khoan/nguoi-dung/{consultant.pk}/sua/", body).status_code == 302
    consultant.refresh_from_db()
    assert consultant.organisation == centre and consultant.last_name == "Phạm"
