from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sxsh.core.captchas import captcha_field
from sxsh.core.formguard import MinimumFillTimeForm
from sxsh.core.forms import CheckedForm

from .models import Audience, Event, Programme
from .services import Participant, normalise_phone


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _check_phone(value: str) -> None:
    if normalise_phone(value) is None:
        raise ValidationError(_("Số điện thoại không hợp lệ: cần 10–11 chữ số, bắt đầu bằng 0 (hoặc +84)."))


class ParticipantForm(CheckedForm, forms.Form):
    plain_text_fields = ("full_name", "organisation_name", "position")
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    organisation_name = forms.CharField(label=_("Cơ quan / cơ sở sản xuất"), max_length=255)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=[("", "---------"), *Audience.choices])
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, validators=[_check_phone],
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    tax_code = forms.CharField(
        label=_("Mã số thuế của cơ sở sản xuất (nếu có)"), max_length=20, required=False,
        help_text=_("Nếu bạn đến từ một cơ sở sản xuất trên địa bàn, nhập mã số thuế: sau khi cơ sở xác nhận, "
                    "đăng ký được thống kê theo địa bàn và ngành."),
    )

    def participant(self, facility_id: int | None = None) -> Participant:
        d = self.cleaned_data
        return Participant(
            full_name=d["full_name"], organisation_name=d["organisation_name"], position=d.get("position", ""),
            audience=d["audience"], phone=d["phone"], email=d["email"], facility_id=facility_id,
            tax_code=d.get("tax_code") or "",
        )


class PublicRegistrationForm(MinimumFillTimeForm, ParticipantForm):
    """For visitors: a CAPTCHA, a minimum fill time and a honeypot field that people never see (bots fill it)."""

    website = forms.CharField(label=_("Để trống ô này"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    captcha = captcha_field(anchor="dang-ky")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise ValidationError(_("Không gửi được đăng ký. Vui lòng thử lại."))
        return data


class StaffForm(ParticipantForm):
    """One row of an enterprise's batch registration (the facility is the representative's)."""

    organisation_name = forms.CharField(required=False, widget=forms.HiddenInput)
    tax_code = None  # type: ignore[assignment]  # the facility is the representative's

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False  # an empty row is skipped
            field.widget.attrs["aria-label"] = str(field.label)

    def has_data(self) -> bool:
        return any(self.cleaned_data.get(k) for k in ("full_name", "phone", "email"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(k) for k in ("full_name", "phone", "email")):
            for name in ("full_name", "audience", "phone", "email"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Bắt buộc nhập."))
        return data


StaffFormSet = forms.formset_factory(StaffForm, extra=5, max_num=30, absolute_max=30)


class FacilityChoiceForm(CheckedForm, forms.Form):
    facility = forms.ChoiceField(label=_("Cơ sở"))

    def __init__(self, *args: Any, facilities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = [(f.pk, f.name) for f in facilities]  # type: ignore[attr-defined]


class CancelForm(CheckedForm, forms.Form):
    code = forms.CharField(label=_("Mã đăng ký"), max_length=40)
    email = forms.EmailField(label=_("Thư điện tử đã dùng khi đăng ký"))


class _DeskForm(CheckedForm, forms.Form):
    """A form of the check-in desk: the session to check in at, and the officer's reason outside its day."""

    session = forms.TypedChoiceField(label=_("Buổi"), coerce=int, required=False)

    def __init__(self, *args: Any, sessions: list[Any], ask_reason: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [  # type: ignore[attr-defined]
            ("", _("Buổi đang diễn ra / sắp tới")), *[(s.pk, str(s)) for s in sessions]]
        if ask_reason or (self.data.get(self.add_prefix("override_reason")) or "").strip():
            self.ask_reason()

    def ask_reason(self) -> None:
        """Add the field an officer fills to check in outside the session's day (see services.check_in)."""
        self.fields["override_reason"] = forms.CharField(
            label=_("Lý do điểm danh ngoài ngày diễn ra"), max_length=300, required=False,
            help_text=_("Chỉ cán bộ quản lý; lý do được ghi vào nhật ký."))

    def override_reason(self) -> str:
        return str(self.cleaned_data.get("override_reason") or "")


class CheckInForm(_DeskForm):
    code = forms.CharField(
        label=_("Mã đăng ký (gõ hoặc quét mã QR)"), max_length=500,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters",
                                      "class": "checkin-code"}),
    )
    field_order = ["code", "session"]


class WalkInForm(ParticipantForm, _DeskForm):
    over_capacity = forms.BooleanField(
        label=_("Vượt sức chứa"), required=False,
        help_text=_("Chỉ đánh dấu khi sự kiện đã đủ chỗ mà vẫn nhận người này (người đã có mặt tại chỗ)."),
    )
    field_order = [*ParticipantForm.base_fields, "session", "over_capacity"]


RATINGS = [(i, str(i)) for i in range(5, 0, -1)]


class FeedbackForm(CheckedForm, forms.Form):
    content = forms.TypedChoiceField(label=_("Nội dung"), choices=RATINGS, coerce=int, widget=forms.RadioSelect)
    organisation = forms.TypedChoiceField(label=_("Công tác tổ chức"), choices=RATINGS, coerce=int,
                                          widget=forms.RadioSelect)
    usefulness = forms.TypedChoiceField(label=_("Mức độ hữu ích cho công việc"), choices=RATINGS, coerce=int,
                                        widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Góp ý"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4}))


class EventForm(CheckedForm, forms.ModelForm):
    programmes = forms.MultipleChoiceField(label=_("Chương trình liên quan"), choices=Programme.choices,
                                           required=False, widget=forms.CheckboxSelectMultiple)
    audiences = forms.MultipleChoiceField(label=_("Đối tượng tham dự"), choices=Audience.choices,
                                          required=False, widget=forms.CheckboxSelectMultiple)
    materials_text = forms.CharField(
        label=_("Tài liệu khác (mỗi dòng: tiêu đề | đường dẫn)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Event
        fields = ["kind", "title", "description", "programmes", "organiser", "co_organisers", "audiences",
                  "venue", "capacity", "registration_opens", "registration_closes", "status", "unit", "plan_activity", "documents",
                  "signer_title", "signer_name"]
        widgets = {"registration_opens": DateTimeInput(), "registration_closes": DateTimeInput(),
                   "co_organisers": forms.SelectMultiple(attrs={"size": 5}),
                   "documents": forms.SelectMultiple(attrs={"size": 5})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sxsh.directory import selectors as directory
        from sxsh.plans.selectors import activities_for, organisations_for_plans

        self.fields["organiser"].queryset = organisations_for_plans(user)  # type: ignore[attr-defined]
        self.fields["co_organisers"].queryset = organisations_for_plans(user)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = directory.units_for(user)  # type: ignore[attr-defined]

        self.fields["plan_activity"].queryset = activities_for(user)  # type: ignore[attr-defined]
        from sxsh.outreach.selectors import library_documents

        self.fields["documents"].queryset = library_documents(user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["materials_text"] = "\n".join(
                f"{m.get('title', '')} | {m.get('url', '')}" for m in self.instance.materials)

    def clean_materials_text(self) -> list[dict[str, str]]:
        from django.core.validators import URLValidator

        materials = []
        for n, line in enumerate((self.cleaned_data.get("materials_text") or "").splitlines(), start=1):
            if not line.strip():
                continue
            title, _sep, url = line.rpartition("|")
            title, url = title.strip(), url.strip()
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise ValidationError(_("Dòng %(n)s: đường dẫn không hợp lệ (cần http:// hoặc https://).") % {
                    "n": n}) from None
            materials.append({"title": title or url, "url": url})
        return materials

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes < opens:
            self.add_error("registration_closes", _("Hạn đăng ký phải sau thời điểm mở đăng ký."))
        return data

    def event_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "materials_text"}
        data["materials"] = self.cleaned_data["materials_text"]
        return data


class SessionForm(CheckedForm, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Tên buổi"), max_length=255, required=False)
    starts_at = forms.DateTimeField(label=_("Bắt đầu"), required=False, widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Kết thúc"), required=False, widget=DateTimeInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("title") or data.get("starts_at") or data.get("ends_at"):
            for name in ("title", "starts_at", "ends_at"):
                if not data.get(name):
                    self.add_error(name, _("Bắt buộc nhập."))
            if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
                self.add_error("ends_at", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return data


SessionFormSet = forms.formset_factory(SessionForm, extra=2, max_num=50, absolute_max=50)

