"""Demo directory: Hà Nội → Hoàn Kiếm → 18 wards, organisations and ~60 illustrative facilities."""

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
    Sector,
    UnitKind,
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
FORMS = ("Công ty TNHH", "Công ty cổ phần", "Cơ sở", "Hợp tác xã")
STATUS_WEIGHTS = ((CPStatus.UNAWARE, 25), (CPStatus.AWARE, 35), (CPStatus.COMMITTED, 15),
                  (CPStatus.APPLYING, 20), (CPStatus.SUSTAINING, 5))


def load() -> None:
    load_reference()
    district = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/")
    _organisations(district)
    _facilities(district)


def load_reference() -> None:
    """Units and sectors (also used by tests)."""
    province, _ = AdministrativeUnit.objects.get_or_create(
        parent=None, code=reference.PROVINCE[1], defaults={"name": reference.PROVINCE[0], "kind": UnitKind.PROVINCE}
    )
    district, _ = AdministrativeUnit.objects.get_or_create(
        parent=province, code=reference.DISTRICT[1], defaults={"name": reference.DISTRICT[0], "kind": UnitKind.DISTRICT}
    )
    for name in reference.WARDS:
        AdministrativeUnit.objects.get_or_create(
            parent=district, code=slugify_vi(name),
            defaults={"name": name, "kind": UnitKind.WARD, "valid_from": reference.WARDS_VALID_FROM},
        )
    section, _ = Sector.objects.get_or_create(code=reference.SECTION_C[0], defaults={"name": reference.SECTION_C[1]})
    for code, name, key_group in reference.DIVISIONS:
        Sector.objects.update_or_create(code=code, defaults={"name": name, "parent": section, "key_group": key_group})


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
    for ward in district.children.filter(kind=UnitKind.WARD):
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
    wards = list(district.children.filter(kind=UnitKind.WARD).order_by("code"))
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
                Facility.objects.filter(pk=facility.pk).update(cp_status=status)


def _date(year: int, month: int, day: int) -> date:
    return date(year, month, day)
