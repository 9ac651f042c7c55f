"""Fixtures of the plans app: a small plan in Hoàn Kiếm and one in another district."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sxsh.directory.models import AdministrativeUnit, Organisation, OrganisationKind, UnitKind, UnitLevel
from sxsh.plans.models import Activity, Plan, PlanStatus, Workstream


@pytest.fixture
def orgs(reference: None) -> dict[str, Organisation]:
    district = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/")
    province = AdministrativeUnit.objects.get(path="/ha-noi/")
    hang_bac = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-bac/")
    hang_dao = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-dao/")

    def org(name: str, kind: str, unit: AdministrativeUnit) -> Organisation:
        return Organisation.objects.create(name=name, kind=kind, unit=unit)

    return {
        "ubnd": org("Ủy ban nhân dân quận Hoàn Kiếm", OrganisationKind.PEOPLES_COMMITTEE, district),
        "econ": org("Phòng Kinh tế quận Hoàn Kiếm", OrganisationKind.ECONOMIC_DIVISION, district),
        "doit": org("Sở Công Thương Hà Nội", OrganisationKind.DOIT, province),
        "hang_bac": org("Ủy ban nhân dân phường Hàng Bạc", OrganisationKind.PEOPLES_COMMITTEE, hang_bac),
        "hang_dao": org("Ủy ban nhân dân phường Hàng Đào", OrganisationKind.PEOPLES_COMMITTEE, hang_dao),
    }


@pytest.fixture
def other_district(reference: None) -> AdministrativeUnit:
    province = AdministrativeUnit.objects.get(path="/ha-noi/")
    district = AdministrativeUnit.objects.create(name="Ba Đình", level=UnitLevel.DISTRICT, code="ba-dinh",
                                                 parent=province, kind=UnitKind.objects.get(code="quan"))
    AdministrativeUnit.objects.create(name="Phúc Xá", level=UnitLevel.COMMUNE, code="phuc-xa", parent=district,
                                      kind=UnitKind.objects.get(code="phuong"))
    return district


@pytest.fixture
def plan(orgs: dict[str, Organisation]) -> Plan:
    return Plan.objects.create(
        number="154/KH-UBND", title="Hành động sản xuất sạch hơn trong công nghiệp năm 2019", issuer=orgs["ubnd"],
        issued_on=date(2019, 8, 8), period_start=date(2019, 8, 8), period_end=date(2019, 12, 31),
        status=PlanStatus.IN_FORCE,
    )


@pytest.fixture
def workstream(plan: Plan) -> Workstream:
    return Workstream.objects.create(plan=plan, order=1, title="Truyền thông, nâng cao nhận thức")


@pytest.fixture
def activity(workstream: Workstream, orgs: dict[str, Organisation]) -> Activity:
    activity = Activity.objects.create(
        workstream=workstream, order=1, title="Phát hành cẩm nang", responsible=orgs["econ"],
        start_date=date(2019, 8, 20), due_date=date(2099, 11, 15), budget=Decimal(60_000_000),
    )
    activity.coordinating.set([orgs["hang_bac"]])
    return activity


@pytest.fixture
def other_plan(other_district: AdministrativeUnit) -> Plan:
    issuer = Organisation.objects.create(name="Ủy ban nhân dân quận Ba Đình", kind=OrganisationKind.PEOPLES_COMMITTEE,
                                         unit=other_district)
    plan = Plan.objects.create(number="99/KH-UBND", title="Kế hoạch của quận Ba Đình", issuer=issuer,
                               issued_on=date(2019, 5, 1), period_start=date(2019, 5, 1), period_end=date(2019, 12, 31))
    ws = Workstream.objects.create(plan=plan, order=1, title="Nhóm 1")
    Activity.objects.create(workstream=ws, title="Hoạt động Ba Đình", responsible=issuer,
                            start_date=date(2019, 5, 1), due_date=date(2019, 6, 1))
    return plan


@pytest.fixture
def members(make_user: Any, orgs: dict[str, Organisation], users: dict[str, Any]) -> dict[str, Any]:
    """Users tied to organisations: the district officer in the Economic Division, the ward officer in Hàng Bạc."""
    from sxsh.core.roles import Role

    users["district"].organisation = orgs["econ"]
    users["district"].save()
    users["ward"].organisation = orgs["hang_bac"]
    users["ward"].save()
    users["doit"].organisation = orgs["doit"]
    users["doit"].save()
    hang_dao = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-dao/")
    users["ward_dao"] = make_user(Role.WARD, username="phuong-dao", unit=hang_dao, organisation=orgs["hang_dao"])
    return users
