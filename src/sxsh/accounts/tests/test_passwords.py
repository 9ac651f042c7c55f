"""Password rules: length, similarity, numeric, Django's and a Vietnamese common-password list."""

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password,fragment", [
    ("matkhau123", "phổ biến"),
    ("Mật khẩu @123", "phổ biến"),
    ("AnhYeuEm123", "phổ biến"),
    ("password123", "phổ biến"),
    ("0912345678123", "số"),
    ("ngan-qua", "quá ngắn"),
    ("nguyenthihoa-1", "giống"),
])
def test_weak_passwords_are_refused_in_vietnamese(users: Any, password: str, fragment: str) -> None:
    user = users["ward"]
    user.username, user.last_name, user.first_name = "nguyenthihoa", "Nguyễn Thị", "Hoa"
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert any(fragment in message for message in error.value.messages), error.value.messages


def test_a_good_password_passes(users: Any) -> None:
    validate_password("Cay-xanh-ven-ho-Guom-2026", users["ward"])


def test_password_change_page_refuses_a_common_password_next_to_the_field(users: Any, client_for: Any) -> None:
    client = client_for(users["ward"])
    response = client.post("/tai-khoan/doi-mat-khau/", {
        "old_password": "mat-khau-thu-nghiem", "new_password1": "matkhau123", "new_password2": "matkhau123"})
    assert response.status_code == 200
    assert "phổ biến ở Việt Nam" in response.content.decode()
    users["ward"].refresh_from_db()
    assert users["ward"].check_password("mat-khau-thu-nghiem")
