"""Writes to the directory: atomic, with the acting user, each writing its audit record."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.calc.text import slugify_vi
from sxsh.core import audit, bulk
from sxsh.core.scoping import HELD, allows, ensure_in_scope, is_admin

from . import reorganising, selectors
from .importing import ImportPreview
from .models import (
    AdministrativeUnit,
    CPStatus,
    CPStatusChange,
    Facility,
    FacilityWard,
    Organisation,
    Reorganisation,
    ReorganisationPart,
    UnitKind,
    UnitLevel,
)
from .reorganising import REORGANISING

FACILITY_FIELDS = (
    "name", "tax_code", "address", "ward", "sector", "supporting_industry", "size", "employees",
    "contact_name", "contact_phone", "contact_email",
)

#: The reason of the reads of an administrator's (or the system's) recording of a reorganisation's data file.
RECORDING = "an administrator records a reorganisation from its data file (any unit of the province)"


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
    facility = Facility.objects.unscoped(HELD).select_for_update().get(pk=facility.pk)
    before = facility.audit_snapshot()
    ward = data.get("ward")
    if ward is not None and ward != facility.ward:
        check_ward_change(facility, ward)
        FacilityWard.objects.filter(facility=facility, valid_to__isnull=True).update(ward=ward)  # a correction
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
    bulk.insert(facilities)
    today, user = date.today(), _user(acting_user)
    bulk.insert([CPStatusChange(facility=f, status=f.cp_status, effective_date=today, recorded_by=user)
                 for f in facilities])
    audit.record_many(acting_user=acting_user, action="directory.facility.created",
                      changes=[(f, None, f.audit_snapshot()) for f in facilities])


@transaction.atomic
def save_organisation(*, acting_user: Any, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    creating = organisation.pk is None
    _require(acting_user, Organisation, "add" if creating else "change")
    before = None if creating else Organisation.objects.unscoped(HELD).get(pk=organisation.pk).audit_snapshot()
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


#: The first day without districts (two-tier local government, Resolution 1656/NQ-UBTVQH15 and its peers).
TWO_TIERS_FROM = date(2025, 7, 1)
#: Digits of an official code by level (Decision 19/2025/QĐ-TTg; Decision 124/2004/QĐ-TTg for districts).
CODE_DIGITS = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}
#: The levels a unit of each level may sit under (None: at the top).
PARENT_LEVELS: dict[str, tuple[str | None, ...]] = {
    UnitLevel.PROVINCE: (None,), UnitLevel.DISTRICT: (UnitLevel.PROVINCE,),
    UnitLevel.COMMUNE: (UnitLevel.PROVINCE, UnitLevel.DISTRICT),
}


def unit_errors(data: dict[str, Any]) -> dict[str, str]:
    """What is wrong with a new unit (field -> Vietnamese message): its place in the tree, its validity
    inside its parent's, a district still valid after 30/6/2025, an official code of the wrong form."""
    kind, parent = data.get("kind"), data.get("parent")
    start, end, code = data.get("valid_from"), data.get("valid_to"), data.get("official_code") or ""
    errors: dict[str, str] = {}
    if kind is None:
        return errors
    level = kind.level
    if (parent.level if parent else None) not in PARENT_LEVELS[level]:
        errors["parent"] = (_("Đơn vị cấp tỉnh không có đơn vị cấp trên.") if level == UnitLevel.PROVINCE else
                            _("Đơn vị “%(kind)s” phải trực thuộc một đơn vị %(levels)s.") % {
                                "kind": kind, "levels": _("cấp tỉnh") if level == UnitLevel.DISTRICT
                                else _("cấp tỉnh hoặc cấp huyện")})
    elif parent is not None and parent.valid_from and (start is None or start < parent.valid_from):
        errors["valid_from"] = _("%(p)s chỉ có hiệu lực từ %(d)s: đơn vị trực thuộc không thể bắt đầu sớm hơn.") % {
            "p": parent, "d": reorganising.dmy(parent.valid_from)}
    elif parent is not None and parent.valid_to and (end is None or end > parent.valid_to):
        errors["valid_to"] = _("%(p)s hết hiệu lực ngày %(d)s: đơn vị trực thuộc phải kết thúc cùng hoặc trước đó.") % {
            "p": parent, "d": reorganising.dmy(parent.valid_to)}
    if start and end and end < start:
        errors["valid_to"] = _("Ngày hết hiệu lực (%(end)s) ở trước ngày bắt đầu hiệu lực (%(start)s).") % {
            "end": reorganising.dmy(end), "start": reorganising.dmy(start)}
    elif level == UnitLevel.DISTRICT and (end is None or end >= TWO_TIERS_FROM):
        errors.setdefault("valid_to", _("Cấp huyện đã kết thúc hoạt động từ ngày 01/07/2025: hãy nhập ngày hết hiệu "
                                        "lực không muộn hơn 30/06/2025."))
    if code and (not code.isdigit() or len(code) != CODE_DIGITS[level]):
        errors["official_code"] = _("Mã đơn vị %(level)s gồm đúng %(n)s chữ số (để trống nếu chưa được xác nhận).") % {
            "level": UnitLevel(level).label.lower(), "n": CODE_DIGITS[level]}
    return errors


@transaction.atomic
def create_unit(*, acting_user: Any, data: dict[str, Any]) -> AdministrativeUnit:
    """A new administrative unit (administrator only): its level is its kind's, its path code comes from its
    name (made unique among its siblings). Refused with field messages by :func:`unit_errors`."""
    _require(acting_user, AdministrativeUnit, "add")
    errors = unit_errors(data)
    if errors:
        raise ValidationError(errors)
    kind, parent = data["kind"], data.get("parent")
    base = slugify_vi(data["name"])[:36] or "don-vi"
    taken = set(AdministrativeUnit.objects.unscoped("path codes are unique among a unit's siblings").filter(
        parent=parent).values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    unit = AdministrativeUnit(name=data["name"], kind=kind, level=kind.level, parent=parent, code=code,
                              official_code=data.get("official_code") or "", valid_from=data.get("valid_from"),
                              valid_to=data.get("valid_to"))
    unit.full_clean()
    unit.save()
    audit.record(acting_user=acting_user, action="directory.unit.created", obj=unit, after=unit.audit_snapshot())
    return unit


#: What an administrator may correct on a unit; its name, kind and parent change only by a reorganisation.
UNIT_CORRECTIONS = ("official_code", "valid_from", "valid_to")


def unit_correction_errors(unit: AdministrativeUnit, data: dict[str, Any]) -> dict[str, str]:
    """What is wrong with a correction of ``unit`` (field -> Vietnamese message): the checks of a new unit, and
    its units below and its facilities, which must stay inside its validity."""
    changed = {**{f: getattr(unit, f) for f in UNIT_CORRECTIONS}, **{f: data.get(f) for f in UNIT_CORRECTIONS}}
    errors = unit_errors({**changed, "kind": unit.kind, "parent": unit.parent})
    if errors:
        return errors
    start, end = changed["valid_from"], changed["valid_to"]
    children = AdministrativeUnit.objects.unscoped("a unit's validity contains its children's").filter(parent=unit)
    early = Q(valid_from__isnull=True) | Q(valid_from__lt=start)
    if start and (child := children.filter(early).order_by("path").first()) is not None:
        errors["valid_from"] = _("%(child)s trực thuộc đơn vị này có hiệu lực từ trước ngày %(d)s: hãy sửa đơn vị đó "
                                 "trước.") % {"child": child, "d": reorganising.dmy(start)}
    late = Q(valid_to__isnull=True) | Q(valid_to__gt=end)
    if end and (child := children.filter(late).order_by("path").first()) is not None:
        errors["valid_to"] = _("%(child)s trực thuộc đơn vị này còn hiệu lực sau ngày %(d)s: hãy ghi một đợt sắp xếp "
                               "đơn vị hành chính.") % {"child": child, "d": reorganising.dmy(end)}
    elif end and end != unit.valid_to:
        placed = Facility.objects.unscoped("the facilities still in a unit that would close").filter(ward=unit).count()
        if placed:
            errors["valid_to"] = _("Còn %(n)s cơ sở thuộc đơn vị này: hãy ghi một đợt sắp xếp đơn vị hành chính để "
                                   "chuyển các cơ sở, đơn vị sẽ hết hiệu lực theo đợt đó.") % {"n": placed}
    return errors


@transaction.atomic
def correct_unit(*, acting_user: Any, unit: AdministrativeUnit, data: dict[str, Any]) -> AdministrativeUnit:
    """Correct a unit's official code (once confirmed) or its validity (administrator), audited
    with before and after; refused with field messages by :func:`unit_correction_errors`."""
    _require(acting_user, AdministrativeUnit, "change")
    unit = AdministrativeUnit.objects.restrict(acting_user, "change").select_for_update().get(pk=unit.pk)
    errors = unit_correction_errors(unit, data)
    if errors:
        raise ValidationError(errors)
    before = unit.audit_snapshot()
    for field in UNIT_CORRECTIONS:
        setattr(unit, field, data.get(field) or ("" if field == "official_code" else None))
    if unit.audit_snapshot() == before:
        return unit
    unit.full_clean()
    unit.save()
    audit.record(acting_user=acting_user, action="directory.unit.corrected", obj=unit, before=before,
                 after=unit.audit_snapshot())
    return unit


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


# --- reorganisations and the facilities' ward history ------------------------------------------------

class ReorganisationError(ValidationError):
    """A reorganisation that cannot be applied, or a placement that is not allowed; messages for the user."""


@transaction.atomic
def apply_reorganisation(*, acting_user: Any, reorganisation: Reorganisation) -> reorganising.Preview:
    """Apply what the preview shows, all or nothing: sources and abolished units close the day before,
    facilities of wards that moved whole follow their ward (dated history), those of split wards are left
    for the work list. Only an administrator (or the system, ``acting_user`` None) applies it."""
    if acting_user is not None and not is_admin(acting_user):
        raise PermissionDenied
    reorganisation = Reorganisation.objects.unscoped(HELD).select_for_update().get(pk=reorganisation.pk)
    plan = reorganising.preview(reorganisation)
    if not plan.is_valid:
        raise ReorganisationError(plan.errors)
    day, closes = reorganisation.effective_date, plan.closes_on
    for source in plan.sources:
        _close_unit(acting_user, source.source, closes, source.targets[0] if source.whole else None)
        facilities = list(Facility.objects.unscoped(REORGANISING).select_for_update().filter(ward=source.source))
        _close_history(facilities, source.source, closes, reorganisation)
        if source.whole:
            _open_history(acting_user, facilities, source.targets[0], day, reorganisation)
    for unit in plan.abolished:
        _close_unit(acting_user, unit, closes, None)
    before = reorganisation.audit_snapshot()
    reorganisation.applied_at, reorganisation.applied_by = timezone.now(), _user(acting_user)
    reorganisation.save(update_fields=["applied_at", "applied_by", "updated_at"])
    audit.record(acting_user=acting_user, action="directory.reorganisation.applied", obj=reorganisation,
                 before=before, after={**reorganisation.audit_snapshot(), "facilities_moved": plan.facilities_moved,
                                       "facilities_to_place": plan.facilities_to_place})
    return plan


def _close_unit(acting_user: Any, unit: AdministrativeUnit, closes: date, successor: AdministrativeUnit | None) -> None:
    before = unit.audit_snapshot()
    unit.valid_to, unit.successor = closes, successor
    unit.full_clean()
    unit.save(update_fields=["valid_to", "successor", "updated_at"])
    audit.record(acting_user=acting_user, action="directory.unit.closed", obj=unit, before=before,
                 after=unit.audit_snapshot())


def _close_history(facilities: list[Facility], ward: AdministrativeUnit, closes: date,
                   reorganisation: Reorganisation) -> None:
    """End each facility's current step in ``ward`` on ``closes`` (writing the step if it had none)."""
    open_steps = FacilityWard.objects.unscoped(REORGANISING).filter(facility__in=facilities, valid_to__isnull=True)
    with_steps = set(open_steps.values_list("facility_id", flat=True))
    open_steps.update(valid_to=closes)
    FacilityWard.objects.bulk_create([
        FacilityWard(facility=f, ward=ward, valid_to=closes, reorganisation=reorganisation)
        for f in facilities if f.pk not in with_steps
    ])


def _open_history(acting_user: Any, facilities: list[Facility], ward: AdministrativeUnit, day: date,
                  reorganisation: Reorganisation) -> None:
    changes = [(f, f.audit_snapshot()) for f in facilities]
    FacilityWard.objects.bulk_create([
        FacilityWard(facility=f, ward=ward, valid_from=day, reorganisation=reorganisation) for f in facilities
    ])
    Facility.objects.filter(pk__in=[f.pk for f in facilities]).update(ward=ward)
    for f in facilities:
        f.ward = ward
    audit.record_many(acting_user=acting_user, action="directory.facility.ward_changed",
                      changes=[(f, before, f.audit_snapshot()) for f, before in changes])


@transaction.atomic
def place_facilities(*, acting_user: Any, facilities: list[Facility], target: AdministrativeUnit) -> int:
    """Place facilities of split wards into one of their ward's targets (from the reorganisation's date).

    All or nothing: a facility already placed, a target outside the split or in another province, or a
    target outside the officer's scope refuses the whole batch with a message.
    """
    if not facilities:
        raise ReorganisationError(_("Hãy chọn ít nhất một cơ sở cần xếp địa bàn mới."))
    units = AdministrativeUnit.objects.unscoped("the system (demo loading) places anywhere").all() if acting_user is None else selectors.units_for(acting_user)
    queue = selectors.unplaced_under(units)  # the system (demo loading) places anywhere
    locked = list(queue.select_for_update(of=("self",)).filter(pk__in=[f.pk for f in facilities]))
    if len(locked) != len({f.pk for f in facilities}):
        raise ReorganisationError(_("Có cơ sở đã được xếp địa bàn mới hoặc không còn trong danh sách chờ; hãy tải lại trang."))
    if not units.filter(pk=target.pk).exists():
        raise PermissionDenied
    parts = {p.source_id: p for p in ReorganisationPart.objects.unscoped("the parts of a target already checked in scope").select_related("reorganisation").filter(
        whole=False, target=target, source_id__in=[f.ward_id for f in locked])}
    for facility in locked:
        if _province(facility.ward) != _province(target):
            raise ReorganisationError(_("Không thể chuyển “%(f)s” sang %(t)s: đơn vị này thuộc đơn vị cấp tỉnh khác.")
                                      % {"f": facility.name, "t": target})
        if facility.ward_id not in parts:
            raise ReorganisationError(_("%(t)s không nhận phần nào của %(w)s, nơi “%(f)s” đặt trụ sở trước đây.")
                                      % {"t": target, "w": facility.ward, "f": facility.name})
    for facility in locked:
        _open_history(acting_user, [facility], target, parts[facility.ward_id].reorganisation.effective_date,
                      parts[facility.ward_id].reorganisation)
    return len(locked)


def _province(unit: AdministrativeUnit) -> str:
    """The path of the unit's top-level ancestor ("/ha-noi/")."""
    return "/" + unit.path.strip("/").split("/")[0] + "/"


def check_ward_change(facility: Facility, ward: AdministrativeUnit) -> None:
    """A facility's ward can be corrected to a ward valid today in the same province, nothing else."""
    if not ward.is_valid_on(date.today()):
        raise ValidationError({"ward": _("%(w)s không còn hiệu lực (đến %(end)s): hãy chọn đơn vị cấp xã hiện hành.")
                               % {"w": ward, "end": reorganising.dmy(ward.valid_to)}})
    if facility.pk and _province(Facility.objects.unscoped(HELD).get(pk=facility.pk).ward) != _province(ward):
        raise ValidationError({"ward": _("Không thể chuyển cơ sở sang %(w)s thuộc đơn vị cấp tỉnh khác.") % {"w": ward}})


@transaction.atomic
def record_reorganisation(*, acting_user: Any, data: dict[str, Any]) -> tuple[Reorganisation, bool]:
    """Record a reorganisation from its data file (``data/ha-noi-2025.json``): the new units (valid from its
    date), the event, its sources → targets and the units it abolishes. Idempotent: an event with the same
    legal basis and name is returned as it is (``created`` False). Not applied here."""
    if acting_user is not None and not is_admin(acting_user):
        raise PermissionDenied
    day = date.fromisoformat(data["effective_date"])
    existing = Reorganisation.objects.unscoped(RECORDING).filter(legal_basis=data["legal_basis"], name=data["name"]).first()
    if existing is not None:
        return existing, False
    province = AdministrativeUnit.objects.unscoped(RECORDING).get(path=data["province"])
    kinds = {k.code: k for k in UnitKind.objects.unscoped("reference data: unit kinds").all()}
    new_units: dict[str, AdministrativeUnit] = {}
    for row in data["new_units"]:
        kind = kinds[row["kind"]]
        unit = AdministrativeUnit(parent=province, code=row["code"], name=row["name"], kind=kind, level=kind.level,
                                  official_code=row.get("official_code", ""), valid_from=day)
        unit.full_clean()
        unit.save()
        new_units[row["code"]] = unit
        audit.record(acting_user=acting_user, action="directory.unit.created", obj=unit, after=unit.audit_snapshot())
    reorganisation = Reorganisation.objects.create(
        name=data["name"], effective_date=day, legal_basis=data["legal_basis"], sources_note=data.get("sources_note", ""))
    reorganisation.abolished.set(AdministrativeUnit.objects.unscoped(RECORDING).filter(path__in=data.get("abolished", [])))
    for row in data["parts"]:
        source = AdministrativeUnit.objects.unscoped(RECORDING).get(path=row["source"])
        whole = len(row["targets"]) == 1
        for code in row["targets"]:
            ReorganisationPart.objects.create(reorganisation=reorganisation, source=source, target=new_units[code],
                                              whole=whole)
    audit.record(acting_user=acting_user, action="directory.reorganisation.recorded", obj=reorganisation,
                 after={**reorganisation.audit_snapshot(), "parts": len(data["parts"])})
    return reorganisation, True
