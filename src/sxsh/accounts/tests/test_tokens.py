"""API tokens: expiry, revocation (DELETE, the account page, any password change), all audited."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sxsh.accounts.models import ApiToken
from sxsh.core.models import AuditLog

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem"
LIST = "/api/directory/facilities"


def _issue(username: str = "phuong") -> dict[str, Any]:
    response = Client().post("/api/auth/token", {"username": username, "password": PASSWORD},
                             content_type="application/json")
    assert response.status_code == 200
    return response.json()


def _bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_token_answers_its_expiry_and_expires(users: Any, settings: Any) -> None:
    settings.SXSH_API_TOKEN_DAYS = 7
    body = _issue()
    expires = parse_datetime(body["expires_at"])
    assert expires is not None
    assert abs(expires - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)
    api = _bearer(body["token"])
    assert api.get(LIST).status_code == 200
    token = ApiToken.objects.get(user=users["ward"])
    assert token.prefix == body["token"][:6] and token.key_hash != body["token"]
    issued = AuditLog.objects.get(action="accounts.apitoken.issued")
    assert issued.user == users["ward"] and body["token"] not in str(issued.after)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = api.get(LIST)
    assert expired.status_code == 401 and expired.json()["message"]


def test_delete_revokes_the_bearer_token_only(users: Any) -> None:
    first, second = _issue()["token"], _issue()["token"]
    assert _bearer(first).delete("/api/auth/token").status_code == 204
    assert _bearer(first).get(LIST).status_code == 401
    assert _bearer(first).delete("/api/auth/token").status_code == 401
    assert _bearer(second).get(LIST).status_code == 200
    revoked = AuditLog.objects.get(action="accounts.apitoken.revoked")
    assert revoked.before["revoked_at"] is None and revoked.after["revoked_reason"] == "owner"
    assert Client().delete("/api/auth/token").status_code == 401


@pytest.mark.parametrize("path", ["page", "admin", "service"])
def test_any_password_change_revokes_every_token(users: Any, client_for: Any, path: str) -> None:
    from sxsh.accounts.models import User

    key = _issue()["token"]
    assert _bearer(key).get(LIST).status_code == 200
    user = users["ward"]
    new = "Mot-mat-khau-rat-dai-2026"
    if path == "page":
        response = client_for(user).post("/tai-khoan/doi-mat-khau/", {
            "old_password": PASSWORD, "new_password1": new, "new_password2": new})
        assert response.status_code == 302
    elif path == "admin":
        admin = users["admin"]
        admin.is_staff = True
        admin.save()
        response = client_for(admin).post(f"/quan-tri/accounts/user/{user.pk}/password/", {
            "password1": new, "password2": new, "usable_password": "true"})
        assert response.status_code == 302
    else:
        fresh = User.objects.get(pk=user.pk)
        fresh.set_password(new)
        fresh.save()
    assert _bearer(key).get(LIST).status_code == 401
    assert ApiToken.objects.get(user=user).revoked_reason == "password"
    assert Client().login(username="phuong", password=new)
    if path != "service":
        entry = AuditLog.objects.get(action__startswith="accounts.user.password")
        assert entry.after["api_tokens_revoked"] == 1
        assert "md5$" not in str(entry.before) + str(entry.after)


def test_account_page_lists_and_revokes_own_tokens_only(users: Any, client_for: Any) -> None:
    mine = _issue()["token"]
    theirs = _issue("quan")["token"]
    page = client_for(users["ward"])
    html = page.get("/tai-khoan/").content.decode()
    assert mine[:6] in html and theirs[:6] not in html and "Còn hiệu lực" in html
    other = ApiToken.objects.get(user=users["district"])
    assert page.post(f"/tai-khoan/ma-truy-cap/{other.pk}/thu-hoi/").status_code == 404
    assert _bearer(theirs).get(LIST).status_code == 200
    own = ApiToken.objects.get(user=users["ward"])
    assert page.post(f"/tai-khoan/ma-truy-cap/{own.pk}/thu-hoi/").status_code == 302
    assert _bearer(mine).get(LIST).status_code == 401
    assert "Đã thu hồi" in page.get("/tai-khoan/").content.decode()
    assert Client().get("/tai-khoan/").status_code == 302


def test_inactive_user_token_is_refused(users: Any) -> None:
    key = _issue()["token"]
    users["ward"].is_active = False
    users["ward"].save()
    assert _bearer(key).get(LIST).status_code == 401
