"""The audit log names people of every unit: until it is scoped to the reader, only administrators open it."""

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["district", "ward", "doit", "consultant", "enterprise"])
def test_officers_and_others_get_404(role: str, users: Any, client_for: Any) -> None:
    assert client_for(users[role]).get(reverse("core:audit_log")).status_code == 404


def test_administrator_reads_it(users: Any, client_for: Any) -> None:
    response = client_for(users["admin"]).get(reverse("core:audit_log"))
    assert response.status_code == 200


def test_menu_offers_it_to_administrators_only(users: Any, client_for: Any) -> None:
    url = reverse("core:audit_log")
    assert url in client_for(users["admin"]).get(reverse("core:dashboard")).content.decode()
    assert url not in client_for(users["district"]).get(reverse("core:dashboard")).content.decode()
