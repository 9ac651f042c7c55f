"""People of a closed unit (a district after 30/6/2025) keep reading its history but write nothing.

``closed_since(user)`` is the day after the user's unit ended, or None. Scoping refuses every write
action for them (``scoping.allows``); this middleware answers any form they post with a Vietnamese
explanation (403) instead of a bare refusal, and every page they read says why they cannot write.
"""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


def closed_since(user: Any) -> date | None:
    """The first day the user's unit no longer exists, when it has ended; None otherwise."""
    unit = getattr(user, "unit", None) if getattr(user, "is_authenticated", False) else None
    if unit is None or unit.valid_to is None or unit.valid_to >= timezone.localdate():
        return None
    return unit.valid_to + timedelta(days=1)


def read_only_message(user: Any) -> str:
    since = closed_since(user)
    if since is None:
        return ""
    return _("%(unit)s đã chấm dứt hoạt động từ ngày %(since)s: bạn vẫn xem được dữ liệu lịch sử của đơn vị "
             "nhưng không thể thêm, sửa hay gửi dữ liệu. Hãy liên hệ quản trị hệ thống để được giao đơn vị mới.") % {
        "unit": user.unit, "since": since.strftime("%d/%m/%Y")}


class ClosedUnitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and not request.path.startswith(self._open_paths()):
            message = read_only_message(request.user)
            if message:
                return render(request, "core/read_only.html", {"message": message}, status=403)
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> tuple[str, ...]:
        """Posts that are not writes of the unit's data: signing out, the language switch."""
        return (reverse("accounts:logout"), reverse("set_language"))
