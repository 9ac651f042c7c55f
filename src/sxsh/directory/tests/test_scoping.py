"""Every role sees exactly its scope: lists, detail, export, search and the API."""

import io

import pytest
from openpyxl import load_workbook

from sxsh.core.roles import Role
from sxsh.testing.factories import FacilityFactory

pytestmark = pytest.mark.django_db

VISIBLE = {
    # role: (sees facility in Hàng Bạc, sees other_facility in Hàng Đào)
    "admin": (True, True),
    "district": (True, True),
    "doit": (True, True),
    "ward": (True, False),
    "consultant": (True, False),
    "enterprise": (True, False),
}


@pytest.mark.parametrize("role", VISIBLE)
def test_list_detail_export_search_and_api_follow_scope(role, users, facility, other_facility, client_for,
                                                         api_client_for) -> None:
    user = users[role]
    sees_own, sees_other = VISIBLE[role]
    client = client_for(user)

    listing = client.get("/danh-muc/co-so/").content.decode()
    assert (facility.name in listing) is sees_own
    assert (other_facility.name in listing) is sees_other

    for target, expected in ((facility, sees_own), (other_facility, sees_other)):
        status = client.get(f"/danh-muc/co-so/{target.pk}/").status_code
        assert status == (200 if expected else 404)

    search = client.get("/danh-muc/co-so/", {"q": "xuong co khi hang dao"}).content.decode()
    assert (other_facility.name in search) is sees_other

    workbook = load_workbook(io.BytesIO(client.get("/danh-muc/co-so/xuat.xlsx").content))
    names = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert (facility.name in names) is sees_own
    assert (other_facility.name in names) is sees_other

    api = api_client_for(user)
    items = api.get("/api/directory/facilities").json()["items"]
    assert {i["name"] for i in items} == {f.name for f, ok in ((facility, sees_own), (other_facility, sees_other)) if ok}
    assert api.get(f"/api/directory/facilities/{other_facility.pk}").status_code == (200 if sees_other else 404)


def test_unassigned_consultant_sees_nothing(make_user, facility, client_for) -> None:
    consultant = make_user(Role.CONSULTANT)
    client = client_for(consultant)
    assert facility.name not in client.get("/danh-muc/co-so/").content.decode()
    assert client.get(f"/danh-muc/co-so/{facility.pk}/").status_code == 404


def test_visitor_is_sent_to_login(client, facility) -> None:
    response = client.get(f"/danh-muc/co-so/{facility.pk}/")
    assert response.status_code == 302
    assert "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("role,can_edit", [("district", True), ("ward", True), ("enterprise", True),
                                           ("doit", False), ("consultant", False)])
def test_edit_rights(role, can_edit, users, facility, client_for) -> None:
    response = client_for(users[role]).get(f"/danh-muc/co-so/{facility.pk}/sua/")
    assert response.status_code == (200 if can_edit else 404)


def test_ward_officer_cannot_edit_or_move_facility_to_another_ward(users, facility, other_facility, hang_dao,
                                                                    client_for) -> None:
    client = client_for(users["ward"])
    assert client.get(f"/danh-muc/co-so/{other_facility.pk}/sua/").status_code == 404
    response = client.post(f"/danh-muc/co-so/{facility.pk}/sua/", {
        "name": facility.name, "tax_code": facility.tax_code, "address": facility.address, "ward": hang_dao.pk,
        "sector": facility.sector_id, "size": "small"})
    assert response.status_code == 200  # the other ward is not a choice: form error, nothing saved
    facility.refresh_from_db()
    assert facility.ward.code == "hang-bac"


def test_organisations_are_scoped(users, client_for, reference) -> None:
    from sxsh.directory.demo import _organisations
    from sxsh.directory.models import AdministrativeUnit

    _organisations(AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/"))
    ward_page = client_for(users["ward"]).get("/danh-muc/to-chuc/").content.decode()
    assert "Ủy ban nhân dân phường Hàng Bạc" in ward_page
    assert "Ủy ban nhân dân phường Hàng Đào" not in ward_page
    assert client_for(users["enterprise"]).get("/danh-muc/to-chuc/").status_code == 404


def test_facility_list_query_budget(users, client_for, django_assert_max_num_queries, hang_bac) -> None:
    FacilityFactory.create_batch(30, ward=hang_bac)
    client = client_for(users["district"])
    with django_assert_max_num_queries(12):
        response = client.get("/danh-muc/co-so/")
    assert response.status_code == 200


def test_unit_list_shows_the_scope_with_validity(users, facility, client_for) -> None:
    html = client_for(users["ward"]).get("/danh-muc/don-vi/").content.decode()
    assert "Hàng Bạc" in html and "Hàng Đào" not in html
    assert "01/08/2008" in html
    district_html = client_for(users["district"]).get("/danh-muc/don-vi/").content.decode()
    assert "Hàng Đào" in district_html and "Quận Hoàn Kiếm" in district_html
    assert client_for(users["enterprise"]).get("/danh-muc/don-vi/").status_code == 200
