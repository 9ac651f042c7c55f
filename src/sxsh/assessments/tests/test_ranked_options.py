"""An assessment's ranked options are the declared OPTIONS listing fixed to the assessment: NPV, IRR, payback and
rank computed per option (``sxsh.calc``), the same on the page, in the export and in the API, sorted by rank."""

import csv
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sxsh.assessments import services
from sxsh.assessments.models import Assessment, Option, OptionCategory, Screening
from sxsh.calc import finance
from sxsh.calc.money import format_vnd

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr data-pk="(\d+)"')


def _add(users: dict[str, Any], assessment: Assessment, title: str, **data: Any) -> Option:
    return services.save_part(acting_user=users["consultant"], assessment=assessment, obj=Option(), data={
        "title": title, "category": OptionCategory.GH, "lifetime_years": 5, "discount_rate": Decimal(10), **data})


@pytest.fixture
def options(users: dict[str, Any], assessment: Assessment, option: Option) -> dict[str, Option]:
    """The LED option (NPV ≈ 264 M), a cheaper one ranked first, one that never pays back (no real IRR) and a
    rejected one (no rank, no figures)."""
    return {
        "led": option,
        "housekeeping": _add(users, assessment, "Quản lý nội vi", investment=Decimal(10_000_000),
                             saving_vnd=Decimal(200_000_000)),
        "loss": _add(users, assessment, "Bể lắng mới", investment=Decimal(500_000_000), saving_vnd=Decimal(0)),
        "rejected": _add(users, assessment, "Thay dây chuyền", screening=Screening.REJECTED,
                         rejection_reason="Vốn quá lớn", investment=Decimal(9_000_000_000),
                         saving_vnd=Decimal(900_000_000)),
    }


def cell(row: str, css: str) -> str:
    """The text of the row's cell whose classes include ``css``."""
    found = re.search(rf'<td class="[^"]*\b{css}\b[^"]*">([^<]*)</td>', row)
    assert found is not None, (css, row)
    return found.group(1)


def _expected(option: Option) -> tuple[float, float | None]:
    """NPV and IRR straight from ``sxsh.calc.finance`` on the option's own inputs."""
    flows = finance.option_cashflows(float(option.investment), float(option.saving_vnd - option.opex_change),
                                     option.lifetime_years)
    return finance.npv(float(option.discount_rate) / 100, flows), finance.irr(flows)


def test_the_page_ranks_the_options_with_the_declared_listing(users: dict[str, Any], client_for: Any,
                                                              assessment: Assessment,
                                                              options: dict[str, Option]) -> None:
    html = client_for(users["district"]).get(reverse("assessments:assessment_detail", args=[assessment.pk])
                                             ).content.decode()
    assert 'id="listing-options"' in html and 'id="options-table"' not in html
    order = [int(pk) for pk in ROW.findall(html)]
    assert order == [options[k].pk for k in ("housekeeping", "led", "loss", "rejected")]  # by NPV; rejected last
    row = {k: html[html.index(f'data-pk="{o.pk}"'):].split("</tr>")[0] for k, o in options.items()}
    assert cell(row["housekeeping"], "rank") == "1" and cell(row["led"], "rank") == "2"
    assert cell(row["led"], "npv") == format_vnd(264_456_711) and cell(row["led"], "irr") == "25,7%"
    assert cell(row["led"], "payback") == "3,50"
    assert cell(row["loss"], "irr") == "Không xác định" and cell(row["loss"], "payback") == "không hoàn vốn"
    assert cell(row["loss"], "npv") == format_vnd(-500_000_000)
    assert cell(row["rejected"], "npv") == "—" and cell(row["rejected"], "rank") == "—"
    assert "Vốn quá lớn" in row["rejected"]
    assert 'id="f-assessment"' not in html and 'id="f-facility"' not in html  # fixed by the page


def test_the_export_carries_the_computed_figures_as_numbers(users: dict[str, Any], client_for: Any,
                                                            assessment: Assessment,
                                                            options: dict[str, Option]) -> None:
    client = client_for(users["consultant"])
    html = client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).content.decode()
    link = re.search(r'href="([^"]+)">Xuất Excel<', html)
    assert link is not None
    body = client.get(link.group(1).replace("&amp;", "&")).content
    rows = list(load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert header[:2] == ("Hạng", "Giải pháp") and "NPV" in header and "IRR (%)" in header
    cells = {row[1]: dict(zip(header, row, strict=False)) for row in data}
    assert [row[1] for row in data] == [options[k].title for k in ("housekeeping", "led", "loss", "rejected")]
    for key in ("housekeeping", "led", "loss"):
        npv, irr = _expected(options[key])
        got = cells[options[key].title]
        assert got["NPV"] == round(npv)
        assert got["IRR (%)"] == (None if irr is None else pytest.approx(irr * 100, abs=1e-6))
    loss = cells["Bể lắng mới"]
    assert _expected(options["loss"])[1] is None and loss["IRR (%)"] is None  # empty, not 0
    assert loss["Hoàn vốn (năm)"] is None and loss["NPV"] == -500_000_000
    rejected = cells["Thay dây chuyền"]
    assert rejected["Hạng"] is None and rejected["NPV"] is None and rejected["IRR (%)"] is None
    assert rejected["Lý do loại bỏ"] == "Vốn quá lớn"
    csv_link = re.search(r'href="([^"]+)">Xuất CSV<', html)
    assert csv_link is not None
    lines = list(csv.reader(io.StringIO(client.get(csv_link.group(1).replace("&amp;", "&")).content
                                        .decode("utf-8-sig"))))
    irr_at = lines[0].index("IRR (%)")
    assert [line[irr_at] for line in lines[1:]][2:] == ["", ""]  # no real IRR, rejected: empty cells


def test_the_api_gives_the_same_figures_and_sorts_by_them(users: dict[str, Any], api_client_for: Any,
                                                          assessment: Assessment,
                                                          options: dict[str, Option]) -> None:
    api = api_client_for(users["district"])
    body = api.get("/api/lists/options", {"assessment": assessment.pk}).json()
    assert [i["id"] for i in body["items"]] == [options[k].pk for k in ("housekeeping", "led", "loss", "rejected")]
    led = next(i["cells"] for i in body["items"] if i["id"] == options["led"].pk)
    npv, irr = _expected(options["led"])
    assert led["rank"] == 2 and led["npv"] == round(npv) and led["irr"] == pytest.approx(irr * 100, abs=1e-6)
    by_npv = api.get("/api/lists/options", {"assessment": assessment.pk, "sort": "-npv"}).json()
    npvs = [i["cells"]["npv"] for i in by_npv["items"]]
    assert npvs[0] is None and npvs[1:] == sorted(npvs[1:], reverse=True)  # missing first when descending
    ranked = api.get("/api/assessments/options", {"assessment": assessment.pk, "sort": "rank"}).json()
    assert [i["id"] for i in ranked["items"]] == [i["id"] for i in body["items"]]


def test_the_ranks_are_within_each_assessment(users: dict[str, Any], api_client_for: Any, assessment: Assessment,
                                              options: dict[str, Option], facility: Any) -> None:
    other = services.create_assessment(acting_user=users["consultant"], facility=facility, data={
        "title": "Đánh giá lần hai", "kind": "rapid", "start_date": assessment.start_date, "current_step": 1})
    small = _add(users, other, "Sửa rò rỉ hơi", investment=Decimal(1_000_000), saving_vnd=Decimal(5_000_000))
    api = api_client_for(users["admin"])
    cells = {i["id"]: i["cells"] for i in api.get("/api/lists/options", {"columns": "rank,npv"}).json()["items"]}
    assert cells[small.pk]["rank"] == 1 and cells[options["housekeeping"].pk]["rank"] == 1
    assert cells[options["rejected"].pk] == {"rank": None, "npv": None}
