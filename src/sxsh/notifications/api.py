"""The signed-in person's own notifications: list (unread first if asked) and mark read."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from sxsh.core.ids import Id

from . import selectors, services
from .models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_kind_label(obj: Notification) -> str:
        return str(obj.get_kind_display())


class UnreadOut(Schema):
    unread: int


@router.get("/notifications", response=list[NotificationOut])
@paginate(LimitOffsetPagination)
def list_notifications(request: HttpRequest, unread: bool = False) -> Any:
    """The caller's notices, newest first (``unread=true``: only those not read yet)."""
    rows = selectors.notifications_for(request.user)
    return rows.filter(read_at__isnull=True) if unread else rows


@router.get("/notifications/unread", response=UnreadOut)
def unread(request: HttpRequest) -> Any:
    return {"unread": selectors.unread_count(request.user)}


@router.post("/notifications/{notification_id}/read", response=NotificationOut)
def read(request: HttpRequest, notification_id: Id) -> Any:
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=notification_id)
    return services.mark_read(acting_user=request.user, notification=notification)
