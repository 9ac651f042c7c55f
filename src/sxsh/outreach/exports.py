"""The distribution log and its totals as rows, for the XLSX export (same selector as the page)."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sxsh.core.tabular import Column

from .models import Distribution, RecipientKind


def distribution_headers() -> list[Column]:
    return [Column(_("Ngày phát"), "date"), Column(_("Tài liệu"), "name", 36), Column(_("Loại nơi nhận"), "text", 16),
            Column(_("Nơi nhận"), "name", 30), Column(_("Địa bàn"), "text", 18), Column(_("Ngành (VSIC)"), "code", 10),
            Column(_("Số bản"), "int"), Column(_("Hình thức"), "text", 14), Column(_("Ghi chú"), "text", 30),
            Column(_("Người ghi nhận"), "text", 20)]


def distribution_rows(distributions: QuerySet[Distribution]) -> Iterator[list[Any]]:
    for d in distributions.iterator(chunk_size=2000):
        yield [
            d.distributed_on, d.document.title, str(RecipientKind(d.recipient_kind).label), str(d.recipient),
            d.unit.name, d.facility.sector.code if d.facility else "", d.copies, d.get_channel_display(), d.note,
            (d.recorded_by.get_full_name() or d.recorded_by.username) if d.recorded_by else "",
        ]


def ward_headers() -> list[Column]:
    return [Column(_("Địa bàn"), "name", 30), Column(_("Số lượt phát"), "int", 14), Column(_("Số bản"), "int")]


def ward_rows(totals: dict[str, Any]) -> Iterator[list[Any]]:
    for row in totals["by_ward"]:
        yield [row["unit__name"], row["records"], row["copies"]]
    yield [_("Tổng cộng"), totals["records"], totals["copies"]]


def sector_headers() -> list[Column]:
    return [Column(_("Mã ngành"), "code", 10), Column(_("Tên ngành"), "name"), Column(_("Số cơ sở nhận"), "int", 14),
            Column(_("Số lượt phát"), "int", 14), Column(_("Số bản"), "int")]


def sector_rows(totals: dict[str, Any]) -> Iterator[list[Any]]:
    for row in totals["by_sector"]:
        yield [row["facility__sector__code"], row["facility__sector__name"], row["facilities"], row["records"],
               row["copies"]]
