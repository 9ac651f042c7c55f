"""Users and groups in the admin, audited (fields, roles, scope, facilities, groups, passwords set)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from sxsh.core.admin import AuditedAdmin

from . import services
from .forms import AdminLoginForm
from .models import User

admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ("username", "full_name", "role", "unit", "organisation", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Vai trò và phạm vi"), {"fields": ("role", "unit", "organisation", "facilities", "phone")}))  # type: ignore[misc]
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Vai trò và phạm vi"), {"fields": ("role", "unit", "organisation", "facilities", "phone")}))  # type: ignore[misc]
    filter_horizontal = ("facilities", "groups", "user_permissions")

    @admin.display(description=_("họ và tên"), ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Django's password form, audited (hashes masked); the user's API tokens are revoked by ``User.save``."""
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            old_hash = user.password if user else ""
            revoked = services.active_token_count(user) if user else 0
            response = super().user_change_password(request, id, form_url)
            if user is not None and request.method == "POST":
                user.refresh_from_db()
                if user.password != old_hash:
                    services.record_password_change(acting_user=request.user, user=user,  # type: ignore[arg-type]
                                                    old_hash=old_hash, revoked=revoked,
                                                    action="accounts.user.password_changed.admin")
            return response


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, BaseGroupAdmin):
    """Groups and their permissions, audited."""
