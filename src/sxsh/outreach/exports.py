"""The distribution log and its totals as rows, for the XLSX export (same selector as the page)."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Distribution, RecipientKind


def distribution_headers() -> list[str]:
    return [_("Ngày phát"), _("Tài liệu"), _("Loại nơi nhận"), _("Nơi nhận"), _("Phường / địa bàn"),
            _("Ngành (VSIC)"), _("Số bản"), _("Hình thức"), _("Ghi chú"), _("Người ghi nhận")]


def distribution_rows(distributions: QuerySet[Distribution]) -> Iterator[list[Any]]:
    for d in distributions.iterator(chunk_size=2000):
        yield [
            d.distributed_on, d.document.title, str(RecipientKind(d.recipient_kind).label), str(d.recipient),
            d.unit.name, d.facility.sector.code if d.facility else "", d.copies, d.get_channel_display(), d.note,
            (d.recorded_by.get_full_name() or d.recorded_by.username) if d.recorded_by else "",
        ]


def ward_headers() -> list[str]:
    return [_("Phường / địa bàn"), _("Số lượt phát"), _("Số bản")]


def ward_rows(totals: dict[str, Any]) -> Iterator[list[Any]]:
    for row in totals["by_ward"]:
        yield [row["unit__name"], row["records"], row["copies"]]
    yield [_("Tổng cộng"), totals["records"], totals["copies"]]


def sector_headers() -> list[str]:
    return [_("Mã ngành"), _("Tên ngành"), _("Số cơ sở nhận"), _("Số lượt phát"), _("Số bản")]


def sector_rows(totals: dict[str, Any]) -> Iterator[list[Any]]:
    for row in totals["by_sector"]:
        yield [row["facility__sector__code"], row["facility__sector__name"], row["facilities"], row["records"],
               row["copies"]]
