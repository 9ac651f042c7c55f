import pytest

from sxsh.directory.models import Facility

pytestmark = pytest.mark.django_db


def test_token_endpoint_then_bearer_access(users, facility, client) -> None:
    response = client.post("/api/auth/token", {"username": "phuong", "password": "mat-khau-thu-nghiem"},
                           content_type="application/json")
    assert response.status_code == 200
    token = response.json()["token"]
    listing = client.get("/api/directory/facilities", headers={"Authorization": f"Bearer {token}"})
    assert listing.status_code == 200
    assert listing.json()["count"] == 1


def test_wrong_password_gets_a_json_message(users, client) -> None:
    response = client.post("/api/auth/token", {"username": "phuong", "password": "sai"},
                           content_type="application/json")
    assert response.status_code == 401
    assert "không đúng" in response.json()["message"]


def test_unauthenticated_and_bad_token_get_401_json(client, reference) -> None:
    assert client.get("/api/directory/facilities").status_code == 401
    response = client.get("/api/directory/facilities", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert "message" in response.json()


def test_list_is_paginated_and_filterable(users, facility, other_facility, api_client_for) -> None:
    api = api_client_for(users["district"])
    body = api.get("/api/directory/facilities", {"limit": 1}).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    body = api.get("/api/directory/facilities", {"q": "co khi"}).json()
    assert [i["name"] for i in body["items"]] == [other_facility.name]
    body = api.get("/api/directory/facilities", {"ward": other_facility.ward_id}).json()
    assert body["count"] == 1


def test_create_and_update_through_the_api(users, hang_bac, hang_dao, api_client_for) -> None:
    api = api_client_for(users["ward"])
    payload = {"name": "Xưởng in Hàng Bạc", "tax_code": "0100109106", "address": "3 Hàng Bạc",
               "ward_id": hang_bac.pk, "sector_code": "C18"}
    response = api.post("/api/directory/facilities", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["sector_code"] == "C18" and created["key_group"] == ""
    bad = api.post("/api/directory/facilities", {**payload, "tax_code": "123", "ward_id": hang_dao.pk},
                   content_type="application/json")
    assert bad.status_code == 422
    assert "Mã số thuế không hợp lệ" in bad.json()["message"]
    moved = api.put(f"/api/directory/facilities/{created['id']}", {**payload, "ward_id": hang_dao.pk},
                    content_type="application/json")
    assert moved.status_code == 422  # another ward is not in the ward officer's scope
    assert Facility.objects.get(pk=created["id"]).ward == hang_bac


def test_roles_without_add_permission_get_403(users, hang_bac, api_client_for) -> None:
    payload = {"name": "X", "tax_code": "0100109106", "address": "x", "ward_id": hang_bac.pk, "sector_code": "C10"}
    response = api_client_for(users["doit"]).post("/api/directory/facilities", payload,
                                                  content_type="application/json")
    assert response.status_code == 403
    assert response.json()["message"]


def test_openapi_schema_and_docs(client, reference) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/auth/token" in schema["paths"]
    assert "/api/directory/facilities" in schema["paths"]
    assert client.get("/api/docs").status_code == 200
