"""Reads of the notifications app: a person's own notices and the kinds they turned off."""

from typing import Any

from django.db.models import QuerySet

from .models import Kind, Notification, OptOut


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The person's own notices, newest first (an administrator's own too: the list is personal)."""
    return Notification.objects.restrict(user, "view").filter(recipient_id=user.pk)


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return notifications_for(user).filter(read_at__isnull=True).count()


def kinds_off(user: Any) -> set[str]:
    return set(OptOut.objects.restrict(user, "view").filter(user_id=user.pk).values_list("kind", flat=True))


def kind_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Kind.choices]
