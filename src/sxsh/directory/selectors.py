"""Reads of the directory, always scoped to the acting user."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from sxsh.core.roles import UNIT_SCOPED

from .models import (
    AdministrativeUnit,
    CPStatus,
    Facility,
    FacilityWard,
    Organisation,
    Reorganisation,
    ReorganisationPart,
    Sector,
    UnitKind,
    UnitLevel,
)


def facilities_for(user: Any, action: str = "view") -> QuerySet[Facility]:
    """Facilities the user may ``action``; the listing (``tables.FACILITIES``: page, API, export) filters them.

    The officers of a closed unit (a district after 30/6/2025) keep read access to the facilities that
    were in it: those whose ward history has a step in their subtree."""
    qs = Facility.objects.restrict(user, action)
    closed = _closed_scope_path(user) if action == "view" else ""
    if closed:
        history = FacilityWard.objects.unscoped("ward history in the closed unit of the user (their kept read access)").filter(ward__path__startswith=closed).values("facility_id")
        qs = Facility.objects.unscoped("the user's facilities and those of their closed unit's history, both decided above").filter(Q(pk__in=qs.values("pk")) | Q(pk__in=history))
    return qs.select_related("ward__kind", "sector")


def _closed_scope_path(user: Any) -> str:
    """The scope path of a unit-scoped user whose unit is no longer valid today ("" otherwise)."""
    unit = getattr(user, "unit", None) if getattr(user, "role", None) in UNIT_SCOPED else None
    if unit is None or unit.valid_to is None or unit.valid_to >= timezone.localdate():
        return ""
    return str(user.scope_path)


def facility_detail(user: Any, pk: int) -> Facility:
    """One facility in the user's scope; raises ``Facility.DoesNotExist`` otherwise (a 404)."""
    return facilities_for(user).get(pk=pk)


def organisations_for(user: Any, action: str = "view") -> QuerySet[Organisation]:
    return Organisation.objects.restrict(user, action).select_related("unit__kind")


def wards_for(user: Any) -> QuerySet[AdministrativeUnit]:
    """Commune-level units valid today in the user's scope (for filters and forms)."""
    wards = AdministrativeUnit.objects.restrict(user).filter(level=UnitLevel.COMMUNE)
    return wards.filter(pk__in=AdministrativeUnit.valid_on(timezone.localdate()).values("pk")).order_by("name")


def unplaced_facilities(user: Any) -> QuerySet[Facility]:
    """The work list: facilities still in a ward that an applied reorganisation split, for the officers of
    the old ward's or of one of its targets' units (the target's officers see them before they are theirs)."""
    return unplaced_under(AdministrativeUnit.objects.restrict(user))


def unplaced_under(units: QuerySet[AdministrativeUnit]) -> QuerySet[Facility]:
    """Facilities still in a split ward whose old unit or one of whose targets is among ``units``."""
    splits = ReorganisationPart.objects.unscoped("the split parts of the units passed in (restricted by the caller)").filter(whole=False, reorganisation__applied_at__isnull=False).filter(
        Q(source__in=units.values("pk")) | Q(target__in=units.values("pk")))
    return Facility.objects.unscoped("the work list: facilities of wards split from or into the units passed in").filter(ward__in=splits.values("source")).select_related("ward__kind", "sector")


def placement_targets(user: Any, facilities: QuerySet[Facility]) -> QuerySet[AdministrativeUnit]:
    """The units in scope that received part of the facilities' (split) wards."""
    parts = ReorganisationPart.objects.unscoped("parts of the facilities' wards; the targets are restricted below").filter(whole=False, source__in=facilities.values("ward"))
    return AdministrativeUnit.objects.restrict(user).filter(pk__in=parts.values("target")).order_by("path")


def unplaced_count(user: Any) -> int:
    """How many facilities wait on the work list (shown in the menu of the officers concerned)."""
    from sxsh.core.scoping import is_admin

    if not getattr(user, "is_authenticated", False):
        return 0
    if not (is_admin(user) or user.role in UNIT_SCOPED):
        return 0
    return unplaced_facilities(user).count()


def units_for(user: Any, action: str = "view") -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.restrict(user, action)


def unit_context(user: Any, unit: AdministrativeUnit) -> dict[str, Any]:
    """What a unit's page shows beside the unit: its units below and predecessors (in the user's scope), the
    reorganisations it took part in, and the facilities in it (or in its units below) today."""
    units = units_for(user).select_related("kind")
    return {
        "children": units.filter(parent=unit).order_by("path"),
        "predecessors": units.filter(successor=unit).order_by("path"),
        "reorganisations": reorganisations(user).filter(Q(parts__source=unit) | Q(parts__target=unit)).distinct(),
        "n_facilities": Facility.objects.restrict(user).filter(ward__path__startswith=unit.path).count(),
    }


def unit_kinds() -> QuerySet[UnitKind]:
    return UnitKind.objects.unscoped("reference data: unit kinds").order_by("level", "name")


def reorganisations(user: Any) -> QuerySet[Reorganisation]:
    """Recorded reorganisations with their parts (sources and targets with their kinds)."""
    parts = Prefetch("parts", ReorganisationPart.objects.unscoped("the parts of the reorganisations restricted below").select_related("source__kind", "target__kind"))
    return Reorganisation.objects.restrict(user).prefetch_related(parts).order_by("-effective_date", "pk")


def divisions() -> QuerySet[Sector]:
    return Sector.objects.unscoped("reference data: VSIC divisions").filter(parent__isnull=False).order_by("code")


def public_summary() -> dict[str, int]:
    """Totals shown to visitors on the home page (no names, no personal data)."""
    facilities = Facility.objects.unscoped("public totals, no names")
    counts = facilities.aggregate(
        total=Count("pk"),
        key_sector=Count("pk", filter=~Q(sector__key_group="")),
        applying=Count("pk", filter=Q(cp_status__in=[CPStatus.APPLYING, CPStatus.SUSTAINING])),
    )
    return {
        "wards": AdministrativeUnit.objects.unscoped("public totals, no names").filter(level=UnitLevel.COMMUNE, valid_to__isnull=True).count(),
        "facilities": counts["total"],
        "key_sector": counts["key_sector"],
        "applying": counts["applying"],
    }


def facility_status_counts(user: Any) -> dict[str, Any]:
    """The back-office landing page's counters: the user's facilities by CP status."""
    facilities = Facility.objects.restrict(user, "view")
    counts = dict(facilities.values_list("cp_status").annotate(n=Count("pk")).order_by())
    by_status = [(value, label, counts.get(value, 0)) for value, label in CPStatus.choices]
    return {"facility_count": sum(counts.values()), "by_status": by_status}


def status_history(facility: Facility) -> QuerySet[Any]:
    return facility.status_history.select_related("recorded_by")


def ward_history(facility: Facility) -> QuerySet[FacilityWard]:
    """The dated steps of the facility's ward (empty when it has always been in its ward)."""
    return facility.ward_history.select_related("ward__kind", "reorganisation")


def can_edit_identity(user: Any) -> bool:
    """Name, tax code and ward are kept by officers; an enterprise edits the rest of its profile."""
    from sxsh.core.roles import Role
    from sxsh.core.scoping import is_admin

    return is_admin(user) or user.role in (Role.DISTRICT, Role.WARD)
