import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sxsh.core.models import AuditLog
from sxsh.directory.models import Sector
from sxsh.outreach import services
from sxsh.outreach.models import Channel, Distribution, Document
from sxsh.testing.factories import FacilityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handbook(district: Any) -> Document:
    doc = Document(title="Cẩm nang sản xuất sạch hơn", unit=district, file_type="pdf")
    doc.file.save("c.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    doc.save()
    return doc


@pytest.fixture
def logged(users: Any, handbook: Document, facility: Any, other_facility: Any, hang_bac: Any,
           hang_dao: Any) -> list[Distribution]:
    officer = users["district"]
    other_facility.sector = Sector.objects.get(code="C25")
    other_facility.save()
    rows = [
        {"facility": facility, "copies": 2, "channel": Channel.PRINT},
        {"facility": other_facility, "copies": 3, "channel": Channel.EVENT},
        {"ward": hang_bac, "copies": 50, "channel": Channel.PRINT},
        {"ward": hang_dao, "copies": 40, "channel": Channel.EMAIL},
    ]
    return [services.record_distribution(acting_user=officer, data={
        "document": handbook, "distributed_on": date(2019, 9, 5), **row}) for row in rows]


def test_district_sees_all_with_totals_by_ward_and_sector(users: Any, client_for: Callable[..., Client],
                                                         logged: list[Distribution]) -> None:
    page = client_for(users["district"]).get(reverse("outreach:manage_distributions")).content.decode()
    assert "95" in page  # 2 + 3 + 50 + 40 copies
    ward_table = page.split('id="totals-ward"')[1].split("</table>")[0]
    assert "Hàng Bạc" in ward_table and "Hàng Đào" in ward_table
    assert "<td>Hàng Bạc</td><td class=\"num\">2</td><td class=\"num\">52</td>" in ward_table
    sector_table = page.split('id="totals-sector"')[1].split("</table>")[0]
    assert "C10" in sector_table and "C25" in sector_table


def test_ward_officer_sees_and_records_only_their_ward(users: Any, client_for: Callable[..., Client],
                                                       logged: list[Distribution], handbook: Document,
                                                       facility: Any, other_facility: Any, hang_dao: Any) -> None:
    ward = client_for(users["ward"])
    page = ward.get(reverse("outreach:manage_distributions")).content.decode()
    detail = page.split("Chi tiết")[1]
    assert facility.name in detail and other_facility.name not in detail
    assert "Hàng Đào" not in page.split('id="totals-ward"')[1].split("</table>")[0]
    # the form offers only their ward's facilities; a forged post for Hàng Đào is refused
    form = ward.get(reverse("outreach:manage_distribution_create")).content.decode()
    assert facility.name in form and other_facility.name not in form
    before = Distribution.objects.count()
    response = ward.post(reverse("outreach:manage_distribution_create"), {
        "document": handbook.pk, "recipient_kind": "facility", "facility": other_facility.pk, "copies": 1,
        "distributed_on": "2019-10-01", "channel": Channel.PRINT,
    })
    assert response.status_code == 200 and Distribution.objects.count() == before
    response = ward.post(reverse("outreach:manage_distribution_create"), {
        "document": handbook.pk, "recipient_kind": "ward", "ward": hang_dao.pk, "copies": 1,
        "distributed_on": "2019-10-01", "channel": Channel.PRINT,
    })
    assert Distribution.objects.count() == before
    with pytest.raises(PermissionDenied):
        services.record_distribution(acting_user=users["ward"], data={
            "document": handbook, "facility": other_facility, "copies": 1, "distributed_on": date(2019, 10, 1),
            "channel": Channel.PRINT})
    response = ward.post(reverse("outreach:manage_distribution_create"), {
        "document": handbook.pk, "recipient_kind": "facility", "facility": facility.pk, "copies": 4,
        "distributed_on": "2019-10-01", "channel": Channel.PRINT, "note": "Phát tại trụ sở phường",
    })
    assert response.status_code == 302
    created = Distribution.objects.latest("pk")
    assert created.facility == facility and created.recorded_by == users["ward"]
    assert AuditLog.objects.filter(action="outreach.distribution.created", object_id=str(created.pk)).exists()


def test_organisation_recipient_and_exactly_one_recipient(users: Any, handbook: Document, district: Any,
                                                          facility: Any, hang_bac: Any) -> None:
    from django.core.exceptions import ValidationError

    centre = OrganisationFactory(name="Trung tâm Khuyến công", unit=district)
    d = services.record_distribution(acting_user=users["district"], data={
        "document": handbook, "organisation": centre, "copies": 1, "distributed_on": date(2019, 10, 2),
        "channel": Channel.EMAIL})
    assert d.unit == district
    with pytest.raises(ValidationError):
        services.record_distribution(acting_user=users["district"], data={
            "document": handbook, "facility": facility, "ward": hang_bac, "copies": 1,
            "distributed_on": date(2019, 10, 2), "channel": Channel.EMAIL})


def test_xlsx_export_matches_the_filtered_list(users: Any, client_for: Callable[..., Client],
                                               logged: list[Distribution], hang_bac: Any) -> None:
    """The log's export is the declared listing's (what the page shows); the totals by ward and sector are
    exported beside it, for the same filters."""
    district = client_for(users["district"])
    response = district.get(reverse("outreach:manage_distribution_export", args=["xlsx"]), {"ward": hang_bac.pk})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Ngày phát"
    assert len(rows) == 3  # header + facility in Hàng Bạc + the ward itself
    assert {r[3] for r in rows[1:]} == {"Công ty Dệt may Hàng Bạc", "Phường Hàng Bạc"}
    assert book.worksheets[0]["A2"].number_format == "DD/MM/YYYY" and book.worksheets[0].freeze_panes == "A2"
    totals = load_workbook(io.BytesIO(district.get(reverse("outreach:export_distribution_totals"),
                                                   {"ward": hang_bac.pk}).content))
    assert list(totals.worksheets[0].iter_rows(values_only=True))[-1] == ("Tổng cộng", 2, 52)
    # a ward officer's export holds only their ward even without a filter
    own = load_workbook(io.BytesIO(client_for(users["ward"]).get(
        reverse("outreach:manage_distribution_export", args=["xlsx"])).content))
    assert {r[4] for r in list(own.worksheets[0].iter_rows(values_only=True))[1:]} == {"Hàng Bạc"}


def test_distribution_pages_closed_to_enterprises(users: Any, client_for: Callable[..., Client]) -> None:
    c = client_for(users["enterprise"])
    assert c.get(reverse("outreach:manage_distributions")).status_code == 404
    assert c.get(reverse("outreach:manage_distribution_export", args=["xlsx"])).status_code == 404
    assert c.get(reverse("outreach:export_distribution_totals")).status_code == 404
    assert c.get(reverse("outreach:manage_distribution_create")).status_code == 404


def test_distribution_list_query_budget(users: Any, client_for: Callable[..., Client], handbook: Document,
                                        hang_bac: Any, django_assert_max_num_queries: Any) -> None:
    for i in range(20):
        f = FacilityFactory(ward=hang_bac, name=f"Cơ sở {i}")
        services.record_distribution(acting_user=users["district"], data={
            "document": handbook, "facility": f, "copies": 1, "distributed_on": date(2019, 9, 5),
            "channel": Channel.PRINT})
    c = client_for(users["district"])
    c.get(reverse("outreach:manage_distributions"))
    with django_assert_max_num_queries(16):
        assert c.get(reverse("outreach:manage_distributions")).status_code == 200


def test_xlsx_export_in_english(users: Any, client_for: Callable[..., Client], logged: list[Distribution],
                                settings: Any) -> None:
    client = client_for(users["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("outreach:manage_distribution_export", args=["xlsx"]))
    assert response.status_code == 200 and "filename*=UTF-8''phat-tai-lieu-" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0].auto_filter.ref and book.worksheets[0]["A1"].value == "Distribution date"
    totals = load_workbook(io.BytesIO(client.get(reverse("outreach:export_distribution_totals")).content))
    assert [sheet.title for sheet in totals.worksheets] == ["By area", "By sector"]
