"""Every write on accounts: API tokens issued and revoked, passwords changed, users managed by officers;
each one audited."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sxsh.core import audit
from sxsh.directory import selectors as directory_selectors

from . import selectors
from .models import ApiToken, RevokedReason, User

#: The fields of a user an officer may set in the application (besides facilities and the first password).
MANAGED_FIELDS = ("username", "first_name", "last_name", "email", "phone", "role", "unit", "organisation", "is_active")


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


def _check_grant(acting_user: Any, data: dict[str, Any], current: User | None) -> None:
    """Refuse a role, a unit, an organisation or facilities the acting user may not give (an organisation
    outside his scope only stays where the stored user already has it)."""
    if data.get("role") not in selectors.grantable_roles(acting_user):
        raise PermissionDenied
    organisation = data.get("organisation")
    kept = User.objects.filter(pk=current.pk).values_list("organisation_id", flat=True).first() if current else None
    if organisation is not None and not selectors.grantable_organisations(acting_user, kept).filter(
            pk=organisation.pk).exists():
        raise PermissionDenied
    unit = data.get("unit")
    if unit is not None and not directory_selectors.units_for(acting_user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    ids = {facility.pk for facility in data.get("facilities") or []}
    if directory_selectors.facilities_for(acting_user).filter(pk__in=ids).count() != len(ids):
        raise PermissionDenied


@transaction.atomic
def save_managed_user(*, acting_user: Any, user: User | None, data: dict[str, Any], password: str = "") -> User:
    """Create (``user`` None, with a validated ``password``) or change a user within the acting user's scope.

    The result must still be a user the acting user manages, or nothing is saved.
    """
    _check_grant(acting_user, data, user)
    if user is None:
        before, user = None, User()
        user.set_password(password)
    else:
        if not selectors.managed_users(acting_user).filter(pk=user.pk).exists():
            raise PermissionDenied
        user = User.objects.select_for_update().get(pk=user.pk)
        before = audit.snapshot(user)
    for name in MANAGED_FIELDS:
        if name in data:
            setattr(user, name, data[name])
    user.full_clean(exclude=["password"])
    user.save()
    user.facilities.set(data.get("facilities") or [])
    if not selectors.managed_users(acting_user).filter(pk=user.pk).exists():
        raise PermissionDenied
    after = audit.snapshot(user)
    if after != before:
        audit.record(acting_user=acting_user, action=f"accounts.user.{'changed' if before else 'created'}", obj=user,
                     before=before, after=after)
    return user
