"""App fixtures: a small world of facilities with CP status histories, recomputed for 2019."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from sxsh.directory.models import AdministrativeUnit, CPStatusChange, Facility, Sector
from sxsh.indicators import services
from sxsh.testing.factories import FacilityFactory


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def history(facility: Facility, *steps: tuple[str, date]) -> Facility:
    for status, day in steps:
        CPStatusChange.objects.create(facility=facility, status=status, effective_date=day)
    last = facility.status_history.order_by("-effective_date", "-id").first()
    if last is not None:
        Facility.objects.filter(pk=facility.pk).update(cp_status=last.status)
    return facility


@pytest.fixture
def make_facility(reference: None) -> Callable[..., Facility]:
    def make(ward: AdministrativeUnit, sector: str = "C10", *steps: tuple[str, date], **kw: Any) -> Facility:
        f = FacilityFactory(ward=ward, sector=Sector.objects.get(code=sector), **kw)
        return history(f, *steps)

    return make


@pytest.fixture
def world(
    hang_bac: AdministrativeUnit, hang_dao: AdministrativeUnit, make_facility: Callable[..., Facility]
) -> dict[str, Facility]:
    """Hàng Bạc: 4 facilities (2 applying at the end of 2019); Hàng Đào: 2 (1 applying)."""
    jan = date(2019, 1, 15)
    w = {
        "hb_applying": make_facility(hang_bac, "C10", ("unaware", jan), ("applying", date(2019, 5, 2)),
                                     name="Bánh kẹo Hàng Bạc"),
        "hb_late": make_facility(hang_bac, "C14", ("unaware", jan), ("aware", date(2019, 3, 1)),
                                 ("applying", date(2019, 11, 20)), name="May mặc Hàng Bạc"),
        "hb_aware": make_facility(hang_bac, "C25", ("unaware", jan), ("aware", date(2019, 6, 1)),
                                  name="Cơ khí Hàng Bạc", supporting_industry=True),
        "hb_unaware": make_facility(hang_bac, "C18", ("unaware", jan), ("applying", date(2020, 2, 1)),
                                    name="In ấn Hàng Bạc"),
        "hd_applying": make_facility(hang_dao, "C11", ("unaware", jan), ("sustaining", date(2019, 8, 8)),
                                     name="Đồ uống Hàng Đào"),
        "hd_unaware": make_facility(hang_dao, "C10", ("unaware", jan), name="Thực phẩm Hàng Đào"),
    }
    services.recompute(acting_user=None, years=[2019])
    return w
