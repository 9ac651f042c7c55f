from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sxsh.core.forms import CheckedForm
from sxsh.core.roles import FACILITY_SCOPED, UNIT_SCOPED, Role
from sxsh.directory import selectors as directory_selectors

from . import selectors, throttle
from .models import User

THROTTLED = _("Bạn đã đăng nhập sai quá nhiều lần, vui lòng thử lại sau ít phút.")


class ThrottledLoginMixin:
    """Login forms refuse a throttled client before checking the password and count each failure."""

    cleaned_data: dict[str, Any]
    request: Any

    def clean(self) -> dict[str, Any]:
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()  # type: ignore[misc,no-any-return]
        if throttle.refused(self.request, username):
            raise ValidationError(THROTTLED, code="throttled")
        try:
            return super().clean()  # type: ignore[misc,no-any-return]
        except ValidationError:
            throttle.failed(self.request, username)
            raise


class LoginForm(CheckedForm, ThrottledLoginMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")


class AdminLoginForm(CheckedForm, ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin site's login form (``admin.site.login_form``), under the same limiter as the web login."""


class ManagedUserForm(CheckedForm, forms.ModelForm):
    """A user as an officer manages it: role, unit and facilities limited to what he may grant."""

    plain_text_fields = ("username", "last_name", "first_name")

    password1 = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, strip=False, required=False)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput, strip=False,
                                required=False)

    class Meta:
        model = User
        fields = ("username", "last_name", "first_name", "email", "phone", "role", "unit", "organisation", "facilities",
                  "is_active")
        labels = {"username": _("Tên đăng nhập"), "last_name": _("Họ và tên đệm"), "first_name": _("Tên"),
                  "email": _("Thư điện tử"), "is_active": _("Đang hoạt động (bỏ chọn để khóa tài khoản)")}
        help_texts = {"username": "", "is_active": ""}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.creating = self.instance.pk is None
        roles = selectors.grantable_roles(user)
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]  # type: ignore[attr-defined]
        self.fields["unit"].queryset = directory_selectors.units_for(user).order_by("path")  # type: ignore[attr-defined]
        self.fields["facilities"].queryset = directory_selectors.facilities_for(user).order_by("name")  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = selectors.grantable_organisations(  # type: ignore[attr-defined]
            user, self.instance.organisation_id)
        self.fields["unit"].help_text = _("Bắt buộc với cán bộ của đơn vị hành chính và của Sở; chỉ trong địa bàn của bạn.")
        self.fields["facilities"].help_text = _("Bắt buộc với đại diện doanh nghiệp và chuyên gia tư vấn.")
        self.fields["organisation"].help_text = _("Cơ quan, tổ chức nơi người dùng công tác; với cán bộ, tổ chức "
                                                  "thuộc địa bàn phụ trách.")
        if self.creating:
            self.fields["password1"].required = self.fields["password2"].required = True
            self.fields["password1"].help_text = password_validation.password_validators_help_text_html()
        else:
            del self.fields["password1"], self.fields["password2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        role = data.get("role")
        if role in UNIT_SCOPED:
            data["facilities"] = []
            if not data.get("unit") and "unit" not in self.errors:
                self.add_error("unit", _("Vai trò này cần một địa bàn phụ trách."))
            elif data.get("organisation") and data.get("unit") and data["organisation"].unit_id != data["unit"].pk:
                self.add_error("organisation", _("“%(org)s” thuộc %(its)s, không thuộc địa bàn phụ trách đã chọn.") % {
                    "org": data["organisation"], "its": data["organisation"].unit})
        elif role in FACILITY_SCOPED:
            data["unit"] = None
            if not data.get("facilities") and "facilities" not in self.errors:
                self.add_error("facilities", _("Vai trò này cần ít nhất một cơ sở."))
        if self.creating and data.get("password1"):
            if data["password1"] != data.get("password2"):
                self.add_error("password2", _("Hai mật khẩu không khớp."))
            else:
                candidate = User(**{k: data.get(k) or "" for k in ("username", "first_name", "last_name", "email",
                                                                    "phone")})
                try:
                    password_validation.validate_password(data["password1"], candidate)
                except ValidationError as error:
                    self.add_error("password1", error)
        return data
