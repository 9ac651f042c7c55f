"""Creating and editing facilities, CP status history, search, and bad input."""

import pytest

from sxsh.core.models import AuditLog
from sxsh.directory.models import CPStatus, Facility, Sector

pytestmark = pytest.mark.django_db


def _form(hang_bac, **overrides):
    data = {
        "name": "Công ty TNHH Bia Hàng Bạc", "tax_code": "0100109106", "address": "12 Hàng Bạc",
        "ward": hang_bac.pk, "sector": Sector.objects.get(code="C11").pk, "size": "small",
        "employees": "25", "contact_phone": "0912345678", "contact_email": "lienhe@example.vn",
    }
    data.update(overrides)
    return data


def test_create_facility_derives_key_sector_and_is_audited(users, hang_bac, client_for) -> None:
    response = client_for(users["ward"]).post("/danh-muc/co-so/them/", _form(hang_bac))
    assert response.status_code == 302
    facility = Facility.objects.get(tax_code="0100109106")
    assert facility.is_key_sector and facility.key_group == "beverages"
    entry = AuditLog.objects.get(action="directory.facility.created")
    assert entry.user_name == "phuong" and entry.after["name"] == "Công ty TNHH Bia Hàng Bạc"
    assert facility.status_history.count() == 1


def test_wrong_tax_code_gets_a_vietnamese_message_and_keeps_input(users, hang_bac, client_for) -> None:
    response = client_for(users["district"]).post("/danh-muc/co-so/them/", _form(hang_bac, tax_code="0100109107"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mã số thuế không hợp lệ" in html
    assert 'value="Công ty TNHH Bia Hàng Bạc"' in html
    assert Facility.objects.count() == 1  # only the fixture's facility


def test_html_in_a_name_is_refused_and_escaped(users, hang_bac, client_for) -> None:
    """The form refuses markup in a name; a name stored before the check is still escaped."""
    from sxsh.testing.factories import FacilityFactory

    client = client_for(users["district"])
    refused = client.post("/danh-muc/co-so/them/", _form(hang_bac, name="<script>alert(1)</script>Xưởng"))
    assert "Tên không được chứa ký tự &lt; &gt; hoặc ký tự điều khiển." in refused.content.decode()
    assert not Facility.objects.filter(name__contains="Xưởng").exists()
    FacilityFactory(ward=hang_bac, name="<script>alert(1)</script>Xưởng")
    html = client.get("/danh-muc/co-so/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Xưởng" in html


def test_post_without_csrf_token_is_refused(users, hang_bac) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["district"])
    response = client.post("/danh-muc/co-so/them/", _form(hang_bac))
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert Facility.objects.count() == 1  # only the fixture's facility


def test_enterprise_edits_its_profile_but_not_identity(users, facility, client_for) -> None:
    client = client_for(users["enterprise"])
    response = client.post(f"/danh-muc/co-so/{facility.pk}/sua/", {
        "name": "Tên khác", "tax_code": "0300588569", "address": "99 Hàng Bạc", "ward": facility.ward_id,
        "sector": facility.sector_id, "size": "medium", "employees": "40"})
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.address == "99 Hàng Bạc" and facility.employees == 40
    assert facility.name == "Công ty Dệt may Hàng Bạc" and facility.tax_code != "0300588569"


def test_cp_status_history_keeps_latest_as_current(users, facility, client_for) -> None:
    client = client_for(users["district"])
    client.post(f"/danh-muc/co-so/{facility.pk}/tinh-trang/", {"status": "applying", "effective_date": "2019-11-01"})
    client.post(f"/danh-muc/co-so/{facility.pk}/tinh-trang/", {"status": "aware", "effective_date": "2019-09-01"})
    facility.refresh_from_db()
    assert facility.cp_status == CPStatus.APPLYING
    assert [h.status for h in facility.status_history.all()] == ["applying", "aware", "unaware"][: facility.status_history.count()]
    assert facility.status_history.first().recorded_by == users["district"]


def test_bad_status_is_refused_without_saving(users, facility, client_for) -> None:
    client = client_for(users["district"])
    response = client.post(f"/danh-muc/co-so/{facility.pk}/tinh-trang/", {"status": "hacked", "effective_date": "x"},
                           follow=True)
    assert "Không ghi nhận được" in response.content.decode()
    assert facility.status_history.count() == 0


@pytest.mark.parametrize("query", ["dệt may", "det may", "DET MAY hang bac", "Dệt May Hàng Bạc"])
def test_search_ignores_diacritics_and_case(query, users, facility, other_facility, client_for) -> None:
    html = client_for(users["district"]).get("/danh-muc/co-so/", {"q": query}).content.decode()
    assert facility.name in html
    assert other_facility.name not in html


def test_search_with_d_finds_đ(users, facility, other_facility, client_for) -> None:
    html = client_for(users["district"]).get("/danh-muc/co-so/", {"q": "hang dao"}).content.decode()
    assert other_facility.name in html


def test_filters_by_ward_sector_and_status(users, facility, other_facility, hang_dao, client_for) -> None:
    client = client_for(users["district"])
    html = client.get("/danh-muc/co-so/", {"ward": hang_dao.pk}).content.decode()
    assert other_facility.name in html and facility.name not in html
    html = client.get("/danh-muc/co-so/", {"status": "applying"}).content.decode()
    assert facility.name not in html
    html = client.get("/danh-muc/co-so/", {"key_group": "food"}).content.decode()
    assert facility.name in html


def test_bulk_cp_status_is_one_audited_service_call_per_ticked_facility(users, facility, other_facility,
                                                                         hang_dao, client_for) -> None:
    """The facility page's bulk action: every ticked facility gets its dated status step and audit entry;
    a facility the user may not change makes the whole request 404; a bad date changes nothing."""
    from sxsh.testing.factories import FacilityFactory

    third = FacilityFactory(ward=hang_dao, name="Xưởng in Hàng Đào")
    district = client_for(users["district"])
    page = district.get("/danh-muc/co-so/").content.decode()
    assert 'name="action" value="cp_status"' in page and f'name="pk" value="{facility.pk}"' in page
    data = {"action": "cp_status", "pk": [facility.pk, other_facility.pk], "cp_status-status": CPStatus.AWARE,
            "cp_status-effective_date": "05/03/2026", "cp_status-note": ""}
    response = district.post("/danh-muc/co-so/hang-loat/", data)
    assert response.status_code == 302
    assert set(Facility.objects.filter(cp_status=CPStatus.AWARE).values_list("pk", flat=True)) == {
        facility.pk, other_facility.pk}
    entries = AuditLog.objects.filter(action="directory.facility.cp_status")
    assert sorted(int(e.object_id) for e in entries) == sorted([facility.pk, other_facility.pk])
    assert third.cp_status == CPStatus.UNAWARE
    # The ward officer of Hàng Bạc may not change a facility of Hàng Đào: nothing is done at all.
    ward = client_for(users["ward"])
    assert ward.post("/danh-muc/co-so/hang-loat/", {**data, "pk": [facility.pk, third.pk]}).status_code == 404
    assert Facility.objects.get(pk=third.pk).cp_status == CPStatus.UNAWARE
    # A bad date: a Vietnamese message, no step recorded.
    bad = district.post("/danh-muc/co-so/hang-loat/", {**data, "pk": [third.pk],
                                                        "cp_status-effective_date": "31/02/2026"}, follow=True)
    assert "Chưa thực hiện" in bad.content.decode()
    assert Facility.objects.get(pk=third.pk).cp_status == CPStatus.UNAWARE
    # A consultant may change no facility: no bulk action is offered.
    assert 'name="action"' not in client_for(users["consultant"]).get("/danh-muc/co-so/").content.decode()
