from typing import Any

import numpy_financial as npf
import pytest

pytestmark = pytest.mark.django_db


def test_options_api_returns_computed_figures(users: dict[str, Any], api_client_for: Any, option: Any) -> None:
    api = api_client_for(users["district"])
    data = api.get("/api/assessments/options").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["npv"] == pytest.approx(npf.npv(0.10, [-350_000_000] + [100_000_000] * 10))
    assert item["simple_payback_years"] == pytest.approx(3.5)
    assert item["tco2e_per_year"] == pytest.approx(33.832)


def test_assessment_and_series_api(users: dict[str, Any], api_client_for: Any, assessment: Any, series: Any) -> None:
    api = api_client_for(users["enterprise"])
    detail = api.get(f"/api/assessments/assessments/{assessment.pk}").json()
    assert len(detail["tasks"]) == 18
    listed = api.get("/api/assessments/monitoring/series").json()
    assert {s["name"] for s in listed["items"]} == {"Điện năng", "Sản lượng"}
    assert api.get(f"/api/assessments/monitoring/series/{series[0].pk}").json()["readings"] == []
    assert api.get("/api/assessments/results").status_code == 200
    assert api.get("/api/assessments/monitoring/analyses").json()["count"] == 0


def test_api_requires_login(client: Any) -> None:
    assert client.get("/api/assessments/assessments").status_code == 401


def test_results_api_shape(users: dict[str, Any], api_client_for: Any, option: Any) -> None:
    from datetime import date

    from sxsh.assessments import services

    services.implement_option(acting_user=users["consultant"], option=option, implemented_date=date(2020, 2, 1),
                              actual_investment=None)
    data = api_client_for(users["doit"]).get("/api/assessments/results").json()
    assert len(data) == 1
    assert data[0]["estimated"]["energy_kwh"] == 40_000
    assert data[0]["estimated"]["tco2e"] == pytest.approx(40 * 0.8041)  # implemented in 2020
    assert data[0]["measured"]["by_resource"] == {}


def test_post_readings_all_or_nothing(users: dict[str, Any], api_client_for: Any, series: Any,
                                      make_user: Any, other_facility: Any) -> None:
    from sxsh.assessments.models import Reading
    from sxsh.core.roles import Role

    energy, _production = series
    api = api_client_for(users["enterprise"])
    url = f"/api/assessments/monitoring/series/{energy.pk}/readings"
    bad = api.post(url, [{"period": "2020-01", "value": 5}, {"period": "2020-13", "value": 1},
                         {"period": "01/2020", "value": -1}], content_type="application/json")
    assert bad.status_code == 422
    message = bad.json()["message"]
    assert "2020-13" in message and "trùng" in message and "không âm" in message
    assert not Reading.objects.exists()
    ok = api.post(url, [{"period": "2020-01", "value": 5}, {"period": "02/2020", "value": 6.5}],
                  content_type="application/json")
    assert ok.json() == {"created": 2, "updated": 0}
    stranger = api_client_for(make_user(Role.ENTERPRISE, username="dn9", with_facilities=[other_facility]))
    assert stranger.post(url, [{"period": "2020-03", "value": 1}], content_type="application/json").status_code == 404
    ward = api_client_for(users["ward"])
    assert ward.post(url, [{"period": "2020-03", "value": 1}], content_type="application/json").status_code == 404


def test_api_survives_odd_input(users: dict[str, Any], api_client_for: Any, option: Any, series: Any) -> None:
    api = api_client_for(users["admin"])
    big = 2**63
    for url in (f"/api/assessments/options/{big}", f"/api/assessments/options?assessment={big}&facility={big}",
                f"/api/assessments/assessments?facility={big}", f"/api/assessments/results?facility={big}",
                f"/api/assessments/monitoring/series/{big}", "/api/assessments/results?date_from=2020-13-01",
                "/api/assessments/options?status=%00", "/api/assessments/assessments?q=a%00b"):
        assert api.get(url).status_code < 500, url
    url = f"/api/assessments/monitoring/series/{series[0].pk}/readings"
    for payload in ([{"period": "2020-01", "value": 1e300}], [{"period": "\x00", "value": 1}], []):
        assert api.post(url, payload, content_type="application/json").status_code == 422
