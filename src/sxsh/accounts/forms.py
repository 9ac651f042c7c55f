from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sxsh.core.forms import CheckedForm

from . import throttle

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
