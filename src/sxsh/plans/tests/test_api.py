"""API: read in scope, filters, update create with permission checks."""

from datetime import date
from typing import Any

import pytest

from sxsh.core.roles import Role
from sxsh.directory.models import AdministrativeUnit
from sxsh.plans.models import Activity, Plan, ProgressUpdate, Workstream

pytestmark = pytest.mark.django_db


def test_plans_list_and_detail_in_scope(members: dict[str, Any], plan: Plan, other_plan: Plan, activity: Activity,
                                        api_client_for: Any) -> None:
    client = api_client_for(members["ward"])
    body = client.get("/api/plans/plans").json()
    assert [p["number"] for p in body["items"]] == ["154/KH-UBND"]
    detail = client.get(f"/api/plans/plans/{plan.pk}").json()
    assert detail["workstreams"][0]["activity_ids"] == [activity.pk]
    assert detail["progress"] == 0.0
    assert client.get(f"/api/plans/plans/{other_plan.pk}").status_code == 404
    doit = api_client_for(members["doit"]).get("/api/plans/plans").json()
    assert {p["number"] for p in doit["items"]} == {"154/KH-UBND", "99/KH-UBND"}


def test_anonymous_gets_401(plan: Plan, client: Any) -> None:
    response = client.get("/api/plans/plans")
    assert response.status_code == 401 and "message" in response.json()


def test_activity_filters(members: dict[str, Any], plan: Plan, workstream: Workstream, activity: Activity,
                          orgs: Any, api_client_for: Any) -> None:
    late = Activity.objects.create(workstream=workstream, order=2, title="Trễ", responsible=orgs["doit"],
                                   start_date=date(2019, 1, 1), due_date=date(2019, 2, 1), status="in_progress")
    ws2 = Workstream.objects.create(plan=plan, order=2, title="Nhóm 2")
    done = Activity.objects.create(workstream=ws2, title="Xong", responsible=orgs["econ"], status="done",
                                   percent_complete=100, start_date=date(2019, 1, 1), due_date=date(2019, 2, 1))
    client = api_client_for(members["district"])

    def ids(**params: Any) -> list[int]:
        response = client.get("/api/plans/activities", params)
        assert response.status_code == 200, response.content
        return [a["id"] for a in response.json()["items"]]

    assert ids() == [activity.pk, late.pk, done.pk]
    assert ids(status="overdue") == [late.pk]
    assert ids(overdue="1") == [late.pk]
    assert ids(overdue="0") == [activity.pk, done.pk]
    assert ids(status="in_progress") == []  # the only in-progress one is overdue
    assert ids(status="done") == [done.pk]
    assert ids(workstream=ws2.pk) == [done.pk]
    assert ids(organisation=orgs["hang_bac"].pk) == [activity.pk]  # coordinating
    assert ids(organisation=orgs["doit"].pk) == [late.pk]  # responsible
    one = client.get(f"/api/plans/activities/{late.pk}").json()
    assert one["display_status"] == "overdue" and one["overdue"] is True and one["plan_id"] == plan.pk


def test_post_update_as_member(members: dict[str, Any], activity: Activity, api_client_for: Any) -> None:
    client = api_client_for(members["ward"])
    response = client.post(f"/api/plans/activities/{activity.pk}/updates", {
        "reported_on": "2019-10-01", "percent_complete": 45, "status": "in_progress",
        "narrative": "<img src=x onerror=alert(1)>", "links": [{"title": "Tin bài", "url": "https://example.org/a"}],
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["links"] == [{"title": "Tin bài", "url": "https://example.org/a"}]
    activity.refresh_from_db()
    assert activity.percent_complete == 45
    listed = client.get(f"/api/plans/activities/{activity.pk}/updates").json()
    assert listed["count"] == 1 and listed["items"][0]["narrative"] == "<img src=x onerror=alert(1)>"


def test_post_update_refused(members: dict[str, Any], activity: Activity, api_client_for: Any, make_user: Any,
                             other_district: AdministrativeUnit) -> None:
    url = f"/api/plans/activities/{activity.pk}/updates"
    good = {"reported_on": "2019-10-01", "percent_complete": 45, "status": "in_progress"}
    for role in ("enterprise", "ward_dao"):
        response = api_client_for(members[role]).post(url, good, content_type="application/json")
        assert response.status_code == 403, role
        assert response.json()["message"] == "Bạn không có quyền cập nhật tiến độ hoạt động này."
    outsider = make_user(Role.WARD, username="phucxa", unit=AdministrativeUnit.objects.get(code="phuc-xa"))
    assert api_client_for(outsider).post(url, good, content_type="application/json").status_code == 404
    bad = api_client_for(members["district"]).post(url, {**good, "percent_complete": 120},
                                                   content_type="application/json")
    assert bad.status_code == 422 and "percent_complete" in bad.json()["message"]
    bad_status = api_client_for(members["district"]).post(url, {**good, "status": "overdue"},
                                                          content_type="application/json")
    assert bad_status.status_code == 422
    assert not ProgressUpdate.objects.exists()
