"""API-wide rate limits (the shared cache): per client address when anonymous, per account when signed in;
the schema documents the answer."""

from typing import Any

import pytest
from django.test import Client

from sxsh.accounts.services import issue_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings: Any, monkeypatch: Any) -> None:
    from sxsh import api

    anonymous, account = (t for t in api.api.throttle)  # type: ignore[attr-defined]
    for throttle, rate in ((anonymous, "5/m"), (account, "8/m")):
        monkeypatch.setattr(throttle, "rate", rate)
        monkeypatch.setattr(throttle, "num_requests", int(rate.split("/")[0]))


def test_anonymous_calls_are_limited_per_client_address(low_rates: None) -> None:
    first, second = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="203.0.113.8")
    answers = [first.get("/api/outreach/articles").status_code for _ in range(7)]
    assert answers == [200] * 5 + [429] * 2
    refused = first.get("/api/outreach/articles")
    assert refused.json()["message"].startswith("Quá nhiều yêu cầu") and int(refused["Retry-After"]) > 0
    assert second.get("/api/outreach/articles").status_code == 200  # another address has its own budget


def test_signed_in_calls_are_limited_per_account_whatever_the_address(low_rates: None, users: Any) -> None:
    token = issue_token(acting_user=users["district"])[0]
    answers = [Client(REMOTE_ADDR=f"198.51.100.{n}", headers={"Authorization": f"Bearer {token}"})
               .get("/api/directory/facilities").status_code for n in range(10)]
    assert answers == [200] * 8 + [429] * 2
    other = issue_token(acting_user=users["ward"])[0]
    assert Client(headers={"Authorization": f"Bearer {other}"}).get("/api/directory/facilities").status_code == 200


def test_the_schema_documents_every_error_answer_and_refuses_what_the_server_refuses(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    facility = schema["paths"]["/api/directory/facilities/{facility_id}"]["put"]
    assert {"401", "403", "404", "413", "422", "429"} <= set(facility["responses"])
    assert facility["responses"]["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"}
    body = schema["components"]["schemas"]["FacilityIn"]
    assert body["additionalProperties"] is False
    assert body["properties"]["size"]["enum"] == ["micro", "small", "medium", "large"]
    assert (body["properties"]["employees"]["minimum"], body["properties"]["employees"]["maximum"]) == (0, 1_000_000)
    assert body["properties"]["tax_code"]["pattern"] == "^([0-9]{10}(-[0-9]{3})?|[0-9]{12})$"
    ward = next(p for p in schema["paths"]["/api/directory/facilities"]["get"]["parameters"] if p["name"] == "ward")
    assert "anyOf" not in ward["schema"]  # a query value is left out, never null
    assert ward["schema"]["pattern"] == "^[1-9][0-9]{0,17}$"  # a row id
    sort = next(p for p in schema["paths"]["/api/directory/facilities"]["get"]["parameters"] if p["name"] == "sort")
    assert {"name", "-name", "tax_code"} <= set(sort["schema"]["enum"])
    update = schema["components"]["schemas"]["UpdateIn"]
    assert update["properties"]["reported_on"]["pattern"].startswith("^(19")
    assert update["properties"]["narrative"]["pattern"] == "^[^\\x00]*$"
