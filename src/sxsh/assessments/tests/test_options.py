from datetime import date
from decimal import Decimal
from typing import Any

import numpy_financial as npf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sxsh.assessments import analysis, services
from sxsh.assessments.models import EmissionFactor, Option, OptionStatus, Screening
from sxsh.core.models import AuditLog
from sxsh.directory.models import CPStatus

pytestmark = pytest.mark.django_db


def test_option_figures_match_numpy_financial(option: Option) -> None:
    figures = analysis.option_figures(option)
    flows = [-350_000_000] + [100_000_000] * 10
    assert figures.npv == pytest.approx(npf.npv(0.10, flows))
    assert figures.irr == pytest.approx(npf.irr(flows))
    assert figures.simple_payback == pytest.approx(3.5)
    assert figures.discounted_payback is not None and figures.discounted_payback > 3.5
    # 40,000 kWh in 2019 (the assessment's year) at 0.8458 tCO2/MWh
    assert figures.tco2e == pytest.approx(33.832)


def test_grid_factor_comes_from_the_database_table(option: Option) -> None:
    EmissionFactor.objects.filter(kind="grid", year=2019).update(value=Decimal("0.5"))
    assert analysis.option_figures(option).tco2e == pytest.approx(20.0)
    EmissionFactor.objects.filter(kind="grid", year=2019).delete()
    figures = analysis.option_figures(option)
    assert figures.tco2e is None
    assert "2019" in figures.tco2e_note


def test_figure_from_an_estimated_factor_says_so(option: Option) -> None:
    assert analysis.option_figures(option).tco2e_estimate == ""  # 2019: official
    option.implemented_date = date(2024, 5, 1)  # 2024: the research group's estimate, seeded as such
    figures = analysis.option_figures(option)
    assert figures.tco2e == pytest.approx(40_000 / 1000 * 0.6811)
    assert "2024" in figures.tco2e_estimate and "ước tính" in figures.tco2e_estimate
    EmissionFactor.objects.filter(kind="grid", year=2024).update(status="official")  # confirmed in the admin
    assert analysis.option_figures(option).tco2e_estimate == ""


def test_rejected_option_needs_a_reason(users: dict[str, Any], assessment: Any) -> None:
    with pytest.raises(ValidationError):
        services.save_part(acting_user=users["consultant"], assessment=assessment, obj=Option(), data={
            "title": "Pha loãng nước thải", "category": "GH", "screening": Screening.REJECTED})
    assert not Option.objects.filter(title="Pha loãng nước thải").exists()


def test_implementing_moves_cp_status_and_is_audited(users: dict[str, Any], facility: Any, option: Option) -> None:
    assert facility.cp_status == CPStatus.UNAWARE
    services.implement_option(acting_user=users["consultant"], option=option, implemented_date=date(2020, 3, 2),
                              actual_investment=Decimal(340_000_000))
    option.refresh_from_db()
    facility.refresh_from_db()
    assert option.status == OptionStatus.IMPLEMENTED
    assert option.actual_investment == Decimal(340_000_000)
    assert facility.cp_status == CPStatus.APPLYING
    change = facility.status_history.get(status=CPStatus.APPLYING)
    assert change.effective_date == date(2020, 3, 2)
    implemented = AuditLog.objects.get(action="assessments.option.implemented")
    assert implemented.before["status"] == "planned" and implemented.after["status"] == "implemented"
    status_log = AuditLog.objects.get(action="directory.facility.cp_status")
    assert status_log.request_id == implemented.request_id
    assert status_log.after["cp_status"] == CPStatus.APPLYING


def test_implement_through_the_page(users: dict[str, Any], client_for: Any, facility: Any, option: Option) -> None:
    client = client_for(users["consultant"])
    url = reverse("assessments:option_detail", args=[option.pk])
    bad = client.post(url, {"implemented_date": "", "actual_investment": "-5"})
    assert bad.status_code == 200
    assert "has-error" in bad.content.decode()
    option.refresh_from_db()
    assert option.status == OptionStatus.PLANNED
    response = client.post(url, {"implemented_date": "2020-04-01", "actual_investment": "360000000"})
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.cp_status == CPStatus.APPLYING
    # the enterprise may read the option but not implement it
    assert client_for(users["enterprise"]).post(url, {"implemented_date": "2020-04-01"}).status_code == 404


def test_option_form_page_shows_computed_figures(users: dict[str, Any], client_for: Any, assessment: Any) -> None:
    client = client_for(users["consultant"])
    url = reverse("assessments:part_create", args=[assessment.pk, "giai-phap"])
    data = {"title": "Bảo ôn đường ống hơi", "category": "EM", "screening": "direct", "investment": "120000000",
            "saving_vnd": "60000000", "opex_change": "0", "lifetime_years": "5", "discount_rate": "10",
            "saving_kwh": "0", "fuel": "anthracite", "saving_fuel_t": "-3", "saving_water_m3": "0",
            "saving_material_t": "0", "cod_reduction_kg": "0", "bod_reduction_kg": "0", "tss_reduction_kg": "0"}
    bad = client.post(url, data)
    assert bad.status_code == 200 and "Bảo ôn đường ống hơi" in bad.content.decode()
    data["saving_fuel_t"] = "20"
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).content.decode()
    npv = npf.npv(0.10, [-120_000_000] + [60_000_000] * 5)
    assert f"{round(npv):,}".replace(",", ".") + " ₫" in page
    assert "2,00" in page  # simple payback 120/60
    assert AuditLog.objects.filter(action="assessments.option.created").exists()


def test_ranking_by_npv_skips_rejected(users: dict[str, Any], assessment: Any, option: Option) -> None:
    better = services.save_part(acting_user=users["consultant"], assessment=assessment, obj=Option(), data={
        "title": "Quản lý nội vi", "category": "GH", "investment": Decimal(10_000_000),
        "saving_vnd": Decimal(200_000_000), "lifetime_years": 5})
    services.save_part(acting_user=users["consultant"], assessment=assessment, obj=Option(), data={
        "title": "Loại", "category": "GH", "screening": Screening.REJECTED, "rejection_reason": "Không phải SXSH",
        "saving_vnd": Decimal(900_000_000)})
    ranks = {o.title: f.rank for o, f in analysis.ranked_options(assessment.options.all())}
    assert ranks == {better.title: 1, option.title: 2, "Loại": None}


def test_emission_factor_edited_in_admin_is_audited_and_used(users: dict[str, Any], client_for: Any,
                                                             option: Option) -> None:
    factor = EmissionFactor.objects.get(kind="grid", year=2019)
    client = client_for(users["admin"])
    url = reverse("admin:assessments_emissionfactor_change", args=[factor.pk])
    response = client.post(url, {"kind": "grid", "year": "2019", "fuel": "", "value": "0.9000",
                                 "ncv_tj_per_gg": "", "status": "estimate", "source": "Sửa thử"})
    assert response.status_code == 302
    log = AuditLog.objects.get(action="assessments.emissionfactor.changed.admin")
    assert log.before["value"] == "0.8458" and log.after["value"] == "0.9000"
    assert log.before["status"] == "official" and log.after["status"] == "estimate"
    figures = analysis.option_figures(option)
    assert figures.tco2e == pytest.approx(36.0)
    assert "2019" in figures.tco2e_estimate


def test_option_preview_computes_without_saving(users: dict[str, Any], client_for: Any, assessment: Any) -> None:
    client = client_for(users["consultant"])
    url = reverse("assessments:option_preview", args=[assessment.pk])
    data = {"title": "Thử", "category": "GH", "screening": "direct", "investment": "100", "saving_vnd": "50",
            "opex_change": "0", "lifetime_years": "5", "discount_rate": "0", "saving_kwh": "0", "saving_fuel_t": "0",
            "saving_water_m3": "0", "saving_material_t": "0", "cod_reduction_kg": "0", "bod_reduction_kg": "0",
            "tss_reduction_kg": "0"}
    page = client.post(url, data).content.decode()
    assert "150 ₫" in page  # NPV at 0 %: -100 + 5 × 50
    assert "2,00" in page
    assert not Option.objects.exists()
    assert "Nhập vốn đầu tư" in client.post(url, {"title": ""}).content.decode()
    assert client_for(users["enterprise"]).post(url, data).status_code == 404


def test_public_home_shows_results_without_names(client: Any, users: dict[str, Any], option: Option) -> None:
    services.implement_option(acting_user=users["consultant"], option=option, implemented_date=date(2019, 5, 1),
                              actual_investment=None)
    page = client.get("/").content.decode()
    assert "giải pháp đã thực hiện" in page
    assert "100.000.000 ₫" in page
    assert "33,8" in page  # 40,000 kWh × 0.8458
    assert option.title not in page and option.assessment.facility.name not in page
