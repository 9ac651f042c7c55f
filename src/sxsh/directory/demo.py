"""Demo directory: Hà Nội → Hoàn Kiếm → 18 wards, organisations and ~60 illustrative facilities."""

import json
import random
from datetime import date

from sxsh.calc import taxcode
from sxsh.calc.text import slugify_vi

from . import reference
from .models import (
    AdministrativeUnit,
    CPStatus,
    CPStatusChange,
    Facility,
    FacilitySize,
    Organisation,
    OrganisationKind,
    Reorganisation,
    Sector,
    UnitKind,
    UnitLevel,
)

#: (sector, product word, count) for the illustrative facilities; no real firm is named.
FACILITY_MIX = (
    ("C10", "Thực phẩm", 7), ("C10", "Bánh kẹo", 4), ("C11", "Đồ uống", 5), ("C11", "Bia", 3),
    ("C13", "Dệt", 4), ("C14", "May mặc", 6), ("C15", "Da giày", 4),
    ("C23", "Vật liệu xây dựng", 6), ("C25", "Cơ khí", 6), ("C28", "Máy móc", 3), ("C30", "Phụ tùng xe", 2),
    ("C26", "Điện tử", 5), ("C27", "Thiết bị điện", 3), ("C18", "In ấn", 2),
)
STREETS = ("Hàng Bạc", "Hàng Đào", "Hàng Gai", "Lý Thái Tổ", "Trần Hưng Đạo", "Phan Chu Trinh", "Hàng Bông",
           "Đồng Xuân", "Hàng Mã", "Tràng Tiền", "Hàng Bài", "Phúc Tân", "Chương Dương Độ", "Hàng Buồm")
#: The next step some demo facilities took after 2019 (dated 2021–2026).
LATER_STEPS = {CPStatus.UNAWARE: CPStatus.AWARE, CPStatus.AWARE: CPStatus.COMMITTED,
               CPStatus.COMMITTED: CPStatus.APPLYING, CPStatus.APPLYING: CPStatus.SUSTAINING}
FORMS = ("Công ty TNHH", "Công ty cổ phần", "Cơ sở", "Hợp tác xã")
STATUS_WEIGHTS = ((CPStatus.UNAWARE, 25), (CPStatus.AWARE, 35), (CPStatus.COMMITTED, 15),
                  (CPStatus.APPLYING, 20), (CPStatus.SUSTAINING, 5))


def load() -> None:
    load_reference()
    district = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/")
    _organisations(district)
    _facilities(district)


def load_reorganisation(place_share: int = 0) -> Reorganisation:
    """Record and apply the Hà Nội 2025 reorganisation (once; the indicators demo calls it after every app
    has written its 2019 records, as they were then); when just applied, place every
    ``place_share``-th facility of the split wards into the split's first target (the demo's officers
    already placed those; the others stay on the work list)."""
    from . import services

    data = json.loads(reference.HA_NOI_2025.read_text(encoding="utf-8"))
    reorganisation, _created = services.record_reorganisation(acting_user=None, data=data)
    if reorganisation.applied_at is not None:
        return reorganisation
    services.apply_reorganisation(acting_user=None, reorganisation=reorganisation)
    if place_share:
        parts = reorganisation.parts.filter(whole=False).order_by("source__path", "target__path")
        first_target: dict[int, AdministrativeUnit] = {}
        for part in parts:
            first_target.setdefault(part.source_id, part.target)
        unplaced = Facility.objects.filter(ward_id__in=list(first_target)).order_by("pk")
        for i, facility in enumerate(unplaced):
            if i % place_share == 0:
                services.place_facilities(acting_user=None, facilities=[facility], target=first_target[facility.ward_id])
    return reorganisation


def load_reference() -> None:
    """Unit kinds, units and sectors (also used by tests)."""
    kinds = load_unit_kinds()
    name, code, kind, official = reference.PROVINCE
    province, _ = AdministrativeUnit.objects.get_or_create(parent=None, code=code, defaults={
        "name": name, "kind": kinds[kind], "level": UnitLevel.PROVINCE, "official_code": official})
    name, code, kind, official = reference.DISTRICT
    district, _ = AdministrativeUnit.objects.get_or_create(parent=province, code=code, defaults={
        "name": name, "kind": kinds[kind], "level": UnitLevel.DISTRICT, "official_code": official})
    for name in reference.WARDS:
        AdministrativeUnit.objects.get_or_create(parent=district, code=slugify_vi(name), defaults={
            "name": name, "kind": kinds["phuong"], "level": UnitLevel.COMMUNE, "valid_from": reference.WARDS_VALID_FROM})
    section, _ = Sector.objects.get_or_create(code=reference.SECTION_C[0], defaults={"name": reference.SECTION_C[1]})
    for code, name, key_group in reference.DIVISIONS:
        Sector.objects.update_or_create(code=code, defaults={"name": name, "parent": section, "key_group": key_group})


def load_unit_kinds() -> dict[str, UnitKind]:
    """The kinds of ``reference.UNIT_KINDS`` by code (created when missing, an administrator's edits kept)."""
    return {
        code: UnitKind.objects.get_or_create(code=code, defaults={"name": name, "title": title, "level": level})[0]
        for code, name, title, level in reference.UNIT_KINDS
    }


def _organisations(district: AdministrativeUnit) -> None:
    province = district.parent
    assert province is not None
    rows = [
        ("Ủy ban nhân dân quận Hoàn Kiếm", "UBND quận", OrganisationKind.PEOPLES_COMMITTEE, district, "126 Hàng Trống"),
        ("Phòng Kinh tế quận Hoàn Kiếm", "Phòng Kinh tế", OrganisationKind.ECONOMIC_DIVISION, district, "126 Hàng Trống"),
        ("Sở Công Thương Hà Nội", "Sở Công Thương", OrganisationKind.DOIT, province, ""),
        ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội", "Trung tâm Khuyến công",
         OrganisationKind.CENTRE, province, ""),
    ]
    for ward in district.children.filter(level=UnitLevel.COMMUNE):
        rows.append((f"Ủy ban nhân dân phường {ward.name}", f"UBND phường {ward.name}",
                     OrganisationKind.PEOPLES_COMMITTEE, ward, ""))
    for name, short, kind, unit, address in rows:
        Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "unit": unit, "address": address}
        )


def _facilities(district: AdministrativeUnit) -> None:
    if Facility.objects.filter(is_illustrative=True).exists():
        return
    rng = random.Random(154)
    later_rng = random.Random(2025)  # its own sequence: the 2019 data stay as they were
    wards = list(district.children.filter(level=UnitLevel.COMMUNE).order_by("code"))
    sectors = {s.code: s for s in Sector.objects.all()}
    serial = 1000
    statuses = [status for status, _ in STATUS_WEIGHTS]
    weights = [weight for _, weight in STATUS_WEIGHTS]
    for sector_code, product, count in FACILITY_MIX:
        for i in range(count):
            code = None
            while code is None:
                serial += 7
                code = taxcode.with_check_digit(f"0101{serial:05d}")
            ward = wards[(serial + i) % len(wards)]
            street = rng.choice(STREETS)
            facility = Facility.objects.create(
                name=f"{rng.choice(FORMS)} {product} {ward.name} {i + 1} (minh họa)",
                tax_code=code,
                address=f"{rng.randint(1, 150)} {street}, phường {ward.name}",
                ward=ward,
                sector=sectors[sector_code],
                supporting_industry=sector_code in ("C25", "C26", "C27", "C28") and rng.random() < 0.5,
                size=rng.choice([FacilitySize.MICRO, FacilitySize.SMALL, FacilitySize.SMALL, FacilitySize.MEDIUM]),
                employees=rng.randint(5, 180),
                contact_name=rng.choice(["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Thu Dung"]),
                contact_phone=f"09{rng.randint(10000000, 99999999)}",
                is_illustrative=True,
            )
            status = rng.choices(statuses, weights)[0]
            CPStatusChange.objects.create(facility=facility, status=CPStatus.UNAWARE,
                                          effective_date=_date(2019, 1, 15), note="Điều tra ban đầu (minh họa)")
            if status != CPStatus.UNAWARE:
                CPStatusChange.objects.create(facility=facility, status=status,
                                              effective_date=_date(2019, rng.randint(9, 12), rng.randint(1, 28)))
            later = LATER_STEPS.get(status)
            if later is not None and later_rng.random() < 0.6:  # the series goes on after 2019, across 2025
                status = later
                CPStatusChange.objects.create(facility=facility, status=status,
                                              effective_date=_date(later_rng.randint(2021, 2026), later_rng.randint(1, 11), 15))
            Facility.objects.filter(pk=facility.pk).update(cp_status=status)


def _date(year: int, month: int, day: int) -> date:
    return date(year, month, day)
