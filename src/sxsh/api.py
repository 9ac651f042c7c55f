"""The API root: token auth, JSON errors with a message, and each app's router."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer, django_auth
from ninja.throttling import AnonRateThrottle, UserRateThrottle

from sxsh.accounts import services as account_services
from sxsh.accounts import throttle
from sxsh.accounts.models import ApiToken
from sxsh.core.apidoc import stated
from sxsh.core.ratelimit import client_ip
from sxsh.core.tables_api import lists_router
from sxsh.core.validators import RequiredText

from . import openapi


class ClientRateThrottle(AnonRateThrottle):
    """Requests per client address as ``core.ratelimit.client_ip`` finds it (not the raw X-Forwarded-For)."""

    def get_ident(self, request: HttpRequest) -> str:
        return client_ip(request)


class AccountRateThrottle(UserRateThrottle):
    """Requests per signed-in account (anonymous requests are left to :class:`ClientRateThrottle`)."""

    def allow_request(self, request: HttpRequest) -> bool:
        if not (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request)


class SxshAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        return openapi.document(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


class BearerToken(HttpBearer):
    """``Authorization: Bearer <key>`` of a token neither expired nor revoked (otherwise 401)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.valid(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


AUTH = [BearerToken(), django_auth]

api = SxshAPI(
    title="SXSH API",
    version="1",
    description="API của nền tảng Sản xuất sạch hơn (SXSH).",
    auth=AUTH,
    urls_namespace="api",
    throttle=[ClientRateThrottle(settings.SXSH_API_RATES["anonymous"]),
              AccountRateThrottle(settings.SXSH_API_RATES["account"])],
)


class TokenIn(Schema):
    username: RequiredText = stated(maxLength=150)
    password: str = stated(minLength=1, maxLength=4096, pattern=r"^[^\x00]*$")


class TokenOut(Schema):
    token: str
    expires_at: datetime


class Message(Schema):
    message: str


@api.post(
    "/auth/token", auth=None, response={200: TokenOut, 401: Message, 429: Message}, tags=["auth"],
    throttle=[ClientRateThrottle("20/m")],
)
def issue_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """Exchange a username and password for a bearer token (throttled like the login page)."""
    if throttle.refused(request, payload.username):
        return Status(429, {"message": _("Bạn đã đăng nhập sai quá nhiều lần, vui lòng thử lại sau ít phút.")})
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        throttle.failed(request, payload.username)
        return Status(401, {"message": _("Tên đăng nhập hoặc mật khẩu không đúng.")})
    key, token = account_services.issue_token(acting_user=user)  # type: ignore[arg-type]
    return Status(200, {"token": key, "expires_at": token.expires_at})


@api.delete("/auth/token", auth=BearerToken(), response={204: None}, tags=["auth"])
def revoke_token(request: HttpRequest) -> Status[None]:
    """Revoke the bearer token this request carries; it gets 401 from then on."""
    account_services.revoke_token(acting_user=request.user, token=request.api_token)  # type: ignore[arg-type,attr-defined]
    return Status(204, None)


def _error(request: HttpRequest, status: int, message: str, detail: Any = None) -> HttpResponse:
    body: dict[str, Any] = {"message": message}
    if detail is not None:
        body["detail"] = detail
    return api.create_response(request, body, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, _("Không tìm thấy."))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, _("Bạn không có quyền thực hiện thao tác này."))


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, _("Cần đăng nhập hoặc mã truy cập hợp lệ."))


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, _("Dữ liệu gửi lên không hợp lệ."), exc.errors)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(request, 429, _("Quá nhiều yêu cầu, vui lòng thử lại sau ít phút."))
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


def _add_routers() -> None:
    from sxsh.assessments.api import router as assessments
    from sxsh.directory.api import router as directory
    from sxsh.events.api import router as events
    from sxsh.indicators.api import router as indicators
    from sxsh.notifications.api import router as notifications
    from sxsh.outreach.api import router as outreach
    from sxsh.plans.api import router as plans

    api.add_router("/directory", directory)
    api.add_router("/plans", plans)
    api.add_router("/outreach", outreach)
    api.add_router("/events", events)
    api.add_router("/assessments", assessments)
    api.add_router("/indicators", indicators)
    api.add_router("/lists", lists_router())
    api.add_router("/notifications", notifications)


_add_routers()
