from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sxsh.assessments import selectors, services
from sxsh.assessments.models import Assessment
from sxsh.core.roles import Role

pytestmark = pytest.mark.django_db


def test_unassigned_consultant_gets_404(make_user: Any, client_for: Any, api_client_for: Any, other_facility: Any,
                                        assessment: Assessment, option: Any) -> None:
    stranger = make_user(Role.CONSULTANT, username="chuyengia2", with_facilities=[other_facility])
    client = client_for(stranger)
    assert client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("assessments:option_detail", args=[option.pk])).status_code == 404
    assert client.get(reverse("assessments:assessment_edit", args=[assessment.pk])).status_code == 404
    api = api_client_for(stranger)
    assert api.get(f"/api/assessments/assessments/{assessment.pk}").status_code == 404
    assert api.get(f"/api/assessments/options/{option.pk}").status_code == 404
    assert api.get("/api/assessments/assessments").json()["count"] == 0


def test_consultant_sees_but_cannot_edit_assessment_of_another_consultant(
        make_user: Any, client_for: Any, facility: Any, assessment: Assessment) -> None:
    colleague = make_user(Role.CONSULTANT, username="dongnghiep", with_facilities=[facility])
    client = client_for(colleague)
    page = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert page.status_code == 200
    assert reverse("assessments:assessment_edit", args=[assessment.pk]) not in page.content.decode()
    assert client.get(reverse("assessments:assessment_edit", args=[assessment.pk])).status_code == 404
    assert client.post(reverse("assessments:task_toggle", args=[assessment.pk, 1]), {"done": "1"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.set_task_done(acting_user=colleague, assessment=assessment, number=1, done=True)


def test_enterprise_of_another_facility_gets_404(make_user: Any, client_for: Any, other_facility: Any,
                                                 facility: Any, series: Any, assessment: Assessment) -> None:
    other = make_user(Role.ENTERPRISE, username="dn2", with_facilities=[other_facility])
    client = client_for(other)
    assert client.get(reverse("assessments:monitoring_detail", args=[facility.pk])).status_code == 404
    assert client.get(reverse("assessments:readings_import", args=[facility.pk])).status_code == 404
    assert client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).status_code == 404
    assert client_for(other).get(reverse("assessments:monitoring_detail", args=[other_facility.pk])).status_code == 200


def test_enterprise_reads_own_assessment_and_enters_monitoring(users: dict[str, Any], client_for: Any,
                                                               facility: Any, assessment: Assessment) -> None:
    client = client_for(users["enterprise"])
    assert client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).status_code == 200
    assert client.get(reverse("assessments:assessment_edit", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("assessments:series_create", args=[facility.pk])).status_code == 200


def test_officers_read_within_their_unit(users: dict[str, Any], make_user: Any, client_for: Any, hang_dao: Any,
                                         assessment: Assessment, facility: Any) -> None:
    url = reverse("assessments:assessment_detail", args=[assessment.pk])
    for role in ("ward", "district", "doit"):
        assert client_for(users[role]).get(url).status_code == 200
    other_ward = make_user(Role.WARD, username="phuong2", unit=hang_dao)
    assert client_for(other_ward).get(url).status_code == 404
    assert not selectors.can_edit(users["ward"], assessment)
    assert client_for(users["ward"]).get(reverse("assessments:series_create", args=[facility.pk])).status_code == 404
