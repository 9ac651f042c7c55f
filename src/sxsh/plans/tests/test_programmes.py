"""Programmes as they are issued: document type, signer, stages, range targets, budget by year and source."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from sxsh.core.models import AuditLog
from sxsh.plans import selectors
from sxsh.plans.models import Activity, BudgetLine, DocumentType, FundingSource, Plan, Stage, Target, Workstream

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(orgs: dict[str, Any]) -> Plan:
    """A 2013–2020 programme issued by decision, like a provincial CP programme."""
    return Plan.objects.create(
        document_type=DocumentType.DECISION, number="1234/QĐ-UBND", issuer=orgs["ubnd"],
        title="Chương trình sản xuất sạch hơn trong công nghiệp giai đoạn 2013–2020",
        issued_on=date(2013, 3, 1), period_start=date(2013, 3, 1), period_end=date(2020, 12, 31),
        signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", signer_name="Nguyễn Văn A",
    )


@pytest.fixture
def province_budget() -> FundingSource:
    return FundingSource.objects.create(name="Ngân sách tỉnh")


def test_stage_form_saves_and_shows_stages(members: Any, programme: Plan, client_for: Any) -> None:
    client = client_for(members["district"])
    url = reverse("plans:stage_create", args=[programme.pk])
    for name, start, end in (("Giai đoạn 1", "2013-03-01", "2015-12-31"), ("Giai đoạn 2", "2016-01-01", "2020-12-31")):
        response = client.post(url, {"order": 1, "name": name, "start_date": start, "end_date": end})
        assert response.status_code == 302, response.content.decode()[-2000:]
    page = client.get(reverse("plans:plan_detail", args=[programme.pk])).content.decode()
    assert "Quyết định số 1234/QĐ-UBND" in page
    assert "Giai đoạn 1</b>: 01/03/2013 – 31/12/2015" in page and "Giai đoạn 2</b>: 01/01/2016 – 31/12/2020" in page
    assert "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH Nguyễn Văn A" in page
    assert AuditLog.objects.filter(action="plans.stage.created").count() == 2


def test_stage_outside_the_programme_is_refused_with_the_input_kept(
    members: Any, programme: Plan, client_for: Any,
) -> None:
    client = client_for(members["district"])
    response = client.post(reverse("plans:stage_create", args=[programme.pk]),
                           {"order": 1, "name": "Giai đoạn 3", "start_date": "2021-01-01", "end_date": "2025-12-31"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Giai đoạn phải nằm trong thời gian thực hiện của kế hoạch (01/03/2013 – 31/12/2020)." in page
    assert 'value="Giai đoạn 3"' in page
    response = client.post(reverse("plans:stage_create", args=[programme.pk]),
                           {"order": 1, "name": "Ngược", "start_date": "2016-01-01", "end_date": "2015-01-01"})
    assert "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu." in response.content.decode()
    assert not Stage.objects.exists()


def test_range_target_is_saved_and_shown_as_a_range(members: Any, programme: Plan, client_for: Any) -> None:
    client = client_for(members["district"])
    url = reverse("plans:target_create", args=[programme.pk])
    data = {"name": "Mức tiết kiệm năng lượng", "unit_of_measure": "%", "target_value": "8", "target_high": "13",
            "year": 2020}
    assert client.post(url, data).status_code == 302
    target = Target.objects.get()
    assert (target.target_value, target.target_high) == (Decimal(8), Decimal(13))
    assert "8–13" in client.get(reverse("plans:plan_detail", args=[programme.pk])).content.decode()
    response = client.post(url, {**data, "target_value": "13", "target_high": "8"})
    assert "Cận trên phải lớn hơn hoặc bằng giá trị mục tiêu (cận dưới)." in response.content.decode()
    assert Target.objects.count() == 1


def test_range_target_reaches_the_indicator_targets(programme: Plan) -> None:
    from sxsh.indicators.catalogue import load_catalogue
    from sxsh.indicators.models import IndicatorTarget
    from sxsh.indicators.services import sync_plan_targets

    load_catalogue()
    programme.status = "in_force"
    programme.save()
    Target.objects.create(plan=programme, indicator_code="cp_applying_share", name="Tỷ lệ áp dụng", year=2020,
                          target_value=Decimal(8), target_high=Decimal(13))
    sync_plan_targets()
    target = IndicatorTarget.objects.get(external_ref__startswith="plans.target:")
    assert (target.value, target.value_high) == (Decimal(8), Decimal(13))


def test_budget_by_year_and_source(members: Any, programme: Plan, province_budget: FundingSource,
                                   client_for: Any) -> None:
    promotion = FundingSource.objects.create(name="Kinh phí khuyến công")
    client = client_for(members["district"])
    url = reverse("plans:budget_create", args=[programme.pk])
    for year, source, amount in ((2014, province_budget, 500_000_000), (2014, promotion, 200_000_000),
                                 (2015, province_budget, 700_000_000)):
        response = client.post(url, {"year": year, "source": source.pk, "amount": amount})
        assert response.status_code == 302, response.content.decode()[-2000:]
    table = selectors.plan_overview(members["district"], programme).budget_table
    assert table.years == [2014, 2015] and [s.name for s in table.sources] == ["Kinh phí khuyến công", "Ngân sách tỉnh"]
    assert [total for _y, _cells, total in table.rows] == [Decimal(700_000_000), Decimal(700_000_000)]
    assert table.source_totals == [Decimal(200_000_000), Decimal(1_200_000_000)] and table.total == 1_400_000_000
    page = client.get(reverse("plans:plan_detail", args=[programme.pk])).content.decode()
    assert "1.400.000.000 ₫" in page and "Ngân sách tỉnh" in page
    # the same source twice in a year, or a year outside the programme: a message, nothing saved
    page = client.post(url, {"year": 2014, "source": province_budget.pk, "amount": 1}).content.decode()
    assert "Kế hoạch đã có kinh phí của nguồn này cho năm 2014: hãy sửa dòng đó." in page
    page = client.post(url, {"year": 2021, "source": province_budget.pk, "amount": 1}).content.decode()
    assert "Năm phải nằm trong thời gian thực hiện của kế hoạch (2013–2020)." in page
    assert BudgetLine.objects.count() == 3


def test_activity_without_budget_reads_not_yet_given(members: Any, programme: Plan, orgs: Any,
                                                     client_for: Any) -> None:
    ws = Workstream.objects.create(plan=programme, order=1, title="Truyền thông")
    activity = Activity.objects.create(workstream=ws, title="Tuyên truyền", responsible=orgs["econ"],
                                       start_date=date(2014, 1, 1), due_date=date(2014, 12, 31))
    client = client_for(members["district"])
    detail = client.get(reverse("plans:activity_detail", args=[activity.pk])).content.decode()
    assert "<dt>Kinh phí</dt><dd>chưa có</dd>" in detail
    overview = client.get(reverse("plans:plan_detail", args=[programme.pk])).content.decode()
    assert "kinh phí chưa có" in overview and "kinh phí 0 ₫" not in overview


def test_long_programme_timeline_labels_years_not_88_months(members: Any, programme: Plan, client_for: Any) -> None:
    Stage.objects.create(plan=programme, order=1, name="Giai đoạn 1", start_date=date(2013, 3, 1),
                         end_date=date(2015, 12, 31))
    ticks = selectors.axis_ticks(programme.period_start, programme.period_end)
    assert [label for _day, label in ticks] == [str(y) for y in range(2013, 2021)]
    page = client_for(members["district"]).get(reverse("plans:plan_timeline", args=[programme.pk])).content.decode()
    assert page.count('class="month"') == 8 and "T1/2014" not in page
    assert 'class="stage-band"' in page and "Giai đoạn 1" in page


@pytest.mark.parametrize(("start", "end", "first", "count"), [
    (date(2019, 8, 8), date(2019, 12, 31), "T8/2019", 5),  # a 2019 plan: months, as before
    (date(2021, 1, 1), date(2023, 12, 31), "Quý I/2021", 12),  # three years: quarters
    (date(1990, 1, 1), date(2089, 12, 31), "1990", 20),  # a century: every fifth year
])
def test_axis_labels_stay_few(start: date, end: date, first: str, count: int) -> None:
    ticks = selectors.axis_ticks(start, end)
    assert ticks[0][1] == first and len(ticks) == count <= selectors.MAX_TICKS
