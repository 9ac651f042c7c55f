"""Facility import: read a table, validate every row, and report all errors before saving anything."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sxsh.calc import taxcode
from sxsh.calc.text import fold
from sxsh.core.forms import CheckedForm
from sxsh.core.tabular import Preview, Table, header_index, read_table

from . import selectors
from .models import Facility, FacilitySize, Sector, validate_tax_code

#: Column headers, in export order; imports also accept the other names listed.
COLUMNS: dict[str, tuple[Any, ...]] = {
    "name": (gettext_lazy("Tên cơ sở"), "ten co so", "name"),
    "tax_code": (gettext_lazy("Mã số thuế"), "mst", "tax_code"),
    "address": (gettext_lazy("Địa chỉ"), "address"),
    "ward": (gettext_lazy("Địa bàn"), "phuong", "ward"),
    "sector": (gettext_lazy("Ngành VSIC"), "ma nganh", "vsic", "sector"),
    "supporting_industry": (gettext_lazy("Công nghiệp hỗ trợ"), "supporting_industry"),
    "size": (gettext_lazy("Quy mô"), "size"),
    "employees": (gettext_lazy("Số lao động"), "employees"),
    "contact_name": (gettext_lazy("Người liên hệ"), "contact_name"),
    "contact_phone": (gettext_lazy("Điện thoại"), "contact_phone"),
    "contact_email": (gettext_lazy("Email"), "thu dien tu", "contact_email"),
}
REQUIRED = ("name", "tax_code", "address", "ward", "sector")
YES = {"co", "x", "1", "yes", "true", "dung"}
NO = {"khong", "0", "no", "false", "", "sai"}


class FacilityRowForm(CheckedForm, forms.Form):
    plain_text_fields = ("name", "contact_name")
    name = forms.CharField(max_length=255)
    tax_code = forms.CharField(max_length=20, validators=[validate_tax_code])
    address = forms.CharField(max_length=255)
    contact_name = forms.CharField(max_length=150, required=False)
    contact_phone = forms.RegexField(regex=r"^[0-9 +().-]{8,20}$", required=False)
    contact_email = forms.EmailField(required=False)
    employees = forms.IntegerField(min_value=0, max_value=1_000_000, required=False)


@dataclass
class RowResult:
    line: int  # line number in the file, the header being line 1
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    cleaned: dict[str, Any] = field(default_factory=dict)
    existing_pk: int | None = None

    @property
    def action(self) -> str:
        return _("Cập nhật") if self.existing_pk else _("Thêm mới")


@dataclass
class ImportPreview(Preview):
    rows: list[RowResult]


def stored_uploads() -> Path:
    """Where a previewed file waits for its confirmation (named by a random token kept in the session)."""
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def preview_from_upload(user: Any, upload: IO[bytes]) -> ImportPreview:
    from sxsh.core.tabular import TableError

    try:
        table = read_table(
            upload, max_rows=settings.SXSH_IMPORT_MAX_ROWS, max_bytes=settings.SXSH_UPLOAD_MAX_BYTES
        )
    except TableError as exc:
        return ImportPreview(rows=[], file_errors=[str(exc)])
    return validate_table(user, table)


@dataclass
class _Lookups:
    """What every row is checked against, read once per file."""

    fields: dict[str, forms.Field]  # FacilityRowForm's, built and hardened once; rows are cleaned field by field
    wards: dict[str, Any]
    sectors: dict[str, Sector]
    sizes: dict[str, str]  # folded value or label -> value
    existing: dict[str, int]
    editable: set[str]
    seen: dict[str, int] = field(default_factory=dict)


def validate_table(user: Any, table: Table) -> ImportPreview:
    columns = header_index(table.headers, COLUMNS)
    missing = [str(COLUMNS[name][0]) for name in REQUIRED if name not in columns]
    if missing:
        return ImportPreview(
            rows=[], file_errors=[_("Thiếu cột bắt buộc: %(cols)s.") % {"cols": ", ".join(missing)}]
        )
    wards = {fold(w.name): w for w in selectors.wards_for(user)}
    for ward in list(wards.values()):
        wards.setdefault(fold(ward.code.replace("-", " ")), ward)
    codes = [taxcode.normalise(str(row[columns["tax_code"]] or "")) for row in table.rows]
    lookups = _Lookups(
        fields=FacilityRowForm().fields, wards=wards,
        sectors={s.code.upper(): s for s in selectors.divisions()},
        sizes={fold(str(name)): str(value) for value, label in reversed(FacilitySize.choices)
               for name in (label, value)},
        existing=dict(Facility.objects.unscoped("tax codes are unique site-wide").filter(
            tax_code__in=codes).values_list("tax_code", "pk")),
        editable=set(selectors.facilities_for(user, action="change").values_list("tax_code", flat=True)),
    )
    results = []
    for index, row in enumerate(table.rows, start=2):
        values = {name: row[col] for name, col in columns.items()}
        results.append(_validate_row(index, values, lookups))
    return ImportPreview(rows=results)


def _clean_fields(fields: dict[str, forms.Field], values: dict[str, Any], result: "RowResult") -> None:
    """What ``FacilityRowForm(values).is_valid()`` does for these plain fields, without a form per row:
    the same cleaned values and the same messages, prefixed by the column's header."""
    for name, form_field in fields.items():
        raw = values.get(name)
        try:
            result.cleaned[name] = form_field.clean("" if raw is None else str(raw))
        except ValidationError as exc:
            label = COLUMNS[name][0] if name in COLUMNS else name
            result.errors.extend(f"{label}: {e}" for e in exc.messages)


def _validate_row(line: int, values: dict[str, Any], lookups: _Lookups) -> RowResult:
    result = RowResult(line=line, values={k: "" if v is None else v for k, v in values.items()})
    _clean_fields(lookups.fields, values, result)

    ward = lookups.wards.get(fold(str(values.get("ward") or "")))
    if ward is None:
        result.errors.append(
            _("Địa bàn “%(v)s” không có trong danh mục hoặc ngoài phạm vi của bạn.") % {"v": values.get("ward") or ""}
        )
    result.cleaned["ward"] = ward

    sector = _parse_sector(values.get("sector"), lookups.sectors)
    if sector is None:
        result.errors.append(_("Ngành VSIC “%(v)s” không hợp lệ (ví dụ: C10, C13, C25).") % {"v": values.get("sector") or ""})
    result.cleaned["sector"] = sector

    supporting = fold(str(values.get("supporting_industry") or ""))
    if supporting in YES or supporting in NO:
        result.cleaned["supporting_industry"] = supporting in YES
    else:
        result.errors.append(_("Công nghiệp hỗ trợ: ghi “Có” hoặc “Không”."))

    size_text = fold(str(values.get("size") or ""))
    size = lookups.sizes.get(size_text) if size_text else str(FacilitySize.SMALL)
    if size is None:
        result.errors.append(_("Quy mô phải là một trong: Siêu nhỏ, Nhỏ, Vừa, Lớn."))
    result.cleaned["size"] = size

    code = taxcode.normalise(str(values.get("tax_code") or ""))
    if code:
        seen = lookups.seen
        if code in seen:
            result.errors.append(_("Mã số thuế trùng với dòng %(line)s trong tệp.") % {"line": seen[code]})
        seen.setdefault(code, line)
        if code in lookups.existing:
            if code in lookups.editable:
                result.existing_pk = lookups.existing[code]
            else:
                result.errors.append(_("Mã số thuế đã thuộc một cơ sở mà bạn không được sửa."))
    return result


def _parse_sector(raw: Any, sectors: dict[str, Sector]) -> Sector | None:
    text = str(raw or "").strip().upper()
    code = text.split(" ")[0].split("–")[0].split("-")[0].strip()
    if code.isdigit():
        code = f"C{int(code):02d}"
    return sectors.get(code)
