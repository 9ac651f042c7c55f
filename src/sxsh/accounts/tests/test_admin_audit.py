"""Every admin change of a user is in the audit log with before/after; password hashes never are."""

from typing import Any

import pytest
from django.test import Client

from sxsh.accounts.models import User
from sxsh.core.audit import MASK, MASK_CHANGED
from sxsh.core.models import AuditLog
from sxsh.directory.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Cay-xanh-ven-ho-Guom-2026"


def _form_data(client: Client, url: str) -> dict[str, Any]:
    """What the admin change form at ``url`` would post unchanged (its widgets' own rendering values)."""
    form = client.get(url).context["adminform"].form
    data: dict[str, Any] = {}
    for bound in form:
        widget = getattr(bound.field.widget, "widget", bound.field.widget)  # admin's related-object wrapper
        widget = widget.get_context(bound.html_name, bound.value(), {})["widget"]
        for sub in widget.get("subwidgets") or [widget]:
            if sub.get("type") == "checkbox":
                if sub["attrs"].get("checked"):
                    data[sub["name"]] = "on"
            elif sub["value"] not in (None, "", []):
                data[sub["name"]] = sub["value"]
    return data


def _change(client: Client, url: str, **changes: Any) -> Any:
    data = _form_data(client, url)
    data.update(changes)
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def _entries(user: User) -> list[AuditLog]:
    return list(AuditLog.objects.filter(object_id=str(user.pk), content_type__model="user").order_by("id"))


def _dump(entry: AuditLog) -> str:
    return f"{entry.before} {entry.after}"


def test_admin_user_creation_is_audited_with_role_scope_facilities_phone(users: Any, client_for: Any,
                                                                         facility: Any, hang_bac: Any) -> None:
    admin = client_for(users["admin"])
    response = admin.post("/quan-tri/accounts/user/add/", {
        "username": "canbo-moi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true",
        "role": "ward", "unit": hang_bac.pk, "facilities": [facility.pk], "phone": "0912 345 678"})
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="canbo-moi")
    (entry,) = _entries(user)
    assert entry.action == "accounts.user.created.admin" and entry.user == users["admin"] and entry.before is None
    assert entry.after["role"] == "ward" and entry.after["unit_id"] == hang_bac.pk
    assert entry.after["facilities"] == [facility.pk] and entry.after["phone"] == "0912 345 678"
    assert entry.after["password"] == MASK_CHANGED and user.password not in _dump(entry)


@pytest.mark.parametrize("field,value,key", [
    ("role", "district", "role"),
    ("unit", "district", "unit_id"),
    ("facilities", "other", "facilities"),
    ("phone", "0243 999 888", "phone"),
    ("is_staff", "on", "is_staff"),
])
def test_every_admin_change_of_a_user_has_before_and_after(users: Any, client_for: Any, other_facility: Any,
                                                           field: str, value: str, key: str) -> None:
    user = users["ward"]
    new: Any = {"district": AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/").pk,
                "other": [other_facility.pk]}.get(value, value)
    if field == "role":
        new = "district"
    response = _change(client_for(users["admin"]), f"/quan-tri/accounts/user/{user.pk}/change/", **{field: new})
    assert response.status_code == 302, response.context["adminform"].form.errors
    (entry,) = _entries(user)
    assert entry.action == "accounts.user.changed.admin"
    changed = {name: (before, after) for name, before, after in entry.changed_fields()}
    assert key in changed, changed
    before, after = changed[key]
    assert before != after and after == (new if key != "is_staff" else True)
    assert entry.before["password"] == entry.after["password"] == MASK
    assert user.password not in _dump(entry)


def test_admin_password_set_is_audited_masked(users: Any, client_for: Any) -> None:
    user = users["ward"]
    old = user.password
    response = client_for(users["admin"]).post(f"/quan-tri/accounts/user/{user.pk}/password/", {
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    (entry,) = _entries(user)
    user.refresh_from_db()
    assert entry.action == "accounts.user.password_changed.admin" and entry.user == users["admin"]
    assert entry.before == {"password": MASK} and entry.after["password"] == MASK_CHANGED
    assert old not in _dump(entry) and user.password not in _dump(entry)
    # a refused password (too common) changes nothing and writes nothing
    refused = client_for(users["admin"]).post(f"/quan-tri/accounts/user/{user.pk}/password/", {
        "password1": "matkhau123", "password2": "matkhau123", "usable_password": "true"})
    assert refused.status_code == 200 and "phổ biến" in refused.content.decode()
    assert len(_entries(user)) == 1


def test_admin_many_to_many_changes_are_captured(users: Any, client_for: Any, district: Any) -> None:
    from sxsh.outreach.models import Article, Tag

    tag = Tag.objects.create(name="Năng lượng", slug="nang-luong")
    article = Article.objects.create(title="Tin thử", body="Nội dung", category="news", unit=district)
    response = _change(client_for(users["admin"]), f"/quan-tri/outreach/article/{article.pk}/change/",
                       tags=[str(tag.pk)])
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditLog.objects.get(action="outreach.article.changed.admin")
    assert entry.before["tags"] == [] and entry.after["tags"] == [tag.pk]


def test_admin_inline_changes_are_captured(users: Any, client_for: Any, district: Any) -> None:
    from datetime import date

    from sxsh.plans.models import Plan
    from sxsh.testing.factories import OrganisationFactory

    plan = Plan.objects.create(number="01/KH-UBND", title="Kế hoạch thử", issuer=OrganisationFactory(unit=district),
                               unit=district, issued_on=date(2019, 3, 1), period_start=date(2019, 3, 1),
                               period_end=date(2020, 12, 31))
    admin = client_for(users["admin"])
    url = f"/quan-tri/plans/plan/{plan.pk}/change/"
    response = _change(admin, url, **{"workstreams-TOTAL_FORMS": "1", "workstreams-INITIAL_FORMS": "0",
                                      "workstreams-0-title": "Truyền thông",
                                      "workstreams-0-order": "1", "targets-TOTAL_FORMS": "0",
                                      "targets-INITIAL_FORMS": "0", "stages-TOTAL_FORMS": "0",
                                      "stages-INITIAL_FORMS": "0", "budget_lines-TOTAL_FORMS": "0",
                                      "budget_lines-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditLog.objects.get(action="plans.plan.changed.admin")
    assert entry.before["workstream_set"] == []
    assert [row["title"] for row in entry.after["workstream_set"]] == ["Truyền thông"]


def test_admin_changes_of_groups_permissions_activity_and_names_are_audited(users: Any, client_for: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    user, admin = users["ward"], client_for(users["admin"])
    group = Group.objects.create(name="Cán bộ phường")
    permission = Permission.objects.get(codename="view_facility")
    url = f"/quan-tri/accounts/user/{user.pk}/change/"
    cases = [({"groups": [str(group.pk)]}, "groups", [group.pk]),
             ({"user_permissions": [str(permission.pk)]}, "user_permissions", [permission.pk]),
             ({"is_active": None}, "is_active", False),
             ({"first_name": "Hoa"}, "first_name", "Hoa"),
             ({"email": "hoa.phuong@example.vn"}, "email", "hoa.phuong@example.vn")]
    for changes, key, expected in cases:
        response = _change(admin, url, **changes)
        assert response.status_code == 302, response.context["adminform"].form.errors
        entry = _entries(user)[-1]
        changed = {name: (before, after) for name, before, after in entry.changed_fields()}
        assert entry.action == "accounts.user.changed.admin" and changed[key][1] == expected, (key, changed)
    assert len(_entries(user)) == len(cases)


def test_admin_deletions_of_users_are_audited_one_by_one_and_in_bulk(users: Any, client_for: Any,
                                                                    make_user: Any) -> None:
    admin = client_for(users["admin"])
    one, two, three = (make_user("ward", username=f"xoa-{n}") for n in range(3))
    assert admin.post(f"/quan-tri/accounts/user/{one.pk}/delete/", {"post": "yes"}).status_code == 302
    bulk = admin.post("/quan-tri/accounts/user/", {"action": "delete_selected", "post": "yes",
                                                   "_selected_action": [two.pk, three.pk]})
    assert bulk.status_code == 302
    assert not User.objects.filter(pk__in=[one.pk, two.pk, three.pk]).exists()
    for gone in (one, two, three):
        (entry,) = _entries(gone)
        assert entry.action == "accounts.user.deleted.admin" and entry.before["username"] == gone.username
        assert entry.after is None and entry.before["password"] == MASK


def test_the_administrator_reads_user_changes_in_the_log(users: Any, client_for: Any) -> None:
    user, admin = users["ward"], client_for(users["admin"])
    _change(admin, f"/quan-tri/accounts/user/{user.pk}/change/", phone="0243 111 222")
    (entry,) = _entries(user)
    page = admin.get(f"/nhat-ky/{entry.pk}/").content.decode()
    assert "0243 111 222" in page and "accounts.user" not in page
