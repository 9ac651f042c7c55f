from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminLoginForm
from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "unit", "organisation", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Vai trò và phạm vi"), {"fields": ("role", "unit", "organisation", "facilities", "phone")}))  # type: ignore[misc]
    filter_horizontal = ("facilities",)

admin.site.login_form = AdminLoginForm
