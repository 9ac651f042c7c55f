"""The one CAPTCHA of every public form, a budget for new CAPTCHA rows per client, and the pruning of expired ones.

:func:`captcha_field` gives every public form the same field: the image, the answer box and a "Lấy lại mã bảo
mật" link (``core/captcha_widget.html``; ``sxsh/captcha.js`` fetches a new image in place, and without
JavaScript the link reloads the page with a new one), with the same Vietnamese messages.

django-simple-captcha inserts a database row for every CAPTCHA it renders or refreshes, so a client that
reloads a form or calls the refresh URL in a loop filled the table without limit. Every view that renders
a new CAPTCHA asks ``allow_new(request)`` first and answers 429 (``refused``) once the client's budget
(``SXSH_CAPTCHA_RATE``, default 60 per 10 minutes) is spent. Expired rows are deleted opportunistically
(at most once per ``PRUNE_EVERY`` seconds, by whichever request comes) and by the package's periodic
command ``manage.py captcha_clean`` (docs/deployment.md).
"""

from typing import Any

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .ratelimit import RateLimit, client_ip

NEW_CAPTCHAS = RateLimit("sxsh:captcha:new", setting="SXSH_CAPTCHA_RATE", default=(60, 600))
PRUNE_EVERY = 600


def allow_new(request: HttpRequest) -> bool:
    """Count one new CAPTCHA for the client; False once its budget is spent (nothing is created then)."""
    ident = client_ip(request)
    if NEW_CAPTCHAS.exceeded(ident):
        return False
    NEW_CAPTCHAS.hit(ident)
    if cache.add("sxsh:captcha:pruned", 1, PRUNE_EVERY):
        CaptchaStore.remove_expired()
    return True


def refusal_message() -> str:
    return _("Bạn đã yêu cầu quá nhiều mã xác nhận trong thời gian ngắn. Vui lòng thử lại sau ít phút.")


def refused() -> HttpResponse:
    """The 429 answer for a client over its budget."""
    response = HttpResponse(refusal_message(), status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(NEW_CAPTCHAS.rate[1])
    return response


class CaptchaWidget(CaptchaTextInput):
    """The image, the hidden key, the answer box and the refresh link; ``anchor`` is where the page without
    JavaScript comes back to (the form's id)."""

    template_name = "core/captcha_widget.html"

    def __init__(self, anchor: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.anchor = anchor

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["anchor"] = self.anchor
        return context


def captcha_field(anchor: str = "") -> CaptchaField:
    return CaptchaField(label=gettext_lazy("Mã xác nhận"), widget=CaptchaWidget(anchor=anchor), error_messages={
        "invalid": gettext_lazy("Mã xác nhận không đúng hoặc đã hết hạn. Vui lòng nhập mã mới."),
        "required": gettext_lazy("Vui lòng nhập mã xác nhận."),
        "incomplete": gettext_lazy("Vui lòng nhập mã xác nhận."),
    })
