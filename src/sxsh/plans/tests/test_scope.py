"""Who sees which plan, who edits, who reports; out of scope is 404."""

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from sxsh.core.models import AuditLog
from sxsh.core.roles import Role
from sxsh.directory.models import AdministrativeUnit
from sxsh.plans import selectors
from sxsh.plans.models import Activity, FundingSource, Plan, ProgressUpdate

pytestmark = pytest.mark.django_db


def visible(user: Any) -> set[str]:
    return set(Plan.objects.restrict(user).values_list("number", flat=True))


def test_scope_up_and_down(members: dict[str, Any], plan: Plan, other_plan: Plan, make_user: Any) -> None:
    assert visible(members["district"]) == {"154/KH-UBND"}
    assert visible(members["ward"]) == {"154/KH-UBND"}  # the district plan, seen from a ward
    assert visible(members["doit"]) == {"154/KH-UBND", "99/KH-UBND"}  # the city sees every district
    assert visible(members["admin"]) == {"154/KH-UBND", "99/KH-UBND"}
    assert visible(members["enterprise"]) == {"154/KH-UBND"}  # its facility is in Hàng Bạc
    assert visible(members["consultant"]) == {"154/KH-UBND"}
    phuc_xa = AdministrativeUnit.objects.get(code="phuc-xa")
    assert visible(make_user(Role.WARD, username="phucxa", unit=phuc_xa)) == {"99/KH-UBND"}
    assert visible(make_user(Role.ENTERPRISE, username="nofacility")) == set()


def test_ward_officer_of_another_district_gets_404(
    plan: Plan, activity: Activity, other_district: AdministrativeUnit, make_user: Any, client_for: Any,
) -> None:
    phuc_xa = AdministrativeUnit.objects.get(code="phuc-xa")
    client = client_for(make_user(Role.WARD, username="phucxa", unit=phuc_xa))
    for url in (reverse("plans:plan_detail", args=[plan.pk]), reverse("plans:plan_timeline", args=[plan.pk]),
                reverse("plans:activity_detail", args=[activity.pk]), reverse("plans:report", args=[plan.pk, "pdf"]),
                reverse("plans:update_create", args=[activity.pk])):
        assert client.get(url).status_code == 404, url


def test_only_plan_owners_edit(members: dict[str, Any], plan: Plan, workstream: Any, client_for: Any) -> None:
    url = reverse("plans:activity_create", args=[plan.pk])
    assert client_for(members["doit"]).get(url).status_code == 200  # the province's Department owns plans below it
    for role in ("ward", "enterprise", "consultant"):
        assert client_for(members[role]).get(url).status_code == 404, role
    source = FundingSource.objects.create(name="Ngân sách thành phố")
    response = client_for(members["district"]).post(url, {
        "workstream": workstream.pk, "order": 2, "title": "Hội thảo chuyên đề",
        "responsible": members["district"].organisation_id, "coordinating": [members["doit"].organisation_id],
        "start_date": "2019-09-01", "due_date": "2019-10-31", "budget": "80000000", "funding_source": source.pk,
        "programmes": ["energy_efficiency", "climate"], "weight": "1.5",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Activity.objects.get(title="Hội thảo chuyên đề")
    assert created.programmes == ["energy_efficiency", "climate"] and created.funding_source == source
    assert list(created.coordinating.all()) == [members["doit"].organisation]
    assert AuditLog.objects.filter(action="plans.activity.created", object_id=str(created.pk)).exists()


def test_district_officer_of_city_plan_cannot_edit_it(members: dict[str, Any], other_plan: Plan) -> None:
    # The Department writes the plans of its province; Hoàn Kiếm's officer does not even see Ba Đình's.
    assert selectors.can_edit_plan(members["doit"], other_plan)
    assert not Plan.objects.restrict(members["district"], "change").filter(pk=other_plan.pk).exists()


def test_member_of_coordinating_organisation_posts_update(
    members: dict[str, Any], activity: Activity, client_for: Any,
) -> None:
    client = client_for(members["ward"])  # UBND phường Hàng Bạc coordinates the activity
    url = reverse("plans:update_create", args=[activity.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reported_on": "2019-09-30", "percent_complete": "60", "status": "in_progress",
                                 "narrative": "Đã hoàn thành bản thảo."})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.percent_complete, activity.status) == (60, "in_progress")
    update = ProgressUpdate.objects.get()
    assert update.reported_by == members["ward"] and update.reporter_organisation == members["ward"].organisation
    assert AuditLog.objects.filter(action="plans.update.created").exists()


def test_non_members_cannot_post_updates(members: dict[str, Any], activity: Activity, client_for: Any) -> None:
    url = reverse("plans:update_create", args=[activity.pk])
    data = {"reported_on": "2019-09-30", "percent_complete": "60", "status": "in_progress"}
    for role in ("ward_dao", "enterprise"):  # Hàng Đào is not on this activity (the Department owns plans)
        client = client_for(members[role])
        assert client.get(reverse("plans:activity_detail", args=[activity.pk])).status_code == 200, role
        assert client.post(url, data).status_code == 403, role
    assert not ProgressUpdate.objects.exists()


def test_enterprise_is_read_only(members: dict[str, Any], plan: Plan, activity: Activity, client_for: Any) -> None:
    client = client_for(members["enterprise"])
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "Phát hành cẩm nang" in page
    assert reverse("plans:plan_edit", args=[plan.pk]) not in page
    detail = client.get(reverse("plans:activity_detail", args=[activity.pk])).content.decode()
    assert reverse("plans:update_create", args=[activity.pk]) not in detail
    assert client.get(reverse("plans:plan_edit", args=[plan.pk])).status_code == 404


def test_my_activities_lists_the_organisations_activities(
    members: dict[str, Any], activity: Activity, other_plan: Plan, client_for: Any,
) -> None:
    page = client_for(members["ward"]).get(reverse("plans:my_activities"), follow=True).content.decode()
    assert "Phát hành cẩm nang" in page and "Hoạt động Ba Đình" not in page
    page = client_for(members["ward_dao"]).get(reverse("plans:my_activities"), follow=True).content.decode()
    assert "Phát hành cẩm nang" not in page


def test_anonymous_is_sent_to_login(plan: Plan, client: Any) -> None:
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def _listed(client: Any, params: dict[str, str]) -> list[int]:
    """The activities the list page shows for ``params``."""
    return [int(pk) for pk in re.findall(r'<tr data-pk="(\d+)"', client.get(reverse("plans:activities"),
                                                                             params).content.decode())]


def test_derived_overdue_status(members: dict[str, Any], activity: Activity, client_for: Any) -> None:
    past = date(2019, 11, 15)
    activity.due_date = past
    activity.save()
    assert activity.is_overdue() and activity.display_status() == "overdue"
    assert activity.display_status(today=date(2019, 11, 1)) == "not_started"
    client = client_for(members["district"])
    assert _listed(client, {"status": "overdue"}) == [activity.pk] == _listed(client, {"overdue": "1"})
    assert activity.pk not in _listed(client, {"status": "not_started"})
    Activity.objects.filter(pk=activity.pk).update(status="done")
    activity.refresh_from_db()
    assert not activity.is_overdue()
    assert _listed(client, {"overdue": "1"}) == [] and _listed(client, {"status": "done"}) == [activity.pk]
