"""The login page, throttled by ``accounts.throttle`` (per client address and per account)."""

from typing import Any

from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse

from .forms import LoginForm


class RateLimitedLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="throttled"):
            response.status_code = 429
        return response
