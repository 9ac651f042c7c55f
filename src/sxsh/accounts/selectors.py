"""Reads for accounts: a user's own API tokens."""

from django.db.models import QuerySet

from .models import ApiToken, User


def own_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's API tokens, newest first (active, expired and revoked)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
