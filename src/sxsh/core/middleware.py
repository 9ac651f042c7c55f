"""Request id, the chosen language and security headers."""

import re
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .request_context import reset_request_id, set_request_id

_VALID_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class RequestIdMiddleware:
    """Give every request an id (or keep a well-formed X-Request-ID) for logs and the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every HTML response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/docs"):
            return response
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        return response


class NullCharacterMiddleware:
    """Refuse a NUL character in the path, the query string or the body (API: 422, pages: 400).

    PostgreSQL text cannot hold NUL, so a filter like ``?q=%00``, a JSON field with ``\\u0000`` or a form
    field with ``%00`` sent to the API reached the database and answered 500 (found by fuzzing the API).
    Every body kind is checked: form fields (url-encoded or multipart, files excepted) through the parsed
    ``request.POST``, any other body raw (a NUL byte or its JSON escape). Page forms are left to Django's
    form fields, which refuse NUL with a message next to the field and keep the other entries.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET.lists()):
            return self._refuse(request)
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and self._body_has_nul(request):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _body_has_nul(request: HttpRequest) -> bool:
        if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            if not request.path.startswith("/api/"):
                return False
            if request.method != "POST":  # Django parses form bodies of POST only
                return b"\x00" in request.body or b"%00" in request.body
            return _has_nul(request.POST.lists())
        body = request.body
        return b"\x00" in body or b"\\u0000" in body

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.utils.translation import gettext as _

        message = _("Yêu cầu chứa ký tự không hợp lệ (NUL).")
        if request.path.startswith("/api/"):
            return JsonResponse({"message": message}, status=422)  # like the API's other validation errors
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _has_nul(items: Iterable[tuple[str, list[str]]]) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in items)


class ChosenLanguageMiddleware:
    """The language a person chose with the switch (the language cookie), else Vietnamese.

    Unlike Django's ``LocaleMiddleware`` the browser's Accept-Language is ignored: many people in
    Vietnam use an English browser and still expect the district's site in Vietnamese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
