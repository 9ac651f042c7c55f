from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sxsh.core.forms import CheckedForm

from . import selectors
from .models import AdministrativeUnit, CPStatus, Facility, Organisation, UnitKind, UnitLevel


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class FacilityForm(CheckedForm, forms.ModelForm):
    plain_text_fields = ("name", "contact_name")

    class Meta:
        model = Facility
        fields = [
            "name", "tax_code", "address", "ward", "sector", "supporting_industry", "size", "employees",
            "contact_name", "contact_phone", "contact_email",
        ]
        help_texts = {"tax_code": _("10 chữ số, ví dụ 0100109106; chi nhánh thêm -001.")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = selectors.wards_for(user)  # type: ignore[attr-defined]
        self.fields["sector"].queryset = selectors.divisions()  # type: ignore[attr-defined]
        self.fields["contact_phone"].validators.append(_phone_validator)
        if not selectors.can_edit_identity(user):
            for name in ("name", "tax_code", "ward"):
                self.fields[name].disabled = True
            self.fields["ward"].queryset = AdministrativeUnit.objects.unscoped(  # type: ignore[attr-defined]
                "the facility's own ward, shown read-only").filter(pk=self.instance.ward_id)


def _phone_validator(value: str) -> None:
    import re

    if value and not re.fullmatch(r"[0-9 +().-]{8,20}", value):
        raise forms.ValidationError(_("Số điện thoại không hợp lệ."))


class CPStatusForm(CheckedForm, forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng SXSH"), choices=CPStatus.choices)
    effective_date = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class OrganisationForm(CheckedForm, forms.ModelForm):
    plain_text_fields = ("name", "short_name")

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "unit", "address", "phone", "email"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_for(user)  # type: ignore[attr-defined]


class UnitForm(CheckedForm, forms.Form):
    """A new administrative unit, as its administrator enters it: the kind gives the level."""

    plain_text_fields = ("name",)

    name = forms.CharField(label=_("Tên (không kèm loại đơn vị)"), max_length=200,
                           help_text=_("Ví dụ: Đông Hà; loại đơn vị được ghi theo mục “Loại đơn vị”."))
    kind = forms.ModelChoiceField(label=_("Loại đơn vị"), queryset=UnitKind.objects.none())
    parent = forms.ModelChoiceField(label=_("Đơn vị cấp trên"), queryset=AdministrativeUnit.objects.none(),
                                    required=False, help_text=_("Để trống với đơn vị cấp tỉnh."))
    official_code = forms.CharField(label=_("Mã đơn vị hành chính"), max_length=10, required=False,
                                    help_text=_("Theo danh mục của Thủ tướng Chính phủ; để trống nếu chưa được xác nhận."))
    valid_from = forms.DateField(label=_("Hiệu lực từ"), required=False, widget=DateInput())
    valid_to = forms.DateField(label=_("Hiệu lực đến"), required=False, widget=DateInput(),
                               help_text=_("Để trống khi đơn vị còn hiệu lực."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = selectors.unit_kinds()  # type: ignore[attr-defined]
        self.fields["parent"].queryset = selectors.units_for(user).exclude(  # type: ignore[attr-defined]
            level=UnitLevel.COMMUNE).order_by("path")


class UnitCorrectionForm(CheckedForm, forms.Form):
    """A correction of a unit's official code or validity; the name, kind and parent are shown, not edited."""

    official_code = forms.CharField(label=_("Mã đơn vị hành chính"), max_length=10, required=False,
                                    help_text=_("Theo danh mục của Thủ tướng Chính phủ; để trống nếu chưa được xác nhận."))
    valid_from = forms.DateField(label=_("Hiệu lực từ"), required=False, widget=DateInput())
    valid_to = forms.DateField(label=_("Hiệu lực đến"), required=False, widget=DateInput(),
                               help_text=_("Để trống khi đơn vị còn hiệu lực."))


class ImportForm(CheckedForm, forms.Form):
    file = forms.FileField(label=_("Tệp CSV hoặc Excel (XLSX)"))
