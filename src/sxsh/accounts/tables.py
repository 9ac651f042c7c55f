"""The accounts app's listed kind, declared once (``core.tables``): the users an officer manages
(``selectors.managed_users``). Only those who manage users may open it; anyone else gets 404 on the page,
the API and the export."""

from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat, Trim
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core import tables as t
from sxsh.core.roles import Role
from sxsh.directory import selectors as directory_selectors

from . import selectors
from .models import User


class UserFilters(t.FilterSet):
    q = t.SearchFilter(label=_("Tìm kiếm (tên đăng nhập, họ tên, thư điện tử)"))
    role = t.choice("role", [(value, label) for value, label in Role.choices if value != Role.ADMIN], _("Vai trò"))
    unit = t.related("unit", lambda request: directory_selectors.units_for(request.user), _("Địa bàn"),
                     method="in_area")
    active = t.yes_no("is_active", _("Đang hoạt động"))

    def in_area(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """The users of the unit and the units under it: by their unit, or by a facility they hold there."""
        if value is None:
            return queryset
        holders = User.facilities.through.objects.filter(facility__ward__path__startswith=value.path).values("user_id")
        return queryset.filter(Q(unit__path__startswith=value.path) | Q(pk__in=holders))


class UserTable(t.Table):
    username = t.Column(_("Tên đăng nhập"), kind="code", linkify=lambda record: reverse(
        "accounts:user_edit", args=[record.pk]))
    full_name = t.Column(_("Họ tên"), kind="name")
    role = t.Column(_("Vai trò"))
    unit = t.Column(_("Địa bàn phụ trách"), accessor="unit__name")
    facilities = t.Column(_("Cơ sở đại diện / được phân công"), accessor="pk", orderable=False, kind="name")
    email = t.Column(_("Thư điện tử"))
    is_active = t.YesNoColumn(_("Đang hoạt động"))
    last_login = t.DateColumn(_("Đăng nhập lần cuối"), kind="datetime")

    def render_facilities(self, record: User) -> str:
        return ", ".join(f.name for f in record.facilities.all())  # prefetched with the rows


def _users(user: Any) -> QuerySet[User]:
    return (selectors.managed_users(user).prefetch_related("facilities")
            .annotate(full_name=Trim(Concat("last_name", Value(" "), "first_name"))))


USERS = t.register(t.Listing(
    name="users", title=_("Người dùng"), model=User, rows=_users, filterset=UserFilters, table=UserTable,
    ordering=("username",), filename="nguoi-dung", page="accounts:user_list", export="accounts:user_export",
    default_columns=("username", "full_name", "role", "unit", "facilities", "is_active", "last_login"),
    detail=t.url("accounts:user_edit"), opens=selectors.can_manage_users,
))
