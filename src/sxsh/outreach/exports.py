"""The distribution log's totals as rows, for their XLSX export (the log itself is ``tables.DISTRIBUTIONS``)."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from sxsh.core.tabular import Column


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
