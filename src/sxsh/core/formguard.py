"""Public forms' guard token: a signed (start time, nonce) pair in a hidden ``started`` field.

People take seconds to fill a form; bots post at once. ``SXSH_FORM_MIN_SECONDS`` (default 3) sets the
minimum; 0 switches the time check off (the test settings do, so that fast browser tests stay
reliable; the tests of the check itself switch it back on). The token is always required and signed:
a missing or forged one is refused as an expired form. Its nonce tells a double post of the same
rendered form from a new one (the comment form uses it as the submission key).

A page shared through the page cache renders ``TOKEN_SLOT`` instead of a token; ``core.pagecache`` puts
a ``new_token()`` in its place in every response, so no two visitors share a nonce.
"""

import secrets
import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import CheckedForm

SALT = "sxsh.core.form-token"
MAX_AGE = 24 * 3600
TOKEN_SLOT = "__sxsh_form_token__"  # noqa: S105  (a placeholder, not a secret)


def min_fill_seconds() -> float:
    return float(getattr(settings, "SXSH_FORM_MIN_SECONDS", 3))


def new_token(at: float | None = None) -> str:
    """A signed token started now (or at ``at``, a Unix time) with a fresh random nonce."""
    return signing.dumps({"t": time.time() if at is None else at, "n": secrets.token_hex(16)}, salt=SALT)


class MinimumFillTimeForm(CheckedForm, forms.Form):
    """Mix into a public form (before the form class) to refuse posts made faster than a person could.

    After validation ``nonce`` holds the token's nonce (empty when the token was refused).
    """

    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, token_slot: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nonce = ""
        if not self.is_bound:
            self.initial["started"] = TOKEN_SLOT if token_slot else new_token()

    def clean_started(self) -> str:
        token = self.cleaned_data.get("started") or ""
        try:
            payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
            started, nonce = float(payload["t"]), str(payload["n"])[:64]
        except (signing.BadSignature, TypeError, ValueError, KeyError):
            raise ValidationError(_("Biểu mẫu đã hết hạn, vui lòng tải lại trang và gửi lại."), code="expired") from None
        if time.time() - started < min_fill_seconds():
            raise ValidationError(_("Bạn gửi quá nhanh. Vui lòng kiểm tra lại thông tin rồi gửi lại."), code="too_fast")
        self.nonce = nonce
        return token

    def restart_clock(self) -> None:
        """Give a re-rendered form a fresh token (the user's entries are kept)."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data["started"] = new_token()
        self.data = data

    def refresh_token_if_expired(self) -> None:
        """Like ``restart_clock``, only after an expired or forged token: a form re-rendered for another
        error keeps its start time, so the person is not made to wait again."""
        errors = self.errors.get("started")
        if errors and any(e.code == "expired" for e in errors.as_data()):
            self.restart_clock()
