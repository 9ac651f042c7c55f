"""``manage.py backup`` / ``restore`` round-trip the database exactly (row counts and row checksums)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sxsh.core.management.commands.backup import fingerprint
from sxsh.core.roles import Role
from sxsh.directory import services
from sxsh.directory.models import Facility
from sxsh.testing.factories import FacilityFactory


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_round_trips_exactly(tmp_path: Path, make_user, hang_bac) -> None:  # type: ignore[no-untyped-def]
    district = make_user(Role.DISTRICT, username="sao-luu")
    facilities = [FacilityFactory(ward=hang_bac, name=f"Cơ sở sao lưu {i} – “ký tự đặc biệt” ' \" \\") for i in range(25)]
    services.record_cp_status(acting_user=district, facility=facilities[0], status="aware",
                              effective_date=__import__("datetime").date(2020, 1, 2))
    before = fingerprint()
    assert before["directory_facility"][0] == 25
    assert before["core_auditlog"][0] >= 1

    archive = tmp_path / "sxsh.backup"
    out = StringIO()
    call_command("backup", output=str(archive), verify=True, stdout=out)
    assert archive.stat().st_size > 0
    assert "directory_facility\t25\t" in out.getvalue()

    # Damage the live database after the backup: delete, change and add rows.
    services.delete_facility(acting_user=district, facility=facilities[1])
    Facility.objects.filter(pk=facilities[2].pk).update(name="Đã sửa sau sao lưu")
    FacilityFactory(ward=hang_bac)
    assert fingerprint() != before

    call_command("restore", str(archive), yes=True, stdout=StringIO())
    after = fingerprint()
    assert after == before
    assert Facility.objects.get(pk=facilities[2].pk).name.startswith("Cơ sở sao lưu 2")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path, reference: None) -> None:
    bogus = tmp_path / "not-a-backup"
    bogus.write_bytes(b"hello, this is not a database")
    before = fingerprint()
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), yes=True, stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "missing"), yes=True, stdout=StringIO())
    assert fingerprint() == before
