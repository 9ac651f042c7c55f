from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sxsh.assessments import analysis, services
from sxsh.assessments.models import AssessmentTask, Flow, ProcessStep, WasteStreamCost

pytestmark = pytest.mark.django_db


def _flow(user: Any, assessment: Any, step: ProcessStep, direction: str, kind: str, qty: str, unit: str) -> Flow:
    return services.save_part(acting_user=user, assessment=assessment, obj=Flow(), data={  # type: ignore[no-any-return]
        "process_step": step, "direction": direction, "kind": kind, "name": f"{kind} {qty}",
        "quantity": Decimal(qty), "unit": unit})


def test_assessment_has_18_tasks_in_6_steps(assessment: Any) -> None:
    tasks = list(AssessmentTask.objects.filter(assessment=assessment))
    assert len(tasks) == 18
    assert sorted({t.step for t in tasks}) == [1, 2, 3, 4, 5, 6]


def test_balance_warning(users: dict[str, Any], client_for: Any, assessment: Any) -> None:
    user = users["consultant"]
    step = services.save_part(acting_user=user, assessment=assessment, obj=ProcessStep(), data={"name": "Nhuộm"})
    _flow(user, assessment, step, "input", "material", "10", "t")
    _flow(user, assessment, step, "input", "water", "5000", "L")  # 5 t
    _flow(user, assessment, step, "input", "energy", "900", "kWh")  # not in the mass balance
    _flow(user, assessment, step, "output", "product", "9500", "kg")
    _flow(user, assessment, step, "output", "waste", "5", "m3")
    result = analysis.balance(step)
    assert result.inputs_t == Decimal("15") and result.outputs_t == Decimal("14.5")
    assert result.is_balanced and not result.warning  # 3.3 % is within the 5 % tolerance
    _flow(user, assessment, step, "input", "chemical", "3", "t")
    result = analysis.balance(step)
    assert not result.is_balanced
    assert "19,4%" in result.warning or "19,4" in result.warning
    page = client_for(user).get(reverse("assessments:assessment_detail", args=[assessment.pk])).content.decode()
    assert "warning-box" in page and "Cân bằng vật chất lệch" in page


def test_unit_must_match_the_flow_kind(users: dict[str, Any], assessment: Any) -> None:
    user = users["consultant"]
    step = services.save_part(acting_user=user, assessment=assessment, obj=ProcessStep(), data={"name": "Sấy"})
    with pytest.raises(ValidationError) as info:
        _flow(user, assessment, step, "input", "energy", "10", "t")
    assert "unit" in info.value.message_dict
    with pytest.raises(ValidationError):
        _flow(user, assessment, step, "input", "water", "-1", "m3")
    assert not Flow.objects.exists()


def test_waste_stream_full_cost(users: dict[str, Any], assessment: Any) -> None:
    waste = services.save_part(acting_user=users["consultant"], assessment=assessment, obj=WasteStreamCost(), data={
        "name": "Vải vụn", "purchase_cost": Decimal(75), "handling_cost": Decimal(10), "treatment_cost": Decimal(10),
        "disposal_cost": Decimal(5)})
    assert waste.full_cost == Decimal(100)


def test_task_toggle_page(users: dict[str, Any], client_for: Any, assessment: Any) -> None:
    client = client_for(users["consultant"])
    client.post(reverse("assessments:task_toggle", args=[assessment.pk, 5]), {"done": "1"})
    task = AssessmentTask.objects.get(assessment=assessment, number=5)
    assert task.done and task.done_date is not None


def test_detail_page_query_budget(users: dict[str, Any], client_for: Any, assessment: Any, option: Any,
                                  django_assert_max_num_queries: Any) -> None:
    user = users["consultant"]
    for name in ("A", "B", "C"):
        step = services.save_part(acting_user=user, assessment=assessment, obj=ProcessStep(), data={"name": name})
        _flow(user, assessment, step, "input", "material", "1", "t")
        _flow(user, assessment, step, "output", "product", "1", "t")
    client = client_for(user)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("assessments:assessment_list")).status_code == 200


def test_assessment_without_a_consultant_renders(users: dict[str, Any], client_for: Any, facility: Any) -> None:
    """No consultant (or a deleted one) is "—" on the page and in the report, never a server error."""
    assessment = services.create_assessment(acting_user=users["admin"], facility=facility, data={
        "title": "Đánh giá nhanh", "kind": "rapid", "start_date": date(2019, 9, 1), "current_step": 1})
    assert assessment.consultant is None
    client = client_for(users["district"])
    page = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert page.status_code == 200 and "—" in page.content.decode()
    assert client.get(reverse("assessments:assessment_pdf", args=[assessment.pk])).status_code == 200
