import io
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sxsh.assessments import analysis, importing, selectors, services
from sxsh.assessments.models import MVAnalysis, Reading
from sxsh.core.models import AuditLog
from sxsh.core.scoping import ScopedQuerySet

from .conftest import load_mv_case, monthly

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows: list[list[Any]]) -> bytes:
    return "\n".join(",".join(str(v) for v in row) for row in rows).encode()


def test_import_preview_lists_every_error_and_saves_nothing(users: dict[str, Any], client_for: Any, facility: Any,
                                                            series: Any) -> None:
    content = _csv([
        ["Tháng", "Điện năng", "Sản lượng"],
        ["01/2020", "1000", "10"],
        ["02/2020", "-5", "11"],
        ["02/2020", "1000", "abc"],
        ["13/2020", "1000", "12"],
        ["05/2020", "1000", "12"],
    ])
    client = client_for(users["enterprise"])
    url = reverse("assessments:readings_import", args=[facility.pk])
    response = client.post(url, {"file": SimpleUploadedFile("so-lieu.csv", content)})
    page = response.content.decode()
    assert "không được âm" in page
    assert "trùng với dòng 3" in page
    assert "không phải số" in page
    assert "Tháng “13/2020” không hợp lệ" in page
    assert "Thiếu số liệu các tháng: 03/2020, 04/2020" in page
    assert "confirm-import" not in page
    assert not Reading.objects.exists()


def test_import_xlsx_then_confirm_saves_all(users: dict[str, Any], client_for: Any, facility: Any,
                                            series: Any) -> None:
    energy, production = series
    rows: list[list[Any]] = [["Tháng", "Sản lượng (t)", "Điện năng (kWh)"]]
    rows += [[date(2020, m, 1), 10 + m, f"{1000 + m}"] for m in range(1, 13)]
    client = client_for(users["enterprise"])
    url = reverse("assessments:readings_import", args=[facility.pk])
    preview = client.post(url, {"file": SimpleUploadedFile("so-lieu.xlsx", _xlsx(rows))})
    assert "confirm-import" in preview.content.decode()
    assert not Reading.objects.exists()
    token = preview.context["token"]
    assert client.post(url, {"confirm": token}).status_code == 302
    assert Reading.objects.filter(series=energy).count() == 12
    assert Reading.objects.get(series=production, period=date(2020, 3, 1)).value == Decimal(13)
    assert AuditLog.objects.filter(action="assessments.readings.imported").count() == 1
    # a second confirm with the same token is refused
    assert client.post(url, {"confirm": token}).status_code == 302
    assert Reading.objects.count() == 24


def test_import_is_all_or_nothing(users: dict[str, Any], facility: Any, series: Any,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [["Tháng", "Điện năng", "Sản lượng"], ["01/2021", "5", "1"], ["02/2021", "6", "2"]]
    preview = importing.preview_from_upload(facility.pk, io.BytesIO(_csv(rows)))
    assert preview.is_valid
    calls = {"n": 0}
    original = ScopedQuerySet.update_or_create

    def failing(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ScopedQuerySet, "update_or_create", failing)  # the readings' upserts
    with pytest.raises(RuntimeError):
        services.import_readings(acting_user=users["enterprise"], facility=facility, preview=preview)
    assert not Reading.objects.exists()


def test_unknown_column_is_a_file_error(facility: Any, series: Any) -> None:
    preview = importing.preview_from_upload(facility.pk, io.BytesIO(_csv([["Tháng", "Dầu"], ["01/2020", "1"]])))
    assert not preview.is_valid
    assert "Dầu" in preview.file_errors[0]


def test_mv_savings_on_demo_like_data(facility: Any, series: Any) -> None:
    item, expected = load_mv_case(facility, series)
    result = analysis.mv_result(item)
    assert result.is_valid, (result.errors, result.problems)
    assert result.model is not None and result.model.r2 > 0.9
    assert result.savings == pytest.approx(expected, rel=0.05)
    assert result.savings_percent == pytest.approx(10, abs=1)
    assert result.savings_vnd == pytest.approx(result.savings * 1800)
    # the year of each reading chooses the grid factor (2019: 0.8458, 2020: 0.8041)
    by_year = {2019: 0.0, 2020: 0.0}
    for month, saved in result.monthly_savings:
        by_year[month.year] += saved
    assert result.tco2e == pytest.approx(by_year[2019] / 1000 * 0.8458 + by_year[2020] / 1000 * 0.8041)
    assert result.cusum[-1] == pytest.approx(-result.savings)
    assert result.notes == []  # whole years over the same months


def test_invalid_model_reports_no_savings(facility: Any, series: Any) -> None:
    energy, production = series
    rng = np.random.default_rng(2)
    months = monthly(2018, 24)
    Reading.objects.bulk_create(
        [Reading(series=production, period=m, value=Decimal(f"{v:.1f}")) for m, v in zip(months, rng.uniform(0, 1, 24), strict=True)]
        + [Reading(series=energy, period=m, value=Decimal(f"{v:.0f}")) for m, v in zip(months, rng.normal(5e4, 5e3, 24), strict=True)])
    item = MVAnalysis.objects.create(facility=facility, name="Không hợp lệ", target=energy,
                                     baseline_start=date(2018, 1, 1), baseline_end=date(2018, 12, 1),
                                     reporting_start=date(2019, 1, 1), reporting_end=date(2019, 12, 1))
    item.drivers.set([production])
    result = analysis.mv_result(item)
    assert not result.is_valid
    assert result.savings is None
    assert any("R²" in p for p in result.problems)


def test_missing_months_are_explained(facility: Any, series: Any) -> None:
    item, _ = load_mv_case(facility, series)
    Reading.objects.filter(period=date(2018, 5, 1)).delete()
    result = analysis.mv_result(item)
    assert result.savings is None
    assert any("05/2018" in e for e in result.errors)


def test_monitoring_page_and_results_selector(users: dict[str, Any], client_for: Any, facility: Any,
                                              series: Any, django_assert_max_num_queries: Any) -> None:
    _item, expected = load_mv_case(facility, series)
    client = client_for(users["ward"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("assessments:monitoring_detail", args=[facility.pk])).content.decode()
    assert "valid-box" in page and "<svg" in page and "CUSUM" in page
    results = selectors.facility_results(users["district"])
    assert len(results) == 1
    measured = results[0]["measured"]
    assert measured["valid_analyses"] == 1
    assert measured["energy_kwh"] == pytest.approx(expected, rel=0.05)
    assert measured["tco2e"] > 0
    electricity = measured["by_resource"]["electricity"]
    assert electricity["saved"] == pytest.approx(measured["energy_kwh"])
    assert electricity["adjusted_baseline"] - electricity["actual"] == pytest.approx(electricity["saved"])
    assert 0.08 < electricity["saved"] / electricity["adjusted_baseline"] < 0.12
    assert selectors.supported_facility_ids(users["district"]) == set()
    only_2019 = selectors.facility_results(users["district"], date_from=date(2019, 1, 1), date_to=date(2019, 12, 31))
    assert 0 < only_2019[0]["measured"]["energy_kwh"] < measured["energy_kwh"]
    assert selectors.facility_results(users["consultant"])[0]["facility_id"] == facility.pk


def test_series_unit_must_match_resource(users: dict[str, Any], client_for: Any, facility: Any) -> None:
    client = client_for(users["enterprise"])
    url = reverse("assessments:series_create", args=[facility.pk])
    response = client.post(url, {"name": "Điện", "resource": "electricity", "unit": "MWh"})
    assert response.status_code == 200
    assert "Đơn vị của “Điện” phải là: kWh" in response.content.decode()
    assert not selectors.series_for(users["enterprise"], facility.pk).exists()


def test_analysis_periods_are_checked(users: dict[str, Any], client_for: Any, facility: Any, series: Any) -> None:
    energy, production = series
    client = client_for(users["consultant"])
    url = reverse("assessments:analysis_create", args=[facility.pk])
    response = client.post(url, {"name": "M&V", "target": energy.pk, "drivers": [energy.pk],
                                 "baseline_start": "2019-01", "baseline_end": "2019-12",
                                 "reporting_start": "2019-06", "reporting_end": "2020-05"})
    page = response.content.decode()
    assert "Kỳ báo cáo phải bắt đầu sau kỳ cơ sở" in page
    assert "không thể đồng thời là biến tác động" in page
    assert not MVAnalysis.objects.exists()
    ok = client.post(url, {"name": "M&V", "target": energy.pk, "drivers": [production.pk],
                           "baseline_start": "2019-01", "baseline_end": "2019-12",
                           "reporting_start": "2020-01", "reporting_end": "2020-12"})
    assert ok.status_code == 302
    item = MVAnalysis.objects.get()
    assert item.baseline_end == date(2019, 12, 1)
    # no readings yet: the page explains why there are no savings
    page = client.get(reverse("assessments:monitoring_detail", args=[facility.pk])).content.decode()
    assert "Thiếu số liệu" in page and "Không báo cáo tiết kiệm" in page
