"""Writes to the directory: atomic, with the acting user, each writing its audit record."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sxsh.core import audit
from sxsh.core.scoping import allows, ensure_in_scope

from . import selectors
from .importing import ImportPreview
from .models import CPStatus, CPStatusChange, Facility, Organisation

FACILITY_FIELDS = (
    "name", "tax_code", "address", "ward", "sector", "supporting_industry", "size", "employees",
    "contact_name", "contact_phone", "contact_email",
)


def _require(user: Any, model: type, action: str) -> None:
    if not allows(user, model, action):
        raise PermissionDenied


@transaction.atomic
def create_facility(*, acting_user: Any, data: dict[str, Any], is_illustrative: bool = False) -> Facility:
    _require(acting_user, Facility, "add")
    facility = Facility(is_illustrative=is_illustrative, **{k: v for k, v in data.items() if k in FACILITY_FIELDS})
    facility.full_clean()
    facility.save()
    ensure_in_scope(acting_user, facility, "add")
    audit.record(acting_user=acting_user, action="directory.facility.created", obj=facility,
                 after=facility.audit_snapshot())
    CPStatusChange.objects.create(
        facility=facility, status=facility.cp_status, effective_date=date.today(), recorded_by=_user(acting_user)
    )
    return facility


@transaction.atomic
def update_facility(*, acting_user: Any, facility: Facility, data: dict[str, Any]) -> Facility:
    _require(acting_user, Facility, "change")
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    before = facility.audit_snapshot()
    for key, value in data.items():
        if key in FACILITY_FIELDS:
            setattr(facility, key, value)
    facility.full_clean()
    facility.save()
    ensure_in_scope(acting_user, facility, "change")
    after = facility.audit_snapshot()
    if after != before:
        audit.record(acting_user=acting_user, action="directory.facility.changed", obj=facility,
                     before=before, after=after)
    return facility


@transaction.atomic
def delete_facility(*, acting_user: Any, facility: Facility) -> None:
    _require(acting_user, Facility, "delete")
    before = facility.audit_snapshot()
    audit.record(acting_user=acting_user, action="directory.facility.deleted", obj=facility, before=before)
    facility.delete()


@transaction.atomic
def record_cp_status(
    *, acting_user: Any, facility: Facility, status: str, effective_date: date, note: str = ""
) -> CPStatusChange:
    """Add a dated step to the facility's CP status history; the latest step is its current status."""
    if status not in CPStatus.values:
        raise ValueError(status)
    change = CPStatusChange.objects.create(
        facility=facility, status=status, effective_date=effective_date, note=note, recorded_by=_user(acting_user)
    )
    latest = facility.status_history.order_by("-effective_date", "-id").first()
    before = facility.audit_snapshot()
    if latest is not None and facility.cp_status != latest.status:
        Facility.objects.filter(pk=facility.pk).update(cp_status=latest.status)
        facility.cp_status = latest.status
    audit.record(acting_user=acting_user, action="directory.facility.cp_status", obj=facility,
                 before=before, after={**facility.audit_snapshot(), "status_change": change.audit_snapshot()})
    return change


#: Rows written per statement by the import (a test lowers it to interrupt an import between batches).
IMPORT_BATCH = 500


@transaction.atomic
def import_facilities(*, acting_user: Any, preview: ImportPreview) -> tuple[int, int]:
    """Create or update every row of a valid preview, or nothing at all. Returns (created, updated).

    New facilities are written in batches (facility, first status, audit record per facility);
    existing ones go through :func:`update_facility` one by one.
    """
    if not preview.is_valid or not preview.rows:
        raise ValueError("import preview has errors")
    new_rows = [row for row in preview.rows if not row.existing_pk]
    if new_rows:
        _require(acting_user, Facility, "add")
        in_scope = set(selectors.wards_for(acting_user).values_list("pk", flat=True))
        if any(row.cleaned["ward"].pk not in in_scope for row in new_rows):
            raise PermissionDenied
    for start in range(0, len(new_rows), IMPORT_BATCH):
        _create_batch(acting_user, new_rows[start:start + IMPORT_BATCH])
    for row in preview.rows:
        if row.existing_pk:
            facility = Facility.objects.restrict(acting_user, "change").get(pk=row.existing_pk)
            update_facility(acting_user=acting_user, facility=facility, data=_facility_data(row.cleaned))
    created, updated = len(new_rows), len(preview.rows) - len(new_rows)
    audit.record(acting_user=acting_user, action="directory.facility.imported", after={
        "created": created, "updated": updated, "rows": len(preview.rows)}, object_repr="import")
    return created, updated


def _facility_data(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in cleaned.items() if k in FACILITY_FIELDS}


def _create_batch(acting_user: Any, rows: list[Any]) -> None:
    facilities = [Facility(**_facility_data(row.cleaned)) for row in rows]
    for facility in facilities:
        facility.derive_fields()
    Facility.objects.bulk_create(facilities)
    today = date.today()
    CPStatusChange.objects.bulk_create([
        CPStatusChange(facility=f, status=f.cp_status, effective_date=today, recorded_by=_user(acting_user))
        for f in facilities
    ])
    audit.record_many(acting_user=acting_user, action="directory.facility.created",
                      changes=[(f, None, f.audit_snapshot()) for f in facilities])


@transaction.atomic
def save_organisation(*, acting_user: Any, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    creating = organisation.pk is None
    _require(acting_user, Organisation, "add" if creating else "change")
    before = None if creating else Organisation.objects.get(pk=organisation.pk).audit_snapshot()
    for key, value in data.items():
        setattr(organisation, key, value)
    organisation.full_clean()
    organisation.save()
    ensure_in_scope(acting_user, organisation, "add" if creating else "change")
    audit.record(
        acting_user=acting_user, action=f"directory.organisation.{'created' if creating else 'changed'}",
        obj=organisation, before=before, after=organisation.audit_snapshot(),
    )
    return organisation


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None
