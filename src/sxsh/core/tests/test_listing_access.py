"""Who a declared list opens to (``Listing.opens``): everyone else gets 404 on its page, export and API.

Generated over every declaration that names ``opens``: for each role of the ``users`` fixture, the page, the
XLSX export, ``/api/lists/<name>`` and the app's own list endpoint (where one exists) answer 200 when the list
opens to the role and 404 when it does not, never an empty 200.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sxsh.accounts.models import User
from sxsh.core import tables as t

GUARDED = {name: listing for name, listing in sorted(t.registry().items()) if listing.opens is not None}


def _app_api_path(listing: t.Listing) -> str:
    schema = Client().get("/api/openapi.json").json()
    return next((str(path) for path, operations in schema["paths"].items()
                 if operations.get("get", {}).get("operationId") == f"list_{listing.name}"), "")


def test_the_back_office_lists_name_who_they_open_to() -> None:
    assert {"audit", "organisations", "values", "reports", "articles", "comments", "documents",
            "distributions"} <= set(GUARDED)


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_a_list_answers_404_everywhere_to_a_role_it_does_not_open_to(
        name: str, users: dict[str, User], client_for: Callable[[User], Client],
        api_client_for: Callable[[User], Client]) -> None:
    listing = GUARDED[name]
    assert listing.opens is not None
    app_api = _app_api_path(listing)
    refused = [user for user in users.values() if not listing.opens(user)]
    opened = [user for user in users.values() if listing.opens(user)]
    assert refused and opened, name  # the rule bites and someone still reads the list
    for user in users.values():
        expected = 200 if listing.opens(user) else 404
        page, api = client_for(user), api_client_for(user)
        answers: dict[str, Any] = {
            "page": page.get(reverse(listing.page)).status_code,
            "export": page.get(reverse(listing.export, args=["xlsx"])).status_code,
            "api": api.get(f"/api/lists/{name}").status_code,
        }
        if app_api:
            answers["app api"] = api.get(app_api).status_code
        assert answers == dict.fromkeys(answers, expected), (name, user.role, answers)


def test_an_export_view_is_one_line_per_listing() -> None:
    from sxsh.directory import views

    assert views.facility_export.__name__ == "facilities_export"
    assert Client().get(reverse("directory:facility_export", args=["xlsx"])).status_code == 302  # to sign in
