from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count shown in the header (signed-in people only)."""
    user = getattr(request, "user", None)
    return {"unread_notifications": unread_count(user) if user is not None and user.is_authenticated else 0}
