"""Facility and organisation endpoints, scoped exactly like the pages."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import FilterSchema, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from sxsh.core.dates import Day
from sxsh.core.ids import Id
from sxsh.core.scoping import allows
from sxsh.core.validators import PlainName

from . import selectors, services
from .forms import FacilityForm
from .models import AdministrativeUnit, Facility, Reorganisation

router = Router(tags=["directory"])


class UnitOut(Schema):
    """A unit with its level, kind (the kind's own name), official code, parent and validity."""

    id: int
    name: str
    full_name: str
    level: str
    kind: str
    code: str
    official_code: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None

    @staticmethod
    def resolve_kind(obj: AdministrativeUnit) -> str:
        return obj.kind.name


class UnitQuery(FilterSchema):
    level: str = ""
    parent: Id | None = None
    valid_on: Day | None = None


class PartOut(Schema):
    source: UnitOut
    target: UnitOut
    whole: bool


class ReorganisationOut(Schema):
    id: int
    name: str
    effective_date: date
    legal_basis: str
    sources_note: str
    applied_at: datetime | None
    parts: list[PartOut]

    @staticmethod
    def resolve_parts(obj: Reorganisation) -> list[Any]:
        return list(obj.parts.all())


class FacilityOut(Schema):
    id: int
    name: str
    tax_code: str
    address: str
    ward: UnitOut
    sector_code: str
    key_group: str
    supporting_industry: bool
    size: str
    employees: int | None
    cp_status: str
    is_illustrative: bool

    @staticmethod
    def resolve_sector_code(obj: Facility) -> str:
        return obj.sector.code


class FacilityIn(Schema):
    name: PlainName
    tax_code: str
    address: str
    ward_id: Id
    sector_code: str
    supporting_industry: bool = False
    size: str = "small"
    employees: int | None = None
    contact_name: PlainName = ""
    contact_phone: str = ""
    contact_email: str = ""


class FacilityQuery(FilterSchema):
    q: str = ""
    ward: Id | None = None
    sector: Id | None = None
    key_group: str = ""
    status: str = ""


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    unit: UnitOut


@router.get("/facilities", response=list[FacilityOut])
@paginate(LimitOffsetPagination)
def list_facilities(request: HttpRequest, filters: Query[FacilityQuery]) -> Any:
    """Facilities in the caller's scope; ``q`` ignores diacritics and case."""
    return selectors.facilities_for(request.user, selectors.FacilityFilters.from_params(filters.dict()))


@router.get("/facilities/{facility_id}", response=FacilityOut)
def get_facility(request: HttpRequest, facility_id: Id) -> Any:
    return get_object_or_404(selectors.facilities_for(request.user), pk=facility_id)


def _form_data(payload: FacilityIn) -> dict[str, Any]:
    data = payload.dict()
    sector = selectors.divisions().filter(code=data.pop("sector_code").upper()).first()
    data["sector"] = sector.pk if sector else ""
    data["ward"] = data.pop("ward_id")
    return data


def _save(request: HttpRequest, payload: FacilityIn, instance: Facility | None) -> Facility:
    form = FacilityForm(_form_data(payload), instance=instance, user=request.user)
    if not form.is_valid():
        raise HttpError(422, "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()))
    try:
        if instance is None:
            return services.create_facility(acting_user=request.user, data=form.cleaned_data)
        return services.update_facility(acting_user=request.user, facility=instance, data=form.cleaned_data)
    except DjangoValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc


@router.post("/facilities", response={201: FacilityOut})
def create_facility(request: HttpRequest, payload: FacilityIn) -> Any:
    if not allows(request.user, Facility, "add"):
        raise HttpError(403, "Bạn không có quyền thêm cơ sở.")
    return Status(201, _save(request, payload, None))


@router.put("/facilities/{facility_id}", response=FacilityOut)
def update_facility(request: HttpRequest, facility_id: Id, payload: FacilityIn) -> Any:
    facility = get_object_or_404(selectors.facilities_for(request.user, action="change"), pk=facility_id)
    return _save(request, payload, facility)


@router.get("/units", response=list[UnitOut])
@paginate(LimitOffsetPagination)
def list_units(request: HttpRequest, filters: Query[UnitQuery]) -> Any:
    """Administrative units in the caller's scope (every period: closed units too), in tree order."""
    return selectors.units_listed(request.user, level=filters.level, parent=filters.parent, valid_on=filters.valid_on)


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request: HttpRequest, unit_id: Id) -> Any:
    return get_object_or_404(selectors.units_for(request.user), pk=unit_id)


@router.get("/reorganisations", response=list[ReorganisationOut])
@paginate(LimitOffsetPagination)
def list_reorganisations(request: HttpRequest) -> Any:
    """Recorded merges and splits of units, newest first, each with its sources → targets."""
    return selectors.reorganisations(request.user)


@router.get("/organisations", response=list[OrganisationOut])
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest, q: str = "", kind: str = "") -> Any:
    return selectors.organisations_for(request.user, q[:200], kind)


@router.get("/organisations/{organisation_id}", response=OrganisationOut)
def get_organisation(request: HttpRequest, organisation_id: Id) -> Any:
    return get_object_or_404(selectors.organisations_for(request.user), pk=organisation_id)
