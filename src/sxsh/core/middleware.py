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


#: Routes (URL names, or namespaces ending in ":") whose bodies carry files, allowed up to the upload limit.
UPLOAD_ROUTES = frozenset({
    "directory:facility_import", "assessments:readings_import", "plans:plan_create", "plans:plan_edit",
    "plans:update_create", "outreach:manage_article_create", "outreach:manage_article_edit",
    "outreach:manage_article_image",
    "outreach:manage_document_create", "outreach:manage_document_edit", "admin:",
})


def body_limit(path: str) -> int:
    """The largest body (bytes) the route of ``path`` accepts: uploads, else ``SXSH_BODY_MAX_BYTES``."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return int(settings.SXSH_BODY_MAX_BYTES)
    namespace = f"{match.namespace}:" if match.namespace else ""
    if f"{namespace}{match.url_name}" in UPLOAD_ROUTES or namespace in UPLOAD_ROUTES:
        return int(settings.SXSH_UPLOAD_MAX_BYTES) + 1024 * 1024  # the form fields and multipart framing
    return int(settings.SXSH_BODY_MAX_BYTES)


class BodySizeLimitMiddleware:
    """Refuse a body over its route's limit from the Content-Length header, before any of it is read (413).

    Before this, a 200 MB upload was read whole and only then refused by the form. Django reads at most
    Content-Length bytes, and nothing when the header is absent (a chunked body is not read), so the
    header check is the cap. nginx's ``client_max_body_size`` refuses still earlier (docs/deployment.md).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > 0 and length > (limit := body_limit(request.path_info)):
            return self._refuse(request, limit)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, limit: int) -> HttpResponse:
        from django.http import JsonResponse
        from django.utils.translation import gettext as _

        message = _("Dữ liệu gửi lên quá lớn: tối đa %(mb)s MB.") % {"mb": max(1, round(limit / (1024 * 1024)))}
        if request.path.startswith("/api/"):
            return JsonResponse({"message": message}, status=413)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in person or a bearer token.

    Back-office pages and exports carry personal data (participants, contact phones): no shared cache or
    browser history may keep them. Responses that say they are public (a public library document) and the
    visitors' pages (``core.pagecache``) keep their own caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated) or "Authorization" in request.headers
        if signed_in and "public" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
        return response


class NullCharacterMiddleware:
    """Refuse a NUL character in the path, the query string, a cookie or the body (API: 422, pages: 400).

    PostgreSQL text cannot hold NUL, so a filter like ``?q=%00``, a JSON field with ``\\u0000`` or a form
    field with ``%00`` sent to the API reached the database and answered 500 (found by fuzzing the API).
    Every body kind is checked: form fields (url-encoded or multipart, files excepted) through the parsed
    ``request.POST``, any other body raw (a NUL byte or its JSON escape). Page forms are left to Django's
    form fields, which refuse NUL with a message next to the field and keep the other entries.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET.lists()) or any(
                "\x00" in value for value in request.COOKIES.values()):  # a session key is looked up in the DB
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
