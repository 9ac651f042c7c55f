"""The bodies that issue and receive official documents, named from data, never from fixed words.

Headers and recipient lists are built from the unit (its name, its kind's word, its level) and the
organisations recorded for it: "Thường trực Quận ủy, HĐND quận" for a district, "Thường trực Thành ủy,
HĐND thành phố" for Hà Nội, "Sở Công Thương Quảng Trị" as the province's Department is named. Official
documents are written in Vietnamese (Decree 30/2020/NĐ-CP), so these words are not translated.
"""

from .models import AdministrativeUnit, Organisation, OrganisationKind, UnitLevel

#: The symbol of a body in document numbers ("15/BC-UBND", "7/BC-SCT"), by organisation kind.
SYMBOLS = {
    OrganisationKind.PEOPLES_COMMITTEE: "UBND", OrganisationKind.DOIT: "SCT", OrganisationKind.DEPARTMENT: "S",
    OrganisationKind.ECONOMIC_DIVISION: "KT", OrganisationKind.MANAGEMENT_BOARD: "BQL",
}
#: Who signs for a body, by organisation kind (the People's Committee when not listed).
SIGNERS = {
    OrganisationKind.PEOPLES_COMMITTEE: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    OrganisationKind.DOIT: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    OrganisationKind.DEPARTMENT: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    OrganisationKind.ECONOMIC_DIVISION: ["TRƯỞNG PHÒNG"],
    OrganisationKind.MANAGEMENT_BOARD: ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"],
}
#: Kinds that work under the People's Committee of their unit (its name heads their documents).
UNDER_COMMITTEE = frozenset({OrganisationKind.DOIT, OrganisationKind.DEPARTMENT, OrganisationKind.ECONOMIC_DIVISION,
                             OrganisationKind.MANAGEMENT_BOARD})


def committee_name(unit: AdministrativeUnit) -> str:
    """"UBND quận Hoàn Kiếm", "UBND thành phố Hà Nội": the committee, with the kind's word."""
    return f"UBND {unit.kind.title} {unit.name}"


def party_committee(unit: AdministrativeUnit) -> str:
    """"Quận ủy", "Thành ủy", "Tỉnh ủy", "Thị ủy" (from the kind's first word); "Đảng ủy phường" below."""
    if unit.level == UnitLevel.COMMUNE:
        return f"Đảng ủy {unit.kind.title}"
    first = unit.kind.title.split()[0]
    return f"{first[:1].upper()}{first[1:]} ủy"


def province_of(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    node: AdministrativeUnit | None = unit
    while node is not None and node.level != UnitLevel.PROVINCE:
        node = node.parent
    return node


def organisation_of(unit: AdministrativeUnit | None, kind: str) -> Organisation | None:
    """The unit's first organisation of a kind (its Department, its economic office), or None."""
    if unit is None:
        return None
    return Organisation.objects.unscoped("the named body of a unit, for official headers").filter(unit=unit, kind=kind).order_by("pk").first()


def department_of(unit: AdministrativeUnit) -> Organisation | None:
    """The Department of Industry and Trade of the unit's province, as recorded."""
    return organisation_of(province_of(unit), OrganisationKind.DOIT)


def department_name(unit: AdministrativeUnit) -> str:
    department = department_of(unit)
    return department.name if department else "Sở Công Thương"


def symbol(kind: str) -> str:
    """The symbol of a body of this kind in document numbers; "UBND" for a committee or another kind."""
    return SYMBOLS.get(kind, "UBND")  # type: ignore[call-overload]


def signers(kind: str) -> list[str]:
    return list(SIGNERS.get(kind, SIGNERS[OrganisationKind.PEOPLES_COMMITTEE]))  # type: ignore[call-overload]


def report_symbol(unit: AdministrativeUnit) -> str:
    """The symbol in a unit's periodic report numbers: its committee's, the Department's for a province."""
    return symbol(OrganisationKind.DOIT if unit.level == UnitLevel.PROVINCE else OrganisationKind.PEOPLES_COMMITTEE)


def header_body(org: Organisation) -> str:
    """The body's own line in a header, under its committee: its short name ("Sở Công Thương") or name."""
    return org.short_name or org.name


def economic_office(unit: AdministrativeUnit) -> str:
    """The economic office that follows a unit's facilities: the unit's own, else the nearest one above
    (a ward's district before 1/7/2025), as recorded; "Phòng Kinh tế" when none is recorded."""
    node: AdministrativeUnit | None = unit
    while node is not None:
        office = organisation_of(node, OrganisationKind.ECONOMIC_DIVISION)
        if office is not None:
            return office.name
        node = node.parent
    return "Phòng Kinh tế"
