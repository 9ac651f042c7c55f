"""Authorisation matrix: every role × every scoped model × view/add/change/delete, in and out of scope.

The data is the demo district (Hoàn Kiếm) plus a small synthetic district elsewhere in Hà Nội, so every
kind has rows inside and outside each user's scope. ``Model.objects.restrict(user, action)`` (SQL) is
compared with the model's declared ``role_permissions`` and ``scope`` evaluated in Python, object by
object, including the scopes that read the units above the user's (``Scope(read_ancestors=True)``: plans,
the document library).
"""

from collections.abc import Iterable
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import models
from django.test import Client

from sxsh.accounts.models import User
from sxsh.accounts.services import issue_token
from sxsh.core.closed_units import closed_since
from sxsh.core.roles import FACILITY_SCOPED, UNIT_SCOPED, Role
from sxsh.core.scoping import Scope
from sxsh.directory import synthetic
from sxsh.directory.models import AdministrativeUnit, Facility, Organisation

ACTIONS = ("view", "add", "change", "delete")


def scoped_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if hasattr(m, "role_permissions")]


def resolve(obj: Any, lookup: str) -> set[Any]:
    """Every value reached from ``obj`` by a Django lookup path, following many-valued relations."""
    values: list[Any] = [obj]
    for part in lookup.split("__"):
        following: list[Any] = []
        for value in values:
            if value is None:
                continue
            attr = getattr(value, part)
            if isinstance(attr, models.Manager):
                following.extend(attr.all())
            else:
                following.append(attr)
        values = following
    return {v for v in values if v is not None}


def expected_ids(model: type[models.Model], user: Any, action: str, rows: list[Any]) -> set[Any]:
    """The rows the declared rules grant (the SQL must match this exactly)."""
    if user.is_superuser or user.role == Role.ADMIN:
        return {o.pk for o in rows}
    if user.role not in model.role_permissions.get(action, frozenset()):  # type: ignore[attr-defined]
        return set()
    if action != "view" and closed_since(user):
        return set()  # the people of a closed unit (the demo's district after 30/6/2025) read, never write
    scope: Scope = getattr(model, "scope", Scope())
    granted = set()
    reads_up = scope.read_ancestors and action == "view"

    def units(obj: models.Model) -> set[Any]:
        """The unit paths the row is reached by: the issuer's or the current owner's to read, the owner's to write."""
        if scope.owner is None:
            return set(resolve(obj, scope.unit))
        if action == "view":
            return set(resolve(obj, scope.unit)) | set(resolve(obj, scope.owner))
        return set(resolve(obj, scope.owner))
    if user.role in UNIT_SCOPED:
        path = user.scope_path
        for obj in rows:
            if scope.unit is not None:
                ok = bool(path) and any(str(p).startswith(path) or (reads_up and path.startswith(str(p)))
                                        for p in units(obj))
            elif scope.facility is not None:
                ids = resolve(obj, scope.facility)
                ok = bool(path) and Facility.objects.filter(pk__in=ids, ward__path__startswith=path).exists()
            else:
                ok = True
            if ok:
                granted.add(obj.pk)
    elif user.role in FACILITY_SCOPED:
        for obj in rows:
            if scope.facility is not None:
                ok = bool(resolve(obj, scope.facility) & set(user.facility_ids))
            elif scope.unit is not None and scope.read_ancestors:
                wards = Facility.objects.filter(pk__in=user.facility_ids).values_list("ward__path", flat=True)
                ok = any(w.startswith(str(p)) for p in units(obj) for w in wards)
            else:
                ok = scope.unit is None
            if ok:
                granted.add(obj.pk)
    owner = getattr(model, "owner", None)  # rows of one person (notifications): each reads only their own
    if isinstance(owner, str):
        granted = {o.pk for o in rows if o.pk in granted and getattr(o, f"{owner}_id") == user.pk}
    return granted


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    call_command("load_demo", stdout=StringIO())
    synthetic.generate(synthetic.SyntheticConfig(units=1, facilities=40, years=1, seed=5))
    other = AdministrativeUnit.objects.get(code="th-001")
    outside = Facility.objects.filter(ward__parent=other).order_by("pk")[0]
    inside = User.objects.get(username="doanhnghiep").facilities.get()
    users = {u.username: u for u in User.objects.filter(username__in=["admin", "quan", "phuong", "so",
                                                                      "chuyengia", "doanhnghiep"])}
    users["other_district"] = User.objects.create(username="quan-khac", role=Role.DISTRICT, unit=other)
    users["other_enterprise"] = User.objects.create(username="dn-khac", role=Role.ENTERPRISE)
    users["other_enterprise"].facilities.add(outside)
    for user in users.values():
        user.refresh_from_db()  # reset cached scope properties
    return {"users": users, "inside": inside, "outside": outside}


def _mismatch(model: Any, username: str, action: str, got: set[Any], want: set[Any]) -> str:
    return (f"{model._meta.label} {username} {action}: extra {sorted(got - want)[:5]} "
            f"missing {sorted(want - got)[:5]}")


def test_every_role_every_model_every_action(world: dict[str, Any]) -> None:
    problems: list[str] = []
    covered: dict[str, tuple[int, int]] = {}
    for model in scoped_models():
        rows = list(model._default_manager.all())
        everything = {o.pk for o in rows}
        inside_outside = [0, 0]
        for username, user in world["users"].items():
            visible = set(model._default_manager.restrict(user, "view").values_list("pk", flat=True))
            for action in ACTIONS:
                got = set(model._default_manager.restrict(user, action).values_list("pk", flat=True))
                want = expected_ids(model, user, action, rows)
                if not got <= everything:
                    problems.append(f"{model._meta.label} {username} {action}: rows that do not exist")
                if action != "view" and not got <= visible:
                    problems.append(f"{model._meta.label} {username} {action}: may write rows it cannot see")
                allowed = user.is_superuser or user.role in model.role_permissions.get(action, ())  # type: ignore[attr-defined]
                if not allowed and got:
                    problems.append(f"{model._meta.label} {username} {action}: role not allowed but gets rows")
                if user.is_superuser and got != everything:
                    problems.append(_mismatch(model, username, action, got, everything))
                if got != want:
                    problems.append(_mismatch(model, username, action, got, want))
                if action == "view" and user.role != Role.ADMIN and rows:
                    inside_outside[0] += bool(got)
                    inside_outside[1] += bool(everything - got)
        covered[model._meta.label] = (len(rows), inside_outside[0])
        # Visitors: only view, only the model's public rows.
        anonymous = AnonymousUser()
        for action in ACTIONS:
            got = set(model._default_manager.restrict(anonymous, action).values_list("pk", flat=True))
            scope: Scope = getattr(model, "scope", Scope())
            want = (set(model._default_manager.filter(scope.public).values_list("pk", flat=True))
                    if action == "view" and scope.public is not None else set())
            if got != want:
                problems.append(_mismatch(model, "anonymous", action, got, want))
    assert not problems, "\n".join(problems)
    # The matrix must have bitten: most kinds have rows, and facilities are seen by some and hidden from others.
    with_rows = [label for label, (n, _) in covered.items() if n]
    assert len(with_rows) >= 0.6 * len(covered), covered
    assert covered["directory.Facility"][1] >= 4


def _statuses(client: Client, urls: Iterable[str]) -> list[int]:
    return [client.get(url).status_code for url in urls]


def test_directory_pages_and_api_answer_404_out_of_scope(world: dict[str, Any]) -> None:
    inside, outside = world["inside"], world["outside"]
    org_inside = Organisation.objects.filter(unit__path__startswith="/ha-noi/hoan-kiem/").first()
    org_outside = Organisation.objects.create(name="Tổ chức ngoài địa bàn", kind="other",
                                              unit=AdministrativeUnit.objects.get(code="th-001"))
    assert org_inside is not None
    # username: (facility detail inside, outside), (facility edit inside, outside), (org detail inside, outside)
    expected = {
        "admin": ((200, 200), (200, 200), (200, 200)),
        # the district was abolished on 1/7/2025 (demo): its officer reads its history, edits nothing moved away
        "quan": ((200, 404), (404, 404), (200, 404)),
        "so": ((200, 200), (404, 404), (200, 200)),
        "doanhnghiep": ((200, 404), (200, 404), (404, 404)),
        "other_district": ((404, 200), (404, 200), (404, 200)),
    }
    for username, (detail, edit, org) in expected.items():
        user = world["users"][username]
        client = Client()
        client.force_login(user)
        got = (
            tuple(_statuses(client, [f"/danh-muc/co-so/{inside.pk}/", f"/danh-muc/co-so/{outside.pk}/"])),
            tuple(_statuses(client, [f"/danh-muc/co-so/{inside.pk}/sua/", f"/danh-muc/co-so/{outside.pk}/sua/"])),
            tuple(_statuses(client, [f"/danh-muc/to-chuc/{org_inside.pk}/", f"/danh-muc/to-chuc/{org_outside.pk}/"])),
        )
        assert got == (detail, edit, org), username
        api = Client(headers={"Authorization": f"Bearer {issue_token(acting_user=user)[0]}"})
        api_got = tuple(_statuses(api, [f"/api/directory/facilities/{inside.pk}", f"/api/directory/facilities/{outside.pk}"]))
        assert api_got == detail, username
        listed = api.get("/api/directory/facilities?limit=500").json()["items"]
        ids = {item["id"] for item in listed}
        assert (inside.pk in ids, outside.pk in ids) == (detail[0] == 200, detail[1] == 200), username
    # A visitor is sent to the login page, never shown a facility.
    anonymous = Client()
    response = anonymous.get(f"/danh-muc/co-so/{inside.pk}/")
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
    assert Client().get(f"/api/directory/facilities/{inside.pk}").status_code == 401
