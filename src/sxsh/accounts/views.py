"""The login page, throttled per address and per user name against password guessing."""

from typing import Any

from django.contrib.auth.views import LoginView
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sxsh.core.ratelimit import RateLimit, client_ip

from .forms import LoginForm

#: Failed logins allowed per window (``SXSH_LOGIN_RATE = (attempts, seconds)``), per address and per user name.
LOGIN_RATE_IP = RateLimit("sxsh:login:ip", setting="SXSH_LOGIN_RATE", default=(10, 600))
LOGIN_RATE_USER = RateLimit("sxsh:login:user", setting="SXSH_LOGIN_RATE", default=(10, 600))


def _username(request: HttpRequest) -> str:
    return (request.POST.get("username") or "").strip().casefold()[:150]


class RateLimitedLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = _username(request)
        if LOGIN_RATE_IP.exceeded(client_ip(request)) or (username and LOGIN_RATE_USER.exceeded(username)):
            # Refused before the password is checked, so guessing gains nothing while the limit holds.
            form = self.get_form()
            form.cleaned_data = {}
            form._errors = ErrorDict()  # type: ignore[attr-defined]
            form.add_error(None, _("Bạn đã đăng nhập sai quá nhiều lần, vui lòng thử lại sau ít phút."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        LOGIN_RATE_IP.hit(client_ip(self.request))
        username = _username(self.request)
        if username:
            LOGIN_RATE_USER.hit(username)
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        LOGIN_RATE_USER.reset(_username(self.request))
        return super().form_valid(form)
