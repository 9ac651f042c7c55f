from decimal import Decimal
from typing import Any

from django.urls import reverse

from sxsh.indicators.models import Indicator, IndicatorValue


def _value(code: str, unit: Any) -> IndicatorValue:
    return IndicatorValue.objects.get(view="reported", indicator__code=code, unit=unit, year=2019, period_kind="year", sector=None)


def test_dashboard_shows_every_indicator_with_status(world: Any, users: Any, client_for: Any, district: Any,
                                                       django_assert_max_num_queries: Any) -> None:
    client = client_for(users["district"])
    with django_assert_max_num_queries(25):
        response = client.get(reverse("indicators:dashboard"), {"year": 2019})
    assert response.status_code == 200
    html = response.content.decode()
    for ind in Indicator.objects.filter(is_active=True):
        assert f'id="kpi-{ind.code}"' in html
    data = response.context["data"]
    assert {r.code for r in data.rows} == set(Indicator.objects.filter(is_active=True).values_list("code", flat=True))
    applying = next(r for r in data.rows if r.code == "cp_applying_share")
    assert applying.value == Decimal(50) and applying.target.year == 2020 and applying.status == "met"
    aware = next(r for r in data.rows if r.code == "cp_aware_share")
    assert aware.value_text == "66,7" and aware.status == "not_met"  # 4 of 6 against 90% (2020)
    assert 'data-status="met"' in html and "Chưa đạt" in html and "Đạt" in html
    assert "Số liệu tính lúc" in html
    assert "<svg" in html and "<script" not in html.split("</header>")[1].split("<footer")[0]
    assert data.units_bars and {b.label for b in data.units_bars} >= {"Phường Hàng Bạc", "Phường Hàng Đào"}


def test_dashboard_filters_by_ward_sector_and_period(world: Any, users: Any, client_for: Any, hang_bac: Any) -> None:
    client = client_for(users["district"])
    c10 = world["hb_applying"].sector
    r = client.get(reverse("indicators:dashboard"), {"year": 2019, "unit": hang_bac.pk, "sector": c10.pk})
    row = next(x for x in r.context["data"].rows if x.code == "cp_applying_share")
    assert row.value == Decimal(100)
    r = client.get(reverse("indicators:dashboard"), {"year": 2019, "unit": hang_bac.pk, "period": "q3"})
    row = next(x for x in r.context["data"].rows if x.code == "cp_applying_share")
    assert row.value == Decimal(25)


def test_zero_denominator_shows_no_data(world: Any, users: Any, client_for: Any, district: Any) -> None:
    from sxsh.directory.models import AdministrativeUnit

    empty = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/trang-tien/")
    r = client_for(users["district"]).get(reverse("indicators:dashboard"), {"year": 2019, "unit": empty.pk})
    row = next(x for x in r.context["data"].rows if x.code == "cp_applying_share")
    assert row.value is None and row.status == "no_data"
    assert row.value_text == "không có dữ liệu"
    assert "không có dữ liệu" in r.content.decode()


def test_drill_down_lists_exactly_the_facilities(world: Any, users: Any, client_for: Any, hang_bac: Any) -> None:
    value = _value("cp_applying_share", hang_bac)
    r = client_for(users["district"]).get(reverse("indicators:value_detail", args=[value.pk]))
    assert r.status_code == 200
    labels = [rec.label for rec in r.context["records"]]
    assert sorted(labels) == sorted([world["hb_applying"].name, world["hb_late"].name])
    html = r.content.decode()
    assert world["hb_aware"].name not in html and world["hd_applying"].name not in html


def test_ward_officer_sees_only_own_ward(world: Any, users: Any, client_for: Any, hang_bac: Any,
                                         hang_dao: Any, district: Any) -> None:
    client = client_for(users["ward"])
    r = client.get(reverse("indicators:dashboard"), {"year": 2019})
    assert r.status_code == 200 and r.context["data"].unit == hang_bac
    assert client.get(reverse("indicators:dashboard"), {"year": 2019, "unit": hang_dao.pk}).status_code == 404
    assert client.get(reverse("indicators:dashboard"), {"year": 2019, "unit": district.pk}).status_code == 404
    other = _value("cp_applying_share", hang_dao)
    assert client.get(reverse("indicators:value_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("indicators:value_detail", args=[_value("cp_applying_share", hang_bac).pk])).status_code == 200


def test_enterprise_and_visitor_have_no_dashboard(world: Any, users: Any, client_for: Any) -> None:
    assert client_for(users["enterprise"]).get(reverse("indicators:dashboard")).status_code == 404
    from django.test import Client

    assert Client().get(reverse("indicators:dashboard")).status_code == 302


def test_catalogue_page(world: Any, users: Any, client_for: Any) -> None:
    html = client_for(users["ward"]).get(reverse("indicators:catalogue")).content.decode()
    assert "1419/QĐ-TTg" in html and "889/QĐ-TTg" in html and "tCO2e" in html


def test_dashboard_export_matches_screen(world: Any, users: Any, client_for: Any, hang_bac: Any) -> None:
    import io

    from openpyxl import load_workbook

    client = client_for(users["district"])
    params = {"year": 2019, "unit": hang_bac.pk}
    screen = client.get(reverse("indicators:dashboard"), params).context["data"].rows
    body = client.get(reverse("indicators:dashboard_export"), params).content
    wb = load_workbook(io.BytesIO(body))
    assert wb.sheetnames == ["Chỉ tiêu", "Theo địa bàn", "Theo ngành", "Xu hướng", "Thông tin"]
    sheet_rows = list(wb["Chỉ tiêu"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in sheet_rows] == [r.code for r in screen]
    for xrow, srow in zip(sheet_rows, screen, strict=True):
        expected = "không có dữ liệu" if srow.value is None else float(srow.value)
        assert xrow[4] == expected


def test_recompute_task_with_progress(world: Any, users: Any, client_for: Any) -> None:
    from sxsh.tasks.models import BackgroundTask

    client = client_for(users["district"])
    r = client.post(reverse("indicators:recompute"), {"year": 2019})
    record = BackgroundTask.objects.get()
    assert r.status_code == 302 and r.url == reverse("tasks:detail", args=[record.pk])
    assert record.kind == "sxsh.indicators.tasks.recompute"
    assert record.status == "done" and record.progress == 100
    partial = client.get(reverse("tasks:progress", args=[record.pk])).content.decode()
    assert 'value="100"' in partial and "hx-get" not in partial  # finished: polling stops
    assert "Tính lại số liệu chỉ tiêu" in partial and reverse("indicators:dashboard") in partial
    assert client_for(users["ward"]).post(reverse("indicators:recompute"), {"year": 2019}).status_code == 404
    assert client_for(users["ward"]).get(reverse("tasks:detail", args=[record.pk])).status_code == 404


def test_background_export_task_produces_file(world: Any, users: Any, client_for: Any, district: Any) -> None:
    from sxsh.tasks.models import BackgroundTask

    client = client_for(users["district"])
    client.post(reverse("indicators:dashboard_export_job"), {"year": "2019", "unit": str(district.pk)})
    record = BackgroundTask.objects.get(kind="sxsh.indicators.tasks.dashboard_xlsx")
    assert record.status == "done", record.error
    r = client.get(reverse("tasks:download", args=[record.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content)[:2] == b"PK"


def test_failed_task_is_recorded(world: Any, users: Any) -> None:
    from sxsh.indicators import tasks
    from sxsh.tasks import services
    from sxsh.tasks.models import BackgroundTask

    record = services.start(tasks.recompute, acting_user=users["district"], params={"years": ["x"]})
    record = BackgroundTask.objects.get(pk=record.pk)
    assert record.status == "failed" and "ValueError" in record.error
    assert record.message == "Có lỗi khi thực hiện công việc."


def test_dashboard_bad_filters(world: Any, users: Any, client_for: Any) -> None:
    client = client_for(users["district"])
    r = client.get(reverse("indicators:dashboard"), {"year": "abc", "period": "q9", "indicator": "<script>"})
    assert r.status_code == 200 and r.context["data"].period.kind == "year"
    assert "<script>" not in r.content.decode().split("</header>")[1]
    assert client.get(reverse("indicators:dashboard"), {"unit": 999999}).status_code == 404
    assert client.get(reverse("indicators:dashboard"), {"sector": 999999}).status_code == 404
    assert client.get(reverse("indicators:dashboard"), {"unit": "9" * 30}).status_code == 200  # ignored
    assert client.get(reverse("indicators:value_detail", args=[999999])).status_code == 404


def _download(client: Any, kind: str) -> Any:
    import io

    from openpyxl import load_workbook

    from sxsh.tasks.models import BackgroundTask

    record = BackgroundTask.objects.filter(kind=f"sxsh.indicators.tasks.{kind}").latest("pk")
    assert record.status == "done", record.error
    r = client.get(reverse("tasks:download", args=[record.pk]))
    assert r.status_code == 200
    return load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True).active


def test_values_export_lists_every_value_of_the_subtree(world: Any, users: Any, client_for: Any, hang_bac: Any,
                                                        district: Any) -> None:
    """The data export: every stored value of the unit and the units under it, for the year or one period,
    readable back with the same numbers; a ward officer cannot export another unit."""
    from datetime import datetime

    client = client_for(users["district"])
    client.post(reverse("indicators:values_export_job"), {"year": "2019", "unit": str(district.pk), "scope": "year"})
    sheet = _download(client, "values_xlsx")
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kỳ")
    in_subtree = IndicatorValue.objects.filter(view="reported", year=2019, unit__path__startswith=district.path)
    assert len(rows) - 1 == in_subtree.count() > 17
    ward_row = next(r for r in rows[1:] if r[0] == "cp_applying_share" and r[3] == "năm 2019"
                    and r[6] == hang_bac.name and r[9] == "Tất cả các ngành")
    value = _value("cp_applying_share", hang_bac)
    assert ward_row[4] == datetime(2019, 1, 1) and ward_row[5] == datetime(2019, 12, 31)
    assert ward_row[7] == "Cấp xã" and Decimal(str(ward_row[12])) == value.value and ward_row[13] == value.record_count
    first = [r[3] for r in rows[1:] if r[0] == rows[1][0]]  # one indicator: its periods in order
    assert list(dict.fromkeys(first)) == ["năm 2019", *[f"quý {q} năm 2019" for q in range(1, 5)],
                                          *[f"tháng {m} năm 2019" for m in range(1, 13)]]

    client.post(reverse("indicators:values_export_job"), {"year": "2019", "period": "q3", "unit": str(hang_bac.pk),
                                                         "scope": "period"})
    rows = list(_download(client, "values_xlsx").iter_rows(values_only=True))[1:]
    assert {r[3] for r in rows} == {"quý 3 năm 2019"} and {r[6] for r in rows} == {hang_bac.name}
    assert len(rows) == IndicatorValue.objects.filter(view="reported", year=2019, period_kind="quarter", period_no=3,
                                                      unit=hang_bac).count()

    ward = client_for(users["ward"])  # Hàng Bạc's officer
    assert ward.post(reverse("indicators:values_export_job"),
                     {"year": "2019", "unit": str(district.pk), "scope": "year"}).status_code == 404
