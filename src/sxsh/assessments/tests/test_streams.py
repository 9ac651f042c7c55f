"""Measured savings replace estimated ones per resource stream; emission factors with a status; "no data"
instead of 0 for a missing factor; the monitoring XLSX export. Expected figures come from independent
references: the readings read back with plain SQL and the baseline refitted with statsmodels."""

import io
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import openpyxl
import pytest
import statsmodels.api as sm
from django.conf import settings
from django.db import connection
from django.urls import reverse

from sxsh.assessments import selectors, services
from sxsh.assessments.models import EmissionFactor, MVAnalysis, Option, OptionCategory, Reading
from sxsh.indicators import services as indicator_services
from sxsh.indicators.models import IndicatorValue

from .conftest import load_mv_case

pytestmark = pytest.mark.django_db

ANTHRACITE_T_PER_T = 98_300 * 26.7 / 1_000_000  # IPCC: kg CO2/TJ × TJ/Gg / 10⁶
GRID_2019 = 0.8458


def _readings(series_id: int) -> dict[date, float]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT period, value FROM {Reading._meta.db_table} WHERE series_id = %s", [series_id])  # noqa: S608
        return {(p if isinstance(p, date) else date.fromisoformat(p)): float(v) for p, v in cursor.fetchall()}


def _saved_2019(item: MVAnalysis) -> float:
    """kWh saved in 2019 by a baseline refitted with statsmodels on the readings read back with SQL."""
    energy, production = _readings(item.target_id), _readings(item.drivers.get().pk)
    base = sorted(m for m in energy if m.year == 2018)
    report = sorted(m for m in energy if m.year == 2019)
    fit = sm.OLS([energy[m] for m in base], sm.add_constant([production[m] for m in base])).fit()
    predicted = fit.params[0] + fit.params[1] * np.array([production[m] for m in report])
    return float(predicted.sum() - sum(energy[m] for m in report))


@pytest.fixture
def metered(users: dict[str, Any], facility: Any, series: Any, assessment: Any) -> dict[str, Any]:
    """Electricity metered (a valid M&V analysis); two options implemented in 2019: LED lamps (electricity,
    so replaced by the measurement) and a boiler tune-up saving anthracite (not metered, so estimated)."""
    item, _expected = load_mv_case(facility, series)
    made = {}
    for title, data in {
        "led": {"category": OptionCategory.EM, "saving_kwh": Decimal(40_000), "saving_vnd": Decimal(70_000_000)},
        "boiler": {"category": OptionCategory.PC, "fuel": "anthracite", "saving_fuel_t": Decimal(10),
                   "saving_vnd": Decimal(25_000_000)},
    }.items():
        option = services.save_part(acting_user=users["consultant"], assessment=assessment, obj=Option(),
                                    data={"title": title, **data})
        services.implement_option(acting_user=users["consultant"], option=option, implemented_date=date(2019, 6, 1),
                                  actual_investment=None)
        made[title] = option
    return {"analysis": item, **made}


def _results_2019(user: Any) -> dict[str, Any]:
    found = selectors.facility_results(user, date_from=date(2019, 1, 1), date_to=date(2019, 12, 31))
    assert len(found) == 1
    return found[0]


def test_an_unmetered_fuel_stays_estimated_beside_metered_electricity(users: dict[str, Any],
                                                                      metered: dict[str, Any]) -> None:
    saved = _saved_2019(metered["analysis"])
    combined = _results_2019(users["district"])["combined"]
    assert combined["basis"] == {"electricity": "measured", "anthracite": "estimated"}
    assert combined["energy_kwh"] == pytest.approx(saved, rel=1e-6)  # the meter, not the LED estimate
    assert combined["fuel_t"] == {"anthracite": pytest.approx(10.0)}  # kept, although electricity is metered
    assert combined["tco2e"] == pytest.approx(saved / 1000 * GRID_2019 + 10 * ANTHRACITE_T_PER_T, rel=1e-6)
    # money: the metered kWh at the series' price, plus the boiler (none of its streams metered), not the LED
    assert combined["vnd"] == pytest.approx(saved * 1800 + 25_000_000, rel=1e-6)
    assert combined["tco2e_missing"] == [] and combined["tco2e_estimate"] == ""


def test_a_stream_is_measured_only_in_the_months_it_was_measured(users: dict[str, Any], facility: Any,
                                                                 series: Any, assessment: Any) -> None:
    load_mv_case(facility, series)  # electricity measured in 2019–2020
    option = services.save_part(acting_user=users["consultant"], assessment=assessment, obj=Option(), data={
        "title": "LED", "category": OptionCategory.EM, "saving_kwh": Decimal(40_000)})
    services.implement_option(acting_user=users["consultant"], option=option, implemented_date=date(2021, 3, 1),
                              actual_investment=None)
    found = selectors.facility_results(users["district"], date_from=date(2021, 1, 1), date_to=date(2021, 12, 31))
    combined = found[0]["combined"]
    assert combined["basis"] == {"electricity": "estimated"}  # no reading of 2021 was measured
    assert combined["energy_kwh"] == pytest.approx(40_000)


def test_indicators_count_per_stream(users: dict[str, Any], metered: dict[str, Any], hang_bac: Any) -> None:
    saved = _saved_2019(metered["analysis"])
    indicator_services.recompute(acting_user=None, years=[2019], codes=["money_saved", "tco2e_avoided"])
    values = {v.indicator.code: v for v in IndicatorValue.objects.filter(
        unit=hang_bac, sector=None, period_kind="year", year=2019).select_related("indicator")}
    assert float(values["tco2e_avoided"].value) == pytest.approx(
        saved / 1000 * GRID_2019 + 10 * ANTHRACITE_T_PER_T, rel=1e-5)
    assert float(values["money_saved"].value) == pytest.approx(saved * 1800 + 25_000_000, rel=1e-6)
    assert not values["tco2e_avoided"].is_estimate and values["tco2e_avoided"].note == ""


def test_missing_factor_is_no_data_with_its_reason_never_zero(users: dict[str, Any], metered: dict[str, Any],
                                                              hang_bac: Any, client_for: Any,
                                                              api_client_for: Any) -> None:
    EmissionFactor.objects.filter(kind="grid", year=2019).delete()
    combined = _results_2019(users["district"])["combined"]
    assert combined["tco2e"] is None
    assert any("2019" in reason for reason in combined["tco2e_missing"])
    indicator_services.recompute(acting_user=None, years=[2019], codes=["tco2e_avoided", "money_saved"])
    for unit_path in ("/ha-noi/hoan-kiem/hang-bac/", "/ha-noi/hoan-kiem/", "/ha-noi/"):
        value = IndicatorValue.objects.get(indicator__code="tco2e_avoided", unit__path=unit_path, sector=None,
                                           period_kind="year", year=2019, view="reported")
        assert value.value is None and "2019" in value.note, unit_path
    assert IndicatorValue.objects.get(indicator__code="money_saved", unit=hang_bac, sector=None,
                                      period_kind="year", year=2019, view="reported").value is not None  # money needs no factor
    page = client_for(users["district"]).get(reverse("indicators:dashboard") + f"?year=2019&unit={hang_bac.pk}")
    assert "Chưa có hệ số phát thải lưới điện năm 2019" in page.content.decode()
    api = api_client_for(users["district"]).get(
        f"/api/indicators/values?indicator=tco2e_avoided&year=2019&unit={hang_bac.pk}").json()
    items = [v for v in api["items"] if v["sector_code"] is None and v["period_kind"] == "year"]
    assert items and items[0]["value"] is None and "2019" in items[0]["note"]


def test_a_figure_on_an_estimated_factor_says_so(users: dict[str, Any], metered: dict[str, Any], hang_bac: Any,
                                                 client_for: Any, api_client_for: Any) -> None:
    EmissionFactor.objects.filter(kind="grid", year=2019).update(status="estimate")
    combined = _results_2019(users["district"])["combined"]
    assert "2019" in combined["tco2e_estimate"]
    indicator_services.recompute(acting_user=None, years=[2019], codes=["tco2e_avoided", "money_saved"])
    values = {v.indicator.code: v for v in IndicatorValue.objects.filter(
        unit=hang_bac, sector=None, period_kind="year", year=2019).select_related("indicator")}
    assert values["tco2e_avoided"].is_estimate and values["tco2e_avoided"].value is not None
    assert not values["money_saved"].is_estimate
    page = client_for(users["district"]).get(reverse("indicators:dashboard") + f"?year=2019&unit={hang_bac.pk}")
    assert "hệ số phát thải ước tính" in page.content.decode()
    results = api_client_for(users["district"]).get("/api/assessments/results?date_from=2019-01-01"
                                                     "&date_to=2019-12-31").json()
    assert "2019" in results[0]["combined"]["tco2e_estimate"]
    monitoring = client_for(users["enterprise"]).get(
        reverse("assessments:monitoring_detail", args=[metered["analysis"].facility_id])).content.decode()
    assert "hệ số phát thải ước tính" in monitoring


def test_results_page_shows_each_stream_and_the_rule(users: dict[str, Any], metered: dict[str, Any],
                                                     client_for: Any) -> None:
    page = client_for(users["enterprise"]).get(
        reverse("assessments:monitoring_detail", args=[metered["analysis"].facility_id])).content.decode()
    assert 'data-stream="electricity"' in page and 'data-stream="anthracite"' in page
    assert "Đo đạc (M&V hợp lệ)" in page and "Ước tính (giải pháp đã thực hiện)" in page
    assert "nếu dòng đó có phân tích M&V hợp lệ" in page


def _sheets(body: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(body))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_monitoring_export_has_the_model_validity_and_factor(users: dict[str, Any], metered: dict[str, Any],
                                                             client_for: Any, make_user: Any,
                                                             other_facility: Any) -> None:
    from sxsh.core.roles import Role

    item = metered["analysis"]
    url = reverse("assessments:monitoring_export", args=[item.facility_id])
    response = client_for(users["enterprise"]).get(url)
    assert response.status_code == 200
    sheets = _sheets(response.content)
    models = sheets["Mô hình M&V"]
    row = dict(zip(models[0], models[1], strict=True))
    assert row["Hợp lệ"] == "Có" and not row["Lý do chưa hợp lệ"]
    assert "lưới điện 2019: 0,8458 tCO2/MWh (chính thức)" in row["Hệ số phát thải dùng"]
    assert "lưới điện 2020: 0,8041 tCO2/MWh (chính thức)" in row["Hệ số phát thải dùng"]
    energy, production = _readings(item.target_id), _readings(item.drivers.get().pk)
    base = sorted(m for m in energy if m.year == 2018)
    fit = sm.OLS([energy[m] for m in base], sm.add_constant([production[m] for m in base])).fit()
    coefficients = {r[1]: r for r in sheets["Hệ số hồi quy"][1:]}
    assert coefficients["Hằng số"][2] == pytest.approx(fit.params[0], rel=1e-6)
    assert coefficients["Sản lượng"][3] == pytest.approx(fit.bse[1], rel=1e-6)
    assert coefficients["Sản lượng"][4] == pytest.approx(fit.pvalues[1], rel=1e-6)
    assert len(sheets["Số liệu hằng tháng"]) == 1 + 36  # every month, not only the page's last 60
    streams = {r[0]: r for r in sheets["Kết quả theo dòng"][1:]}
    assert streams["Than antraxit"][1] == "Ước tính (giải pháp đã thực hiện)"
    assert streams["Điện"][1] == "Đo đạc (M&V hợp lệ)"
    outsider = make_user(Role.ENTERPRISE, username="khac", with_facilities=[other_facility])
    assert client_for(outsider).get(url).status_code == 404  # out of scope


def test_monitoring_export_in_english(users: dict[str, Any], metered: dict[str, Any], client_for: Any) -> None:
    EmissionFactor.objects.filter(kind="grid", year=2020).update(status="estimate")
    client = client_for(users["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("assessments:monitoring_export", args=[metered["analysis"].facility_id]))
    assert response.status_code == 200
    sheets = _sheets(response.content)
    models = sheets["M&V models"]
    row = dict(zip(models[0], models[1], strict=True))
    assert row["Valid"] == "Yes"
    assert "grid 2020: 0,8041 tCO2/MWh (estimate)" in row["Emission factors used"]
    assert "estimated" in row["tCO2e notes"]


def test_public_totals_say_no_data_rather_than_leave_an_option_out(metered: dict[str, Any]) -> None:
    summary = selectors.public_summary()  # the two options implemented in 2019
    assert summary["tco2e"] == pytest.approx(40 * GRID_2019 + 10 * ANTHRACITE_T_PER_T)
    EmissionFactor.objects.filter(kind="grid", year=2019).delete()
    assert selectors.public_summary()["tco2e"] is None


def test_monitoring_export_is_typed_for_print(users: dict[str, Any], metered: dict[str, Any], client_for: Any) -> None:
    """Through the one XLSX helper: the facility above the first sheet, months as dates, money in ₫, p-values and
    R² with their own decimals (not the one decimal that would print a p of 0.03 as 0,0), widths, frozen header."""
    from sxsh.testing.documents import table, workbook

    item = metered["analysis"]
    response = client_for(users["enterprise"]).get(reverse("assessments:monitoring_export", args=[item.facility_id]))
    book = workbook(response.content)
    first = book["Chuỗi số liệu"]
    assert first.cell(row=1, column=1).value == item.facility.name
    headers, series = table(first)
    assert headers[3] == "Đơn giá (đồng)"
    price_row = first.max_row - len(series) + 1
    assert first.cell(row=price_row, column=4).number_format == '#,##0 "₫"'
    monthly = book["Số liệu hằng tháng"]
    assert monthly.cell(row=2, column=1).number_format == "DD/MM/YYYY" and monthly.freeze_panes == "A2"
    models = book["Mô hình M&V"]
    _h, rows = table(models)
    assert 0 < rows[0][10] <= 1 and models.cell(row=2, column=11).number_format == "0.000"
    assert models.cell(row=2, column=12).number_format == "0.0000"
    assert models.cell(row=2, column=5).number_format == "DD/MM/YYYY"
    assert models.cell(row=2, column=16).number_format == '#,##0 "₫"'
    assert models.column_dimensions["J"].width >= 40 and models.auto_filter.ref.startswith("A1:")
    coefficients = book["Hệ số hồi quy"]
    assert coefficients.cell(row=2, column=5).number_format == "0.0000"
    assert coefficients.cell(row=2, column=3).number_format == "#,##0.0000"
    streams = {r[0]: r for r in table(book["Kết quả theo dòng"])[1]}
    money_row = 1 + list(streams).index("Tiền tiết kiệm (đồng)") + 1
    assert book["Kết quả theo dòng"].cell(row=money_row, column=3).number_format == '#,##0 "₫"'


def test_ward_report_gives_the_no_data_reason_in_pdf_docx_and_xlsx(users: dict[str, Any], metered: dict[str, Any],
                                                                   hang_bac: Any, client_for: Any,
                                                                   tmp_path: Any) -> None:
    """tCO2e without its factor is "không có dữ liệu" with the reason beside it in every format of the report."""
    from sxsh.indicators.periods import Period
    from sxsh.testing.documents import docx_text, pdf_text, table, workbook

    EmissionFactor.objects.filter(kind="grid", year=2019).delete()
    indicator_services.recompute(acting_user=None, years=[2019], codes=["tco2e_avoided", "money_saved"])
    report, _created = indicator_services.create_report(acting_user=users["ward"], unit=hang_bac,
                                                        period=Period("year", 2019))
    client = client_for(users["ward"])
    reason = "Chưa có hệ số phát thải lưới điện năm 2019"

    def get(fmt: str) -> bytes:
        response = client.get(reverse("indicators:report_export", args=[report.pk, fmt]))
        assert response.status_code == 200
        return bytes(response.content)

    _headers, rows = table(workbook(get("xlsx"))["Chỉ tiêu"])
    xlsx_row = next(r for r in rows if r[1] == "tco2e_avoided")
    assert xlsx_row[4] == "không có dữ liệu" and reason in xlsx_row[-1]
    _text, tables = docx_text(get("docx"))
    docx_row = next(r for r in tables[1] if r[1].startswith("Lượng phát thải khí nhà kính"))
    assert docx_row[3].startswith("không có dữ liệu\n") and reason in docx_row[3]
    assert reason in " ".join(pdf_text(get("pdf"), tmp_path).split())
