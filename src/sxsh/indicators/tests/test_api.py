from typing import Any

import pytest
from django.test import Client


@pytest.mark.django_db
def test_catalogue_is_public() -> None:
    r = Client().get("/api/indicators/indicators")
    assert r.status_code == 200
    items = {i["code"]: i for i in r.json()}
    assert items["cp_applying_share"]["unit"] == "%"
    assert {t["year"] for t in items["cp_applying_share"]["targets"]} == {2015, 2020}


def test_values_filtered_and_scoped(world: Any, users: Any, api_client_for: Any, hang_bac: Any,
                                    hang_dao: Any) -> None:
    district = api_client_for(users["district"])
    r = district.get("/api/indicators/values", {"year": 2019, "period": "year", "unit": hang_bac.pk,
                                                "indicator": "cp_applying_share", "all_sectors": "1"})
    assert r.status_code == 200
    items = r.json()["items"]
    assert len(items) == 1 and items[0]["value"] == "50.0000" and items[0]["record_count"] == 2
    records = district.get(f"/api/indicators/values/{items[0]['id']}/records").json()
    assert sorted(x["label"] for x in records) == sorted([world["hb_applying"].name, world["hb_late"].name])
    q3 = district.get("/api/indicators/values", {"year": 2019, "period": "q3", "unit": hang_bac.pk,
                                                 "indicator": "cp_applying_share", "all_sectors": "1"}).json()
    assert q3["items"][0]["value"] == "25.0000"
    assert district.get("/api/indicators/values", {"year": 2019, "period": "q9"}).status_code == 422

    ward = api_client_for(users["ward"])
    own = ward.get("/api/indicators/values", {"year": 2019, "limit": 500}).json()
    assert own["count"] > 0 and {i["unit_id"] for i in own["items"]} == {hang_bac.pk}
    other = ward.get("/api/indicators/values", {"year": 2019, "unit": hang_dao.pk})
    assert other.status_code == 404 and "message" in other.json()
    other_value = district.get("/api/indicators/values", {"year": 2019, "period": "year", "unit": hang_dao.pk,
                                                          "all_sectors": "1"}).json()["items"][0]["id"]
    assert ward.get(f"/api/indicators/values/{other_value}").status_code == 404
    assert ward.get(f"/api/indicators/values/{other_value}/records").status_code == 404


def test_values_need_login_and_a_staff_role(world: Any, users: Any, api_client_for: Any) -> None:
    assert Client().get("/api/indicators/values").status_code == 401
    assert api_client_for(users["enterprise"]).get("/api/indicators/values").status_code == 404  # the list's page too
    assert api_client_for(users["enterprise"]).get("/api/indicators/values/1").status_code == 403


@pytest.mark.django_db
def test_openapi_lists_the_endpoints() -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {"/api/indicators/indicators", "/api/indicators/values", "/api/indicators/values/{value_id}",
            "/api/indicators/values/{value_id}/records"} <= set(paths)


def test_values_reject_out_of_range_parameters(world: Any, users: Any, api_client_for: Any) -> None:
    client = api_client_for(users["district"])
    for params in ({"year": 99999999999}, {"sector": -1}, {"period": "quarter-one"}, {"view": "both"},
                   {"level": "street"}, {"indicator": "no_such_code"}):
        assert client.get("/api/indicators/values", params).status_code == 422, params
    assert client.get("/api/indicators/values", {"unit": 2**70}).status_code == 404  # as a unit out of scope
    assert client.get(f"/api/indicators/values/{2**70}").status_code in (404, 422)
