"""Vietnamese formatting filters, available in every template (builtins)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone

from sxsh.calc.money import format_number, format_vnd

register = template.Library()


@register.filter
def vnd(value: float | int | Decimal | None) -> str:
    """``1234567`` -> ``1.234.567 ₫``."""
    return format_vnd(value)


@register.filter
def num(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """``1234,5`` with grouping dots and a decimal comma."""
    if value is None or value == "":
        return ""
    return format_number(value, int(decimals))


@register.filter
def dmy(value: date | datetime | None) -> str:
    """A date as dd/mm/yyyy (a datetime in local time as HH:MM dd/mm/yyyy)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


@register.filter
def person(user: Any) -> str:
    """A user's full name, else the username, else "—" (a deleted user or an empty field never breaks a page)."""
    if user is None or user == "":
        return "—"
    return user.get_full_name() or user.username


@register.filter
def organisation(org: Any) -> str:
    """An organisation's short name, else its name, else "—"."""
    if org is None or org == "":
        return "—"
    return org.short_name or org.name


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
