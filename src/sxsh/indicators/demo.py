"""Demo data of the indicators app (idempotent): the catalogue, values for 2019–2026 in both views, one ward
report."""

from typing import Any

from django.db import transaction

from sxsh.directory.demo import load_reorganisation
from sxsh.directory.models import AdministrativeUnit

from .catalogue import load_catalogue
from .models import ReportStatus
from .periods import Period

DEMO_YEARS = list(range(2019, 2027))  # across the 2025 reorganisation


def load() -> None:
    from sxsh.accounts.models import User

    from . import services

    load_catalogue()
    ward_officer = User.objects.filter(username="phuong").first()
    ward = AdministrativeUnit.objects.filter(path="/ha-noi/hoan-kiem/hang-bac/").first()
    if ward_officer is not None and ward is not None and ward.valid_to is None:  # before the reorganisation
        services.recompute(acting_user=None, years=[DEMO_YEARS[0]])
        _ward_report(ward_officer, ward)
    load_reorganisation(place_share=2)  # 1/7/2025, after the other apps wrote their history
    services.recompute(acting_user=None, years=DEMO_YEARS)


def _ward_report(ward_officer: Any, ward: AdministrativeUnit) -> None:
    """Hàng Bạc's 2019 report, submitted while the ward still existed (its officers read it afterwards)."""
    from . import services

    with transaction.atomic():
        report, _created = services.create_report(acting_user=ward_officer, unit=ward, period=Period("year", 2019))
        if report.status == ReportStatus.DRAFT and not report.narrative:
            report = services.update_report(
                acting_user=ward_officer, report=report, number="15/BC-UBND",
                subject="Kết quả thực hiện Kế hoạch hành động sản xuất sạch hơn trong công nghiệp năm 2019",
                narrative=(
                    "Năm 2019, UBND phường Hàng Bạc đã phối hợp với Phòng Kinh tế quận tuyên truyền về sản xuất "
                    "sạch hơn tới các cơ sở sản xuất trên địa bàn (số liệu minh họa).\n"
                    "Phường tiếp tục rà soát các cơ sở thuộc nhóm ngành trọng điểm để đề xuất hỗ trợ đánh giá SXSH."
                ),
            )
            services.submit_report(acting_user=ward_officer, report=report)
