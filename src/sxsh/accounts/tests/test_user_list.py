"""The users list (``accounts.tables.USERS``): filters, columns, export and API from one declaration."""

import csv
import io
from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from sxsh.core.roles import Role

pytestmark = pytest.mark.django_db
LIST = "/tai-khoan/nguoi-dung/"


@pytest.fixture
def staff(users: Any, make_user: Any, hang_bac: Any, hang_dao: Any, other_facility: Any) -> dict[str, Any]:
    """Beside the fixture's users: a locked ward officer of Hàng Đào, an enterprise of Hàng Đào who signed in."""
    locked = make_user(Role.WARD, username="phuong-hang-dao", unit=hang_dao, first_name="Lan", last_name="Đỗ Thị",
                       email="lan@example.vn", is_active=False)
    signed_in = make_user(Role.ENTERPRISE, username="dn-hang-dao", with_facilities=[other_facility],
                          last_login=timezone.make_aware(datetime(2026, 3, 9, 14, 5)))
    return {**users, "locked": locked, "signed_in": signed_in}


def _usernames(client: Any, **params: Any) -> list[str]:
    body = client.get("/api/lists/users", params).json()
    return [item["cells"]["username"] for item in body["items"]]


def test_the_page_lists_filters_and_links_to_each_users_form(staff: Any, client_for: Any, hang_dao: Any) -> None:
    client = client_for(staff["district"])
    response = client.get(LIST)
    html = response.content.decode()
    assert f'href="/tai-khoan/nguoi-dung/{staff["locked"].pk}/sua/">phuong-hang-dao</a>' in html
    assert 'href="/tai-khoan/nguoi-dung/them/"' in html  # the create link stays
    assert "Đỗ Thị Lan" in html and "Xưởng cơ khí Hàng Đào" in html  # full name; an enterprise by its facility
    assert "14:05 09/03/2026" in html  # last login, local time
    assert [r.record.username for r in response.context["page"].object_list] == sorted(
        ["chuyengia", "doanhnghiep", "dn-hang-dao", "phuong", "phuong-hang-dao"])
    assert _usernames(client, active="0") == ["phuong-hang-dao"]
    assert _usernames(client, role="enterprise") == ["dn-hang-dao", "doanhnghiep"]
    assert _usernames(client, unit=hang_dao.pk) == ["dn-hang-dao", "phuong-hang-dao"]  # by unit or by facility
    assert _usernames(client, q="lan@example") == ["phuong-hang-dao"]
    assert _usernames(client, q="dn hang") == ["dn-hang-dao"]
    # Without diacritics or case, in the name as in the username (the folded ``search_text``).
    assert _usernames(client, q="do thi lan") == _usernames(client, q="ĐỖ THỊ") == ["phuong-hang-dao"]
    staff["locked"].last_name = "Nguyễn"
    staff["locked"].save(update_fields=["last_name"])
    assert _usernames(client, q="do thi") == [] and _usernames(client, q="nguyen lan") == ["phuong-hang-dao"]


def test_a_bad_filter_is_said_next_to_it_and_kept(staff: Any, client_for: Any) -> None:
    client = client_for(staff["district"])
    html = client.get(LIST, {"role": "boss", "q": "phuong"}).content.decode()
    assert 'id="f-q"' in html and 'value="phuong"' in html
    assert '<span class="error">' in html and "Hãy chọn một lựa chọn hợp lệ" in html
    assert client.get("/api/lists/users", {"role": "boss"}).status_code == 422


def test_the_export_is_what_the_page_shows(staff: Any, client_for: Any) -> None:
    client = client_for(staff["district"])
    response = client.get("/tai-khoan/nguoi-dung/xuat.csv", {"active": "1", "columns": "username,full_name,is_active"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Tên đăng nhập", "Họ tên", "Đang hoạt động"]
    assert [row[0].lstrip("\t") for row in rows[1:]] == ["chuyengia", "dn-hang-dao", "doanhnghiep", "phuong"]
    assert {row[2] for row in rows[1:]} == {"Có"}


@pytest.mark.parametrize("role", ["ward", "consultant", "enterprise"])
def test_other_roles_get_404_on_the_page_the_api_and_the_export(staff: Any, client_for: Any, api_client_for: Any,
                                                                role: str) -> None:
    assert client_for(staff[role]).get(LIST).status_code == 404
    assert client_for(staff[role]).get("/tai-khoan/nguoi-dung/xuat.xlsx").status_code == 404
    assert api_client_for(staff[role]).get("/api/lists/users").status_code == 404
