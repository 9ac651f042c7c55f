"""The values listing (``tables.VALUES``): one meaning of "unit" (the unit and the units under it), the view as
reported unless asked, the same rows on the page, in the API and in the export, and a page that costs the same
queries whatever its rows (one count, one page of rows, no query per row)."""

import csv
import io
import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sxsh.indicators.models import IndicatorValue

ROW = re.compile(r'<tr\b[^>]*?\bdata-pk="(\d+)"')


def _page_ids(client: Any, params: dict[str, Any]) -> list[int]:
    response = client.get(reverse("indicators:value_list"), {**params, "per_page": 100})
    assert response.status_code == 200
    return [int(pk) for pk in ROW.findall(response.content.decode())]


def test_a_unit_means_the_unit_and_the_units_under_it(world: Any, users: Any, client_for: Any, api_client_for: Any,
                                                      district: Any, hang_bac: Any) -> None:
    client, api = client_for(users["district"]), api_client_for(users["district"])
    params = {"year": 2019, "period": "year", "indicator": "cp_applying_share", "all_sectors": "1",
              "unit": district.pk}
    expected = IndicatorValue.objects.filter(indicator__code="cp_applying_share", year=2019, period_kind="year",
                                             sector=None, view="reported", unit__path__startswith=district.path)
    assert {v.unit_id for v in expected} > {district.pk, hang_bac.pk}
    ids = _page_ids(client, params)
    assert set(ids) == {v.pk for v in expected}
    body = api.get("/api/indicators/values", params).json()
    assert [item["id"] for item in body["items"]] == ids
    exported = list(csv.reader(io.StringIO(client.get(reverse("indicators:value_list_export", args=["csv"]),
                                                      params).content.decode("utf-8-sig"))))
    assert len(exported) - 1 == len(ids) and exported[0][:4] == ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kỳ"]
    own = _page_ids(client, {**params, "level": "district"})
    assert own == [expected.get(unit=district).pk]  # the unit's own figure: its level
    wards = api.get("/api/indicators/values", {**params, "level": "commune"}).json()
    assert {item["unit_id"] for item in wards["items"]} == {v.unit_id for v in expected} - {district.pk}


def test_the_view_is_as_reported_unless_asked(world: Any, users: Any, client_for: Any, api_client_for: Any) -> None:
    api = api_client_for(users["doit"])
    reported = api.get("/api/indicators/values", {"year": 2019, "limit": 500}).json()
    restated = api.get("/api/indicators/values", {"year": 2019, "view": "restated", "limit": 500}).json()
    assert reported["count"] == IndicatorValue.objects.filter(year=2019, view="reported").count() > 0
    assert restated["count"] == IndicatorValue.objects.filter(year=2019, view="restated").count() > 0
    assert {v["view"] for v in reported["items"]} == {"reported"}
    assert {v["view"] for v in restated["items"]} == {"restated"}
    html = client_for(users["doit"]).get(reverse("indicators:value_list"), {"view": "restated"}).content.decode()
    assert '<option value="restated" selected>' in html


def test_a_bad_filter_says_so_next_to_the_field(world: Any, users: Any, client_for: Any) -> None:
    response = client_for(users["district"]).get(reverse("indicators:value_list"), {"year": "hai nghìn"})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="hai nghìn"' in html
    assert re.search(r'id="f-year"[^>]*>\s*<span class="error">[^<]*số', html), "no Vietnamese error by the year"


def test_the_page_counts_once_and_reads_no_row_twice(world: Any, users: Any, client_for: Any) -> None:
    """Query budget: 10 or 100 rows cost the same queries, one of them a count; the page's rows are read by
    one query with their indicator, unit and sector (no N+1)."""
    client = client_for(users["doit"])
    url = reverse("indicators:value_list")
    assert IndicatorValue.objects.filter(view="reported").count() > 100
    client.get(url)  # warm the per-process caches (site settings, menu)
    counts = {}
    for size in (10, 100):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"per_page": size})
        assert len(ROW.findall(response.content.decode())) == size
        sql = [q["sql"] for q in captured.captured_queries]
        value_reads = [s for s in sql if 'FROM "indicators_indicatorvalue"' in s]
        assert len([s for s in value_reads if "COUNT(" in s]) == 1, value_reads
        assert len(value_reads) == 2, value_reads  # the count and the page (LIMIT), nothing per row
        assert any(f"LIMIT {size}" in s for s in value_reads)
        counts[size] = len(sql)
    assert counts[10] == counts[100] <= 16, counts
