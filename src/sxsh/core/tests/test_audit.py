import pytest
from django.db import transaction

from sxsh.core import audit
from sxsh.core.models import AuditLog
from sxsh.directory import services
from sxsh.directory.models import Sector

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(users: dict) -> None:
    with pytest.raises(RuntimeError):
        audit.record(acting_user=users["district"], action="x.y", object_repr="z")


def test_record_stores_who_what_and_before_after(users: dict, facility) -> None:
    with transaction.atomic():
        entry = audit.record(acting_user=users["district"], action="directory.facility.changed", obj=facility,
                             before={"name": "A"}, after={"name": "B"})
    assert entry.user == users["district"]
    assert entry.user_name == "quan"
    assert entry.object_id == str(facility.pk)
    assert entry.changed_fields() == [("name", "A", "B")]
    assert len(entry.request_id) >= 8


def test_every_request_gets_one_request_id_shared_by_its_audit_records(users: dict, facility, client_for) -> None:
    client = client_for(users["district"])
    response = client.post(f"/danh-muc/co-so/{facility.pk}/tinh-trang/",
                           {"status": "aware", "effective_date": "2019-09-01", "note": "Dự hội thảo"})
    assert response.status_code == 302
    entries = AuditLog.objects.filter(action="directory.facility.cp_status")
    assert entries.count() == 1
    assert entries[0].request_id == response["X-Request-ID"]


def test_a_failed_write_leaves_no_audit_record(users: dict, facility) -> None:
    before = AuditLog.objects.count()
    with pytest.raises(Exception):  # noqa: B017
        services.update_facility(acting_user=users["district"], facility=facility,
                                 data={"tax_code": "123"})
    assert AuditLog.objects.count() == before


def test_admin_saves_are_audited(users: dict, client_for) -> None:
    client = client_for(users["admin"])
    sector = Sector.objects.get(code="C10")
    response = client.post(f"/quan-tri/directory/sector/{sector.pk}/change/", {
        "code": "C10", "name": "Chế biến thực phẩm", "parent": sector.parent_id, "key_group": "food"})
    assert response.status_code == 302
    entry = AuditLog.objects.get(action="directory.sector.changed.admin")
    assert entry.before["name"] == "Sản xuất, chế biến thực phẩm"
    assert entry.after["name"] == "Chế biến thực phẩm"
