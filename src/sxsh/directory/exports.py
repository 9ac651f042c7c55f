"""The facility list as rows, for XLSX and CSV exports (same selector and columns as the page)."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .importing import COLUMNS
from .models import Facility


def facility_headers() -> list[str]:
    return [str(names[0]) for names in COLUMNS.values()] + [_("Nhóm ngành trọng điểm"), _("Tình trạng SXSH")]


def facility_rows(facilities: QuerySet[Facility]) -> Iterator[list[Any]]:
    for f in facilities.iterator(chunk_size=2000):
        yield [
            f.name, f.tax_code, f.address, f.ward.name, f.sector.code,
            _("Có") if f.supporting_industry else _("Không"), f.get_size_display(), f.employees,
            f.contact_name, f.contact_phone, f.contact_email, f.get_key_group_display(), f.get_cp_status_display(),
        ]
