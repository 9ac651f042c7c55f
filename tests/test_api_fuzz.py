"""Hostile input to the API: schemathesis generates requests from /api/openapi.json; none may get a 5xx."""

import os
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

with warnings.catch_warnings():
    # schemathesis 3 still uses jsonschema's deprecated RefResolver and deprecated arguments.
    warnings.simplefilter("ignore", DeprecationWarning)
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import positive_data_acceptance, status_code_conformance

from sxsh.accounts.services import issue_token
from sxsh.core.roles import Role

EXAMPLES = int(os.environ.get("SXSH_FUZZ_EXAMPLES", "25"))


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _load_schema() -> Any:
    from django.core.handlers.wsgi import WSGIHandler

    from sxsh.api import api

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return schemathesis.from_dict(api.get_openapi_schema(), app=WSGIHandler(), force_schema_version="30")


schema = _load_schema()


@pytest.fixture(autouse=True)
def keep_test_connection() -> Any:
    """Requests go straight to the WSGI handler; like Django's test client, keep the test's database
    connection (and its transaction) open across requests instead of closing it at request end."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def district_token(users: dict[str, Any], other_facility: Any) -> str:
    assert users["district"].role == Role.DISTRICT
    return issue_token(acting_user=users["district"])[0]


CALLS: dict[str, int] = {}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_answers_5xx_nor_an_undocumented_status(case: Any, district_token: str) -> None:
    response = case.call_wsgi(headers={"Authorization": f"Bearer {district_token}"})
    CALLS[case.operation.verbose_name] = CALLS.get(case.operation.verbose_name, 0) + 1
    case.validate_response(response, checks=(not_a_server_error, status_code_conformance))


#: What a schema cannot say, and the server checks: a tax code's check digit, a ward or sector that exists and
#: is in the caller's scope, each month once in a batch of readings. A generated body that fails only these
#: gets 422 naming the rule; any other 422 means the schema is looser than the server.
SERVER_RULES = ("Mã số thuế không hợp lệ", "ward:", "sector:", "bị trùng", "Hãy chọn một lựa chọn hợp lệ",
                "đã tồn tại",
                "(NUL)")  # in the session cookie: an apiKey security scheme has no pattern to say so


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_a_body_valid_by_the_schema_is_accepted(case: Any, district_token: str) -> None:
    """Positive data only (schemathesis' own check): 2xx, or 401/403/404 for ids the caller cannot see."""
    response = case.call_wsgi(headers={"Authorization": f"Bearer {district_token}"})
    if response.status_code == 429:  # the login limit of the token endpoint, not the body
        return
    if response.status_code == 422 and any(rule in response.json.get("message", "") for rule in SERVER_RULES):
        return
    case.validate_response(response, checks=(positive_data_acceptance,))


def test_schema_lists_every_mounted_router(db: Any) -> None:
    from sxsh.api import api

    paths = api.get_openapi_schema()["paths"]
    assert "/api/auth/token" in paths
    assert any(p.startswith("/api/directory/") for p in paths)


def test_fuzzing_really_sent_requests() -> None:
    """Runs after the parametrised test in this module (same process): operations got many requests
    (an operation without parameters has a single distinct request, hence "most")."""
    if not CALLS:
        pytest.skip("the fuzz test did not run in this process")
    assert sum(n >= 3 for n in CALLS.values()) >= 0.8 * len(CALLS), CALLS


def test_huge_pagination_offset_is_a_client_error(db: Any, users: dict[str, Any]) -> None:
    """Found by this fuzzing: an offset beyond the database's integer range used to answer 500."""
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {issue_token(acting_user=users['district'])[0]}"})
    for url in ("/api/directory/facilities", "/api/directory/organisations"):
        response = client.get(url, {"offset": "9223372036854775808"})
        assert response.status_code == 422, (url, response.status_code)
        assert "message" in response.json()
