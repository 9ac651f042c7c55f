"""A minimum fill time for public forms: a signed timestamp in a hidden field.

People take seconds to fill a form; bots post at once. ``SXSH_FORM_MIN_SECONDS`` (default 3) sets the
minimum; 0 switches the check off (the test settings do, so that fast browser tests stay reliable;
the tests of the check itself switch it back on).
"""

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SALT = "sxsh.core.form-started"
MAX_AGE = 24 * 3600


def min_fill_seconds() -> float:
    return float(getattr(settings, "SXSH_FORM_MIN_SECONDS", 3))


class MinimumFillTimeForm(forms.Form):
    """Mix into a public form (before the form class) to refuse posts made faster than a person could."""

    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=SALT)

    def clean_started(self) -> str:
        token = self.cleaned_data.get("started") or ""
        minimum = min_fill_seconds()
        if minimum <= 0:
            return token
        try:
            started = float(signing.loads(token, salt=SALT, max_age=MAX_AGE))
        except (signing.BadSignature, TypeError, ValueError):
            raise ValidationError(_("Biểu mẫu đã hết hạn, vui lòng tải lại trang và gửi lại."), code="expired") from None
        if time.time() - started < minimum:
            raise ValidationError(_("Bạn gửi quá nhanh. Vui lòng kiểm tra lại thông tin rồi gửi lại."), code="too_fast")
        return token

    def restart_clock(self) -> None:
        """Give a re-rendered form a fresh timestamp (the user's entries are kept)."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data["started"] = signing.dumps(time.time(), salt=SALT)
        self.data = data
