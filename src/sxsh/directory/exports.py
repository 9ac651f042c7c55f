"""The facility list as rows, for XLSX and CSV exports (same selector and columns as the page)."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sxsh.core.tabular import Column

from .importing import COLUMNS
from .models import Facility

#: The kind of each import column in the export (codes stay text: a tax code keeps its leading zero).
KINDS = {"name": "name", "tax_code": "code", "address": "name", "sector": "code", "employees": "int",
         "contact_phone": "code"}


def facility_headers() -> list[Column]:
    return [Column(str(names[0]), KINDS.get(key, "text")) for key, names in COLUMNS.items()] + [
        Column(_("Nhóm ngành trọng điểm"), "text"), Column(_("Tình trạng SXSH"), "text")]


def facility_rows(facilities: QuerySet[Facility]) -> Iterator[list[Any]]:
    for f in facilities.iterator(chunk_size=2000):
        yield [
            f.name, f.tax_code, f.address, f.ward.name, f.sector.code,
            _("Có") if f.supporting_industry else _("Không"), f.get_size_display(), f.employees,
            f.contact_name, f.contact_phone, f.contact_email, f.get_key_group_display(), f.get_cp_status_display(),
        ]
