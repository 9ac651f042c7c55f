"""Reads of the directory, always scoped to the acting user."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from sxsh.core.ids import parse_id
from sxsh.core.search import matching

from .models import AdministrativeUnit, CPStatus, Facility, KeySector, Organisation, Sector, UnitKind


@dataclass(frozen=True)
class FacilityFilters:
    q: str = ""
    ward: int | None = None
    sector: int | None = None
    key_group: str = ""
    status: str = ""
    supporting: bool | None = None

    @classmethod
    def from_params(cls, params: Any) -> "FacilityFilters":
        supporting = params.get("supporting")
        return cls(
            q=(params.get("q") or "").strip()[:200],
            ward=parse_id(params.get("ward")),
            sector=parse_id(params.get("sector")),
            key_group=params.get("key_group") if params.get("key_group") in KeySector.values else "",
            status=params.get("status") if params.get("status") in CPStatus.values else "",
            supporting={"1": True, "0": False}.get(supporting or ""),
        )


def facilities_for(user: Any, filters: FacilityFilters | None = None, action: str = "view") -> QuerySet[Facility]:
    """Facilities the user may see, filtered; the list page, the API and the exports all use it."""
    qs = Facility.objects.restrict(user, action).select_related("ward", "sector")
    if filters is None:
        return qs
    qs = matching(qs, filters.q)
    if filters.ward:
        qs = qs.filter(ward_id=filters.ward)
    if filters.sector:
        qs = qs.filter(sector_id=filters.sector)
    if filters.key_group:
        qs = qs.filter(sector__key_group=filters.key_group)
    if filters.status:
        qs = qs.filter(cp_status=filters.status)
    if filters.supporting is not None:
        qs = qs.filter(supporting_industry=filters.supporting)
    return qs


def facility_detail(user: Any, pk: int) -> Facility:
    """One facility in the user's scope; raises ``Facility.DoesNotExist`` otherwise (a 404)."""
    return facilities_for(user).get(pk=pk)


def organisations_for(user: Any, q: str = "", kind: str = "", action: str = "view") -> QuerySet[Organisation]:
    qs = Organisation.objects.restrict(user, action).select_related("unit")
    qs = matching(qs, q)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def wards_for(user: Any) -> QuerySet[AdministrativeUnit]:
    """Wards in the user's scope (for filters and forms)."""
    return AdministrativeUnit.objects.restrict(user).filter(kind=UnitKind.WARD).order_by("name")


def units_for(user: Any) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.restrict(user)


def unit_tree(user: Any) -> list[tuple[AdministrativeUnit, int, int]]:
    """Units in scope in tree order, each with its depth and its number of facilities."""
    units = units_for(user).select_related("successor").annotate(n_facilities=Count("facilities")).order_by("path")
    return [(u, u.path.count("/") - 2, u.n_facilities) for u in units]  # type: ignore[attr-defined]


def divisions() -> QuerySet[Sector]:
    return Sector.objects.filter(parent__isnull=False).order_by("code")


def public_summary() -> dict[str, int]:
    """Totals shown to visitors on the home page (no names, no personal data)."""
    facilities = Facility.objects.all()
    counts = facilities.aggregate(
        total=Count("pk"),
        key_sector=Count("pk", filter=~Q(sector__key_group="")),
        applying=Count("pk", filter=Q(cp_status__in=[CPStatus.APPLYING, CPStatus.SUSTAINING])),
    )
    return {
        "wards": AdministrativeUnit.objects.filter(kind=UnitKind.WARD, valid_to__isnull=True).count(),
        "facilities": counts["total"],
        "key_sector": counts["key_sector"],
        "applying": counts["applying"],
    }


def status_history(facility: Facility) -> QuerySet[Any]:
    return facility.status_history.select_related("recorded_by")


def can_edit_identity(user: Any) -> bool:
    """Name, tax code and ward are kept by officers; an enterprise edits the rest of its profile."""
    from sxsh.core.roles import Role
    from sxsh.core.scoping import is_admin

    return is_admin(user) or user.role in (Role.DISTRICT, Role.WARD)
