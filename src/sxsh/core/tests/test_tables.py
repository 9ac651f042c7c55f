"""Generated tests: every declared listing (``core.tables.registry()``) is held to the same promises.

Data: the demo district plus a synthetic district elsewhere in Hà Nội, loaded once for the module, and the
demo's accounts of every role plus an officer and an enterprise of the other district. For each listing:

* scope: the page, the API (``/api/lists/<name>`` and the app's own list endpoint) and the export list
  exactly the rows of the kind's scoped selector, which are the rows ``restrict(user, "view")`` grants
  (the permission matrix, ``tests/test_authorisation_matrix.py``) plus what a listing documents below, or,
  for a kind whose rows are not a model's ``restrict`` (the users an officer manages, the registration claims a
  user settles), its own rule checked in Python (``ORACLES``); a row out of the user's scope answers 404 on its
  detail (who a list does not open to at all gets 404: ``test_listing_access.py``);
* every filter, given a value that matches something: page, API and export give the same rows;
* every sortable column, both ways: the same order on the page and in the API, values reversed;
* pagination: pages are disjoint and together give every row;
* the number of queries of the page and of the API does not grow with the rows on the page.
"""

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sxsh.accounts.models import User
from sxsh.accounts.services import issue_token
from sxsh.core import tables as t
from sxsh.core.roles import UNIT_SCOPED, Role

pytestmark = [pytest.mark.xdist_group("tables"), pytest.mark.slow]

LISTINGS = t.registry()
ROW = re.compile(r'<(?:tr|article)\b[^>]*?\bdata-pk="(\d+)"')  # a table row, or a card of a public list
USERNAMES = ("admin", "quan", "phuong", "so", "chuyengia", "doanhnghiep", "other_district", "other_enterprise")


def extra_rows(name: str, user: Any) -> set[int]:
    """Rows a listing's selector adds to ``restrict(user, "view")``, each with its documented reason."""
    if name in ("facilities", "monitoring"):
        # The officers of a closed unit keep reading the facilities whose ward history passed through it.
        from sxsh.directory.selectors import _closed_scope_path

        path = _closed_scope_path(user)
        if path:
            from sxsh.directory.models import FacilityWard

            return set(FacilityWard.objects.filter(ward__path__startswith=path).values_list("facility_id", flat=True))
    if name == "library" and user.is_authenticated:
        # Signed-in readers also read the documents of their units (and of the units above them); enterprises
        # and consultants those of the units holding their facilities.
        from sxsh.outreach.models import Document

        wards = {f.ward.path for f in user.facilities.select_related("ward")}
        above = {path[:i + 1] for path in wards for i, ch in enumerate(path) if ch == "/" and i}
        mine = set(Document.objects.restrict(user, "view").values_list("pk", flat=True))
        return mine | set(Document.objects.unscoped("test oracle").filter(unit__path__in=above)
                          .values_list("pk", flat=True))
    if name == "events" and user.organisation_id:
        # The members of an event's organiser or co-organiser manage it (its list, check-in, exports).
        from django.db.models import Q

        from sxsh.events.models import Event

        mine = Q(organiser_id=user.organisation_id) | Q(co_organisers__id=user.organisation_id)
        return set(Event.objects.filter(mine).values_list("pk", flat=True))
    if name == "registrations":
        # Those who manage an event (its units' officers, its organisers' members) see all its registrations.
        from sxsh.events.models import OFFICERS, Event, Registration

        managed = extra_rows("events", user) | (set(Event.objects.restrict(user, "view").values_list("pk", flat=True))
                                                if user.role in OFFICERS else set())
        return set(Registration.objects.filter(event__in=managed).values_list("pk", flat=True))
    return set()


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    from sxsh.directory import synthetic
    from sxsh.directory.models import AdministrativeUnit, Facility

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        synthetic.generate(synthetic.SyntheticConfig(units=1, facilities=40, years=1, seed=5))
        other = AdministrativeUnit.objects.get(code="th-001")
        outside = Facility.objects.filter(ward__parent=other).order_by("pk")[0]
        users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
        users["other_district"] = User.objects.create(username="other_district", role=Role.DISTRICT, unit=other)
        users["other_enterprise"] = User.objects.create(username="other_enterprise", role=Role.ENTERPRISE)
        users["other_enterprise"].facilities.add(outside)
        from sxsh.outreach.models import Document, DocumentAccess

        Document.objects.create(title="Sổ tay của quận khác", unit=other, access=DocumentAccess.LOGGED_IN,
                                file="outreach/documents/so-tay.pdf")

        from sxsh.indicators.periods import Period
        from sxsh.indicators.services import create_report

        for unit in [other, *AdministrativeUnit.objects.filter(parent=other).order_by("pk")[:2]]:
            create_report(acting_user=users["admin"], unit=unit, period=Period("year", 2019))  # out of the demo's
        from sxsh.tasks.models import BackgroundTask, TaskStatus
        from sxsh.tasks.registry import KINDS

        kinds = sorted(KINDS)
        for n, username in enumerate(("admin", "quan", "quan", "phuong", "doanhnghiep", "other_district")):
            BackgroundTask.objects.create(kind=kinds[n % len(kinds)], created_by=users[username], progress=n * 20,
                                          status=list(TaskStatus)[n % len(TaskStatus)])
        from sxsh.indicators.models import IndicatorValue

        # The demo computes ~94,000 indicator values (8 years × 17 periods × units × sectors × 2 views); the values
        # of the year 2019 (both views, every unit and sector) hold every case and keep each walk of pages short.
        IndicatorValue.objects.unscoped("test data: a small sample of the demo's values").exclude(
            year=2019, period_kind="year").delete()
        from sxsh.events.models import Audience, Event
        from sxsh.events.services import Participant, register

        # Visitors who say they come from a facility (its tax code): the demo enterprise's, the other district's
        # enterprise's, and a code no facility has (the event's officers settle that one).
        event = Event.objects.unscoped("test data").order_by("pk").first()
        assert event is not None
        for n, (name, code) in enumerate((("Nguyễn Văn Khai", users["doanhnghiep"].facilities.get().tax_code),
                                          ("Trần Thị Khách", outside.tax_code), ("Lê Văn Lạ", "0100109106"))):
            register(acting_user=users["admin"], event_id=event.pk, walk_in=True, over_capacity=True,
                     participant=Participant(full_name=name, organisation_name=f"Cơ sở {n}", tax_code=code,
                                             audience=Audience.TECHNICAL, phone=f"091234567{n}",
                                             email=f"khach{n}@example.com"))
        tokens = {name: issue_token(acting_user=user)[0] for name, user in users.items()}
        yield {"users": users, "tokens": tokens}
        transaction.set_rollback(True)


def page_client(world: dict[str, Any], username: str) -> Client:
    client = Client()
    client.force_login(world["users"][username])
    return client


def api_client(world: dict[str, Any], username: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {world['tokens'][username]}"})


def page_url(listing: t.Listing) -> str:
    return reverse(listing.page)


def page_ids(client: Client, listing: t.Listing, params: dict[str, Any], url: str = "") -> list[int]:
    """Every row of the page (``url``, the listing's own by default), following its pages (100 rows each)."""
    ids: list[int] = []
    number = 1
    while True:
        response = client.get(url or page_url(listing), {**params, "per_page": 100, "page": number})
        assert response.status_code == 200, (listing.name, params, response.status_code)
        ids += [int(pk) for pk in ROW.findall(response.content.decode())]
        if response.context["page"].has_next():
            number += 1
            continue
        return ids


def api_rows(client: Client, listing: t.Listing, params: dict[str, Any]) -> dict[str, Any]:
    """Every row of ``/api/lists/<name>``, following its pages (500 rows each)."""
    body: dict[str, Any] = {}
    while True:
        response = client.get(f"/api/lists/{listing.name}", {**params, "limit": 500,
                                                             "offset": len(body.get("items", []))})
        assert response.status_code == 200, (listing.name, params, response.content[:300])
        page = response.json()
        body = {**page, "items": body.get("items", []) + page["items"]}
        if len(body["items"]) >= page["count"] or not page["items"]:
            assert len(body["items"]) == page["count"], (listing.name, params)
            return body


def app_api_path(listing: t.Listing) -> str:
    schema = Client().get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        if operations.get("get", {}).get("operationId") == f"list_{listing.name}":
            return str(path)
    return ""


def app_api_ids(client: Client, path: str, params: dict[str, Any]) -> list[int]:
    """Every row of the app's own list endpoint, following its pages."""
    ids: list[int] = []
    while True:
        response = client.get(path, {**params, "limit": 500, "offset": len(ids)})
        assert response.status_code == 200, (path, params, response.content[:300])
        body = response.json()
        ids += [item["id"] for item in body["items"]]
        if len(ids) >= body["count"] or not body["items"]:
            return ids


def _norm(value: Any, kind: str) -> Any:
    """A cell as the export and the API both give it (JSON has text for dates and decimals)."""
    if value in (None, ""):
        return ""
    if isinstance(value, str) and value.startswith("\t"):
        value = value[1:]
    if kind in ("date", "datetime") or isinstance(value, date | datetime):
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) and (
            value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return round(float(value), 6)
    if kind in ("int", "number", "money", "share"):
        return round(float(value), 6)
    return str(value)


def export_rows(client: Client, listing: t.Listing, params: dict[str, Any], kinds: list[str]) -> list[list[Any]]:
    response = client.get(reverse(listing.export, args=["xlsx"]), params)
    assert response.status_code == 200, (listing.name, params)
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    padded = [list(row) + [None] * (len(kinds) - len(row)) for row in rows[1:]]  # trailing empty cells are not read
    return [[_norm(v, k) for v, k in zip(row, kinds, strict=False)] for row in padded]


def api_cells(body: dict[str, Any]) -> list[list[Any]]:
    kinds = [c["kind"] for c in body["columns"]]
    names = [c["name"] for c in body["columns"]]
    return [[_norm(item["cells"][n], k) for n, k in zip(names, kinds, strict=True)] for item in body["items"]]


def same_rows(world: dict[str, Any], listing: t.Listing, username: str, params: dict[str, Any]) -> list[int]:
    """The page, both APIs and the export agree on ``params``; returns the rows (ids, in order)."""
    body = api_rows(api_client(world, username), listing, params)
    ids = [item["id"] for item in body["items"]]
    assert page_ids(page_client(world, username), listing, params) == ids, (listing.name, username, params)
    path = app_api_path(listing)
    if path:
        assert app_api_ids(api_client(world, username), path, params) == ids, (listing.name, username, params)
    if listing.export:
        kinds = [c["kind"] for c in body["columns"]]
        assert export_rows(page_client(world, username), listing, params, kinds) == api_cells(body), (
            listing.name, username, params)
    return ids


def managed_by(manager: Any) -> set[int]:
    """The users ``manager`` manages, by the documented rule (docs/architecture.md, "User management") checked in
    Python user by user: a role he may grant (the administrator any but his own; the Department its level and
    below; a district officer his level and below), no staff or superuser, not himself; a unit-scoped user whose
    unit is in his subtree, a facility-scoped user with facilities, all of them in it."""
    grants = {Role.DOIT: {Role.DOIT, Role.DISTRICT, Role.WARD, Role.CONSULTANT, Role.ENTERPRISE},
              Role.DISTRICT: {Role.DISTRICT, Role.WARD, Role.CONSULTANT, Role.ENTERPRISE}}
    admin = manager.role == Role.ADMIN or manager.is_superuser
    roles = set(Role.values) - {Role.ADMIN} if admin else grants.get(manager.role, set())
    path = manager.scope_path
    if not admin and not path:
        return set()
    ids = set()
    for other in User.objects.select_related("unit").prefetch_related("facilities__ward"):
        if other.pk == manager.pk or other.is_staff or other.is_superuser or other.role not in roles:
            continue
        if other.role in UNIT_SCOPED:
            inside = admin or (other.unit is not None and other.unit.path.startswith(path))
        else:
            wards = [f.ward.path for f in other.facilities.all()]
            inside = admin or (bool(wards) and all(ward.startswith(path) for ward in wards))
        if inside:
            ids.add(other.pk)
    return ids


def claims_of(user: Any) -> set[int]:
    """The registrations claiming a facility (its tax code) that ``user`` settles: an officer's or the
    administrator's, those of the events he manages (as for registrations); an enterprise's, those naming one of
    its facilities' tax codes; nobody else's."""
    from sxsh.events.models import OFFICERS, Event, Registration

    waiting = Registration.objects.exclude(claimed_tax_code="")
    if user.role == Role.ADMIN or user.role in OFFICERS:
        managed = extra_rows("events", user) | set(Event.objects.restrict(user, "view").values_list("pk", flat=True))
        return {pk for pk, event in waiting.values_list("pk", "event_id") if event in managed}
    if user.role == Role.ENTERPRISE:
        codes = {facility.tax_code for facility in user.facilities.all()}
        return {pk for pk, code in waiting.values_list("pk", "claimed_tax_code") if code in codes}
    return set()


#: Listings whose rows are not those of a model's ``restrict``: each its own rule, checked in Python.
ORACLES = {"users": managed_by, "claims": claims_of}


def scoped(listing: t.Listing, user: Any) -> set[int]:
    if listing.name in ORACLES:
        return ORACLES[listing.name](user)
    manager: Any = listing.model._default_manager
    owner = listing.extra.get("owned_by")
    if owner:  # a kind of personal records (background tasks): one's own, the administrator's everyone's
        rows = manager.all() if user.role == Role.ADMIN else manager.filter(**{owner: user})
    elif listing.extra.get("public"):  # a public list (the portal's news and library): the model's public scope
        rows = manager.public()
    else:
        rows = manager.restrict(user, "view")
    # A list that always applies one filter value unless asked for another (indicator values: as reported).
    rows = rows.filter(**listing.extra.get("defaults", {}))
    return set(rows.values_list("pk", flat=True)) | extra_rows(listing.name, user)


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_scope_page_api_export_and_detail(world: dict[str, Any], db: Any, name: str) -> None:
    listing = LISTINGS[name]
    seen: dict[str, set[int]] = {}
    for username in USERNAMES:
        user = world["users"][username]
        if not listing.rows(user).exists() and not scoped(listing, user):
            continue
        ids = same_rows(world, listing, username, {})
        assert len(ids) == len(set(ids))
        assert set(ids) == scoped(listing, user), (name, username)
        seen[username] = set(ids)
    everything = seen.get("admin", set())
    assert everything, f"{name}: the demo has no row to list"
    if listing.detail is not None:
        for username, ids in seen.items():
            client = page_client(world, username) if not listing.detail(listing.model(pk=1)).startswith("/api/") \
                else api_client(world, username)
            inside, outside = sorted(ids)[:1], sorted(everything - ids)[:1]
            for pk in inside:
                assert client.get(listing.detail(listing.model(pk=pk))).status_code == 200, (name, username, pk)
            for pk in outside:
                assert client.get(listing.detail(listing.model(pk=pk))).status_code == 404, (name, username, pk)
    # The matrix bites: someone who may see the kind sees less than the administrator.
    assert any(ids < everything for ids in seen.values()) or listing.extra.get("same_for_all"), name


def filter_values(listing: t.Listing, world: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """For every filter, one value taken from the data: a choice the rows have, a search word of a row."""
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world["users"]["admin"]
    filterset = listing.filterset(None, queryset=listing.rows(request.user), request=request)
    rows = list(filterset.qs.order_by("pk")[:50])
    for fname, field in filterset.form.fields.items():
        if isinstance(filterset.filters[fname], t.SearchFilter):
            word = next((w for r in rows for w in str(r).split() if len(w) > 3), "")
            yield fname, word
        elif hasattr(field, "choices"):
            values = [str(v) for v, _ in field.choices if str(v) != ""][:3]
            for value in values:
                yield fname, value
        elif isinstance(filterset.filters[fname], t.django_filters.DateFilter):
            yield fname, date.today().isoformat()


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_every_filter_gives_the_same_rows_everywhere(world: dict[str, Any], db: Any, name: str) -> None:
    listing = LISTINGS[name]
    narrowed = 0
    total = len(api_rows(api_client(world, "admin"), listing, {})["items"])
    for fname, value in filter_values(listing, world):
        ids = same_rows(world, listing, "admin", {fname: value})
        narrowed += len(ids) < total
    assert narrowed or not listing.filterset.base_filters, f"{name}: no filter narrowed the rows"
    bad = api_client(world, "admin").get(f"/api/lists/{name}", {"sort": "no_such_column"})
    assert bad.status_code == 200  # an unknown sort key is no sort


RELATED = sorted((name, fname) for name, listing in LISTINGS.items()
                 for fname, f in listing.filterset.base_filters.items()
                 if isinstance(f, t.django_filters.ModelChoiceFilter))


@pytest.mark.parametrize(("name", "fname"), RELATED)
def test_filtering_by_a_row_out_of_scope_answers_404(world: dict[str, Any], db: Any, name: str, fname: str) -> None:
    """The API list filtered by a row the caller may not see (or by none) answers 404, never an empty 200."""
    from django.test import RequestFactory

    listing = LISTINGS[name]

    def choices(username: str) -> set[int]:
        request = RequestFactory().get("/")
        request.user = world["users"][username]
        field = listing.filterset(None, queryset=listing.rows(request.user), request=request).form.fields[fname]
        return {int(v.value) if hasattr(v, "value") else int(v) for v, _ in field.choices if str(v)}

    every = choices("admin")
    # The other district's officer, else the first account whose choices are fewer than the administrator's;
    # a filter over reference data (sectors) offers everyone the same rows: only an unknown id is refused.
    username, outside = next(((u, sorted(every - choices(u))) for u in ("other_district", *USERNAMES[1:])
                              if listing.rows(world["users"][u]).exists() and every - choices(u)),
                             ("other_district", []))
    client = api_client(world, username)
    if outside:
        assert client.get(f"/api/lists/{name}", {fname: outside[0]}).status_code == 404, fname
    else:
        assert all(choices(u) == every for u in USERNAMES if listing.rows(world["users"][u]).exists()), fname
    assert client.get(f"/api/lists/{name}", {fname: 10**12}).status_code == 404, fname
    inside = sorted(choices(username))[:1]
    for pk in inside:
        assert client.get(f"/api/lists/{name}", {fname: pk}).status_code == 200


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_sorting_and_pagination(world: dict[str, Any], db: Any, name: str) -> None:
    listing = LISTINGS[name]
    api, page = api_client(world, "admin"), page_client(world, "admin")
    table = listing.table([])
    for column in table.columns:
        if not column.orderable:
            continue
        up = api_rows(api, listing, {"sort": column.name})
        down = api_rows(api, listing, {"sort": "-" + column.name})
        index = [c["name"] for c in up["columns"]].index(column.name)
        values_up = [row[index] for row in api_cells(up)]
        values_down = [row[index] for row in api_cells(down)]
        assert values_up == values_down[::-1], (name, column.name)
        if up["columns"][index]["kind"] in ("int", "number", "money", "share", "date", "datetime"):
            present = [v for v in values_up if v != ""]
            assert present == sorted(present), (name, column.name)
        assert page_ids(page, listing, {"sort": column.name}) == [i["id"] for i in up["items"]], (name, column.name)
    every = [i["id"] for i in api_rows(api, listing, {})["items"]]
    seen: list[int] = []
    number = 1
    while True:
        response = page.get(page_url(listing), {"per_page": 10, "page": number})
        rows = [int(pk) for pk in ROW.findall(response.content.decode())]
        assert len(rows) <= 10
        seen += rows
        if not response.context["page"].has_next():
            break
        assert f'aria-current="page">{number}<' in response.content.decode()
        number += 1
    assert seen == every, name
    assert page.get(page_url(listing), {"page": "9999"}).status_code == 200  # past the end: the last page


def named_kinds(name: str) -> int:
    """The audit log names the objects its changes point to with one query per kind of object (not per row):
    more rows may name more kinds, never more than there are models that foreign keys point to."""
    if name != "audit":
        return 0
    from django.apps import apps

    return len({f.related_model for m in apps.get_models() for f in m._meta.get_fields()
                if f.is_relation and f.concrete and f.related_model is not None})


def _queries(client: Client, url: str, params: dict[str, Any]) -> int:
    client.get(url, params)  # warm the caches (site settings, menu counts) so that only the listing is compared
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


PARENTS = sorted(name for name, listing in LISTINGS.items() if listing.parent)


@pytest.mark.parametrize("name", PARENTS)
def test_a_parents_page_lists_its_rows_and_exports_them(world: dict[str, Any], db: Any, name: str) -> None:
    """On a parent's page (an event's registrations, a plan's activities): the rows of the listing filtered by
    that parent, in the same order as the API; its filter is not in the bar; its export link gives the same
    rows; a parent the user may not open answers 404."""
    listing = LISTINGS[name]
    parent = listing.parent
    assert parent is not None
    everything = set(parent.rows(world["users"]["admin"]).values_list("pk", flat=True))
    checked = 0
    for username in USERNAMES:
        user = world["users"][username]
        mine = sorted(parent.rows(user).values_list("pk", flat=True))
        client = page_client(world, username)
        for pk in mine[:3]:
            url = reverse(parent.page, args=[pk])
            ids = page_ids(client, listing, {}, url)
            api = [item["id"] for item in api_rows(api_client(world, username), listing, {parent.filter: pk})["items"]]
            assert ids == api, (name, username, pk)
            html = client.get(url).content.decode()
            assert f'id="f-{parent.filter}"' not in html, (name, "the fixed filter is in the bar")
            if listing.export:
                link = re.search(r'href="([^"]+)">Xuất CSV<', html)
                assert link is not None, name
                exported = list(csv.reader(io.StringIO(client.get(link.group(1).replace("&amp;", "&")).content
                                                       .decode("utf-8-sig"))))
                assert len(exported) - 1 == len(ids), (name, username, pk)
            checked += bool(ids)
        for pk in sorted(everything - set(mine))[:1]:
            assert client.get(reverse(parent.page, args=[pk])).status_code == 404, (name, username, pk)
    assert checked, f"{name}: no parent's page had rows"


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_query_count_does_not_grow_with_the_rows(world: dict[str, Any], db: Any, name: str) -> None:
    listing = LISTINGS[name]
    page, api = page_client(world, "admin"), api_client(world, "admin")
    count = len(api_rows(api, listing, {})["items"])
    assert count >= 2, f"{name}: too few rows to measure"
    few = _queries(page, page_url(listing), {"per_page": 10})
    many = _queries(page, page_url(listing), {"per_page": 100})
    assert many <= few + named_kinds(name) or count <= 10, (name, few, many)
    one = _queries(api, f"/api/lists/{name}", {"limit": 1})
    every = _queries(api, f"/api/lists/{name}", {"limit": 500})
    assert one <= every <= one + named_kinds(name), (name, one, every)
    path = app_api_path(listing)
    if path:
        assert _queries(api, path, {"limit": 1}) == _queries(api, path, {"limit": 500}), (name, path)
    if listing.export:
        url = reverse(listing.export, args=["csv"])
        filtered = _queries(page, url, {"per_page": 10, "sort": "-pk"})
        assert filtered <= few + 2 + named_kinds(name), (name, filtered, few)
    print(f"queries {name}: page {few}/{many} (10/100 rows), API {one}/{every} (1/{count} rows)")


def test_a_column_added_to_a_declaration_shows_on_the_page_in_the_api_and_in_the_export(
        world: dict[str, Any], db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The units listing shows every column: one more in its Table is on the page, in the API and the export."""
    listing = LISTINGS["units"]
    added = t.Column("Đường dẫn (cột thử)", accessor="path", kind="code")
    monkeypatch.setitem(listing.table.base_columns, "probe", added)
    client = page_client(world, "admin")
    unit = listing.rows(world["users"]["admin"]).order_by("path").first()
    assert unit is not None
    html = client.get(page_url(listing)).content.decode()
    assert "Đường dẫn (cột thử)" in html and f"<td>{unit.path}</td>" in html
    body = api_rows(api_client(world, "admin"), listing, {})
    assert "probe" in [c["name"] for c in body["columns"]]
    assert body["items"][0]["cells"]["probe"] == unit.path
    csv_body = client.get(reverse(listing.export, args=["csv"])).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(csv_body)))
    assert lines[0][-1] == "Đường dẫn (cột thử)" and lines[1][-1] == "\t" + unit.path


def test_the_listings_cover_the_kinds() -> None:
    assert {"facilities", "units", "organisations"} <= set(LISTINGS)
    for listing in LISTINGS.values():
        assert listing.ordering and listing.filename and listing.page
        assert isinstance(listing.rows, object) and not isinstance(listing.rows, QuerySet)
