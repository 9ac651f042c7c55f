"""Facility and organisation endpoints, scoped exactly like the pages."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from sxsh.core.apidoc import stated
from sxsh.core.ids import Id
from sxsh.core.scoping import allows
from sxsh.core.tables_api import api_list
from sxsh.core.validators import PlainName, RequiredName, RequiredText

from . import selectors, services
from .forms import FacilityForm
from .models import AdministrativeUnit, Facility, FacilitySize, Reorganisation
from .tables import FACILITIES, ORGANISATIONS, UNITS

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


#: An address Django's e-mail check accepts (dot-atom local part, host names of letters, digits and hyphens).
EMAIL_PATTERN = (r"^([A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                 r"[A-Za-z]{2,63})?$")


class FacilityIn(Schema):
    """What the facility form accepts, stated in the schema (the tax code's check digit and the ward's
    scope are checked by the server: a code or ward that fails them gets 422 with the reason)."""

    name: RequiredName = stated(maxLength=255)
    tax_code: str = stated(maxLength=20, pattern=r"^([0-9]{10}(-[0-9]{3})?|[0-9]{12})$")
    address: RequiredText = stated(maxLength=255)
    ward_id: Id
    sector_code: str = stated(pattern=r"^[A-Ua-u][0-9]{2}$", description="Mã ngành cấp 2 VSIC, ví dụ C10")
    supporting_industry: bool = False
    size: str = stated("small", enum=list(FacilitySize.values))
    employees: int | None = stated(None, minimum=0, maximum=1_000_000)
    contact_name: PlainName = stated("", maxLength=150)
    contact_phone: str = stated("", pattern=r"^([0-9 +().-]{8,20})?$")
    contact_email: str = stated("", maxLength=254, pattern=EMAIL_PATTERN)


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    unit: UnitOut


api_list(router, "/facilities", FACILITIES, list[FacilityOut],
         "Facilities in the caller's scope, with the list page's filters (``q`` ignores diacritics and case).")


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


api_list(router, "/units", UNITS, list[UnitOut],
         "Administrative units in the caller's scope (every period: closed units too), in tree order.")


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request: HttpRequest, unit_id: Id) -> Any:
    return get_object_or_404(selectors.units_for(request.user), pk=unit_id)


@router.get("/reorganisations", response=list[ReorganisationOut])
@paginate(LimitOffsetPagination)
def list_reorganisations(request: HttpRequest) -> Any:
    """Recorded merges and splits of units, newest first, each with its sources → targets."""
    return selectors.reorganisations(request.user)


api_list(router, "/organisations", ORGANISATIONS, list[OrganisationOut])


@router.get("/organisations/{organisation_id}", response=OrganisationOut)
def get_organisation(request: HttpRequest, organisation_id: Id) -> Any:
    return get_object_or_404(selectors.organisations_for(request.user), pk=organisation_id)
