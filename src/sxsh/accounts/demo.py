"""One demo account per role (README lists them); password ``sxsh-demo-2019``."""

from sxsh.core.checks import DEMO_PASSWORD
from sxsh.core.roles import Role
from sxsh.directory.models import AdministrativeUnit, Facility, Organisation

from .models import User

ACCOUNTS = (
    # username, full name, role, unit path, organisation name
    ("admin", "Quản trị hệ thống", Role.ADMIN, None, None),
    ("quan", "Nguyễn Thị Hoa (Phòng Kinh tế)", Role.DISTRICT, "/ha-noi/hoan-kiem/", "Phòng Kinh tế quận Hoàn Kiếm"),
    ("phuong", "Trần Văn Minh (UBND phường Hàng Bạc)", Role.WARD, "/ha-noi/hoan-kiem/hang-bac/",
     "Ủy ban nhân dân phường Hàng Bạc"),
    ("so", "Lê Thu Hà (Sở Công Thương)", Role.DOIT, "/ha-noi/", "Sở Công Thương Hà Nội"),
    ("chuyengia", "Phạm Quốc Bảo (chuyên gia SXSH)", Role.CONSULTANT, None,
     "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội"),
    ("doanhnghiep", "Đỗ Thị Lan (đại diện doanh nghiệp)", Role.ENTERPRISE, None, None),
)


def load() -> None:
    hang_bac_facilities = Facility.objects.filter(ward__path="/ha-noi/hoan-kiem/hang-bac/").order_by("pk")
    for username, full_name, role, unit_path, organisation in ACCOUNTS:
        last, _, first = full_name.partition(" ")
        user, created = User.objects.get_or_create(username=username, defaults={
            "role": role, "first_name": first, "last_name": last,
            "unit": AdministrativeUnit.objects.filter(path=unit_path).first() if unit_path else None,
            "organisation": Organisation.objects.filter(name=organisation).first() if organisation else None,
            "is_staff": role == Role.ADMIN, "is_superuser": role == Role.ADMIN,
            "email": f"{username}@example.invalid",
        })
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
    enterprise = User.objects.get(username="doanhnghiep")
    if not enterprise.facilities.exists() and hang_bac_facilities.exists():
        enterprise.facilities.add(hang_bac_facilities[0])
    consultant = User.objects.get(username="chuyengia")
    if not consultant.facilities.exists():
        consultant.facilities.add(*Facility.objects.filter(is_illustrative=True).order_by("pk")[:6])
