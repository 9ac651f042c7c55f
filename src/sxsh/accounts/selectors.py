"""Reads for accounts: a user's own API tokens; the users an officer manages inside the application.

User management (``/tai-khoan/nguoi-dung/``) belongs to the Department of Industry and Trade and to
district officers (and administrators), each within their own unit subtree. An officer manages a user
whose role he may grant (``grantable_roles``: never the administrator, never a level above his own) and
who lies wholly inside his subtree: a unit-scoped user whose unit is in it, a facility-scoped user all of
whose facilities are in it. Staff and superusers, and the officer himself, are managed only in the admin.
"""

from typing import Any

from django.db.models import Q, QuerySet

from sxsh.core.roles import FACILITY_SCOPED, UNIT_SCOPED, Role
from sxsh.core.scoping import is_admin
from sxsh.directory.models import Organisation

from .models import ApiToken, User

#: Roles each managing role may grant.
GRANTABLE: dict[str, tuple[str, ...]] = {
    Role.DOIT: (Role.DOIT, Role.DISTRICT, Role.WARD, Role.CONSULTANT, Role.ENTERPRISE),
    Role.DISTRICT: (Role.DISTRICT, Role.WARD, Role.CONSULTANT, Role.ENTERPRISE),
}


def own_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's API tokens, newest first (active, expired and revoked)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def grantable_roles(user: Any) -> tuple[str, ...]:
    if is_admin(user):
        return tuple(role for role in Role.values if role != Role.ADMIN)
    if not user.is_authenticated or not user.scope_path:
        return ()
    return GRANTABLE.get(user.role, ())


def grantable_organisations(user: Any, current_id: int | None = None) -> QuerySet[Organisation]:
    """The organisations ``user`` may give to the users he manages: those in his scope, and the one the
    edited user already has (kept as it is)."""
    in_scope = Organisation.objects.restrict(user).values("pk") if grantable_roles(user) else []
    return Organisation.objects.unscoped("the organisations in the manager's scope, and the edited user's own").filter(
        Q(pk__in=in_scope) | Q(pk=current_id)).select_related("unit__kind").order_by("name")


def can_manage_users(user: Any) -> bool:
    return bool(grantable_roles(user))


def managed_users(user: Any) -> QuerySet[User]:
    """The users ``user`` may list and edit in the application (none for other roles); the listing
    ``tables.USERS`` filters them."""
    roles = grantable_roles(user)
    if not roles:
        return User.objects.none()
    qs = (User.objects.filter(is_superuser=False, is_staff=False, role__in=roles).exclude(pk=user.pk)
          .select_related("unit").order_by("username"))
    if is_admin(user):
        return qs
    path = user.scope_path
    links = User.facilities.through.objects
    inside = links.filter(facility__ward__path__startswith=path).values("user_id")
    outside = links.exclude(facility__ward__path__startswith=path).values("user_id")
    return (qs.filter(Q(role__in=UNIT_SCOPED, unit__path__startswith=path) | Q(role__in=FACILITY_SCOPED, pk__in=inside))
            .exclude(Q(role__in=FACILITY_SCOPED) & Q(pk__in=outside)))
