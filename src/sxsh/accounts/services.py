"""Every write on accounts: API tokens issued and revoked, passwords changed; each one audited."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sxsh.core import audit

from .models import ApiToken, RevokedReason, User


def token_snapshot(token: ApiToken) -> dict[str, Any]:
    return {"user_id": token.user_id, "prefix": token.prefix, "expires_at": token.expires_at,
            "revoked_at": token.revoked_at, "revoked_reason": token.revoked_reason}


@transaction.atomic
def issue_token(*, acting_user: User) -> tuple[str, ApiToken]:
    """A new API token for the acting user (who has just proved their password)."""
    key, token = ApiToken.issue(acting_user)
    audit.record(acting_user=acting_user, action="accounts.apitoken.issued", obj=token, after=token_snapshot(token))
    return key, token


@transaction.atomic
def revoke_token(*, acting_user: User, token: ApiToken) -> ApiToken:
    """Revoke one of the acting user's own tokens (revoking twice changes nothing)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != acting_user.pk:
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    before = token_snapshot(token)
    token.revoked_at, token.revoked_reason = timezone.now(), RevokedReason.OWNER
    token.save(update_fields=["revoked_at", "revoked_reason"])
    audit.record(acting_user=acting_user, action="accounts.apitoken.revoked", obj=token, before=before,
                 after=token_snapshot(token))
    return token


def active_token_count(user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()).count()


def record_password_change(*, acting_user: User, user: User, old_hash: str, revoked: int, action: str) -> None:
    """The audit record of a password set on any path (the hashes are masked by ``audit.record``)."""
    audit.record(acting_user=acting_user, action=action, obj=user, before={"password": old_hash},
                 after={"password": user.password, "api_tokens_revoked": revoked})


@transaction.atomic
def change_password(*, acting_user: User, user: User, password: str) -> User:
    """Set a new (already validated) password; the user's API tokens are revoked with it (``User.save``)."""
    old_hash, revoked = user.password, active_token_count(user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_password_change(acting_user=acting_user, user=user, old_hash=old_hash, revoked=revoked,
                           action="accounts.user.password_changed")
    return user
