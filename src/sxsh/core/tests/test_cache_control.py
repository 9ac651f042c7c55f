"""Authenticated pages and personal-data exports are never kept by a cache; public pages keep theirs."""

from typing import Any

from django.test import Client


def test_signed_in_pages_exports_and_api_answers_are_not_stored(users: dict[str, Any], client_for: Any,
                                                                api_client_for: Any, facility: Any) -> None:
    officer = client_for(users["district"])
    for url in ("/danh-muc/co-so/", f"/danh-muc/co-so/{facility.pk}/", "/danh-muc/co-so/xuat.xlsx",
                "/danh-muc/co-so/xuat.csv"):
        response = officer.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
    api = api_client_for(users["district"]).get("/api/directory/facilities")
    assert api.status_code == 200 and api["Cache-Control"] == "private, no-store"


def test_public_pages_keep_their_caching(reference: None) -> None:
    response = Client().get("/tin-tuc/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
