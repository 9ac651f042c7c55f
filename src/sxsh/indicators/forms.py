from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sxsh.core.forms import CheckedForm
from sxsh.directory.models import AdministrativeUnit

from .periods import Period, period_choices


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)


class ReportCreateForm(CheckedForm, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị báo cáo"), queryset=AdministrativeUnit.objects.none())
    year = _year_field()
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=period_choices, initial="year")

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units.order_by("path")  # a commune's, a district's or a province's own report
        if field.queryset.count() == 1:
            field.initial = field.queryset.first()

    def period_value(self) -> Period:
        return Period.parse(self.cleaned_data["year"], self.cleaned_data["period"])


class ReportEditForm(CheckedForm, forms.Form):
    plain_text_fields = ("number", "subject")

    number = forms.CharField(label=_("Số văn bản"), max_length=60, required=False,
                             help_text=_("Ví dụ: 12/BC-UBND; để trống thì hệ thống tự đánh số."))
    subject = forms.CharField(label=_("Trích yếu"), max_length=500, required=False, help_text=_(
        "Để trống: trích dẫn kế hoạch, chương trình đang thực hiện (như dòng dưới “BÁO CÁO”); được lưu lại khi gửi "
        "hoặc ban hành báo cáo."))
    narrative = forms.CharField(label=_("Nội dung đánh giá"), widget=forms.Textarea, required=False, max_length=20000)


class ReturnForm(CheckedForm, forms.Form):
    comment = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea, max_length=4000,
                              error_messages={"required": _("Hãy ghi rõ lý do trả lại báo cáo.")})


class ApproveForm(CheckedForm, forms.Form):
    comment = forms.CharField(label=_("Ý kiến (không bắt buộc)"), widget=forms.Textarea, max_length=4000, required=False)


class RecomputeForm(CheckedForm, forms.Form):
    year = _year_field()
