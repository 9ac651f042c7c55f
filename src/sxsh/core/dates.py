"""Dates from the outside world stay within 1900–2100.

A date like 01/01/0001 is valid Python, but as a time stamp in Asia/Ho_Chi_Minh it is stored in UTC as
a year-0 (BC) value that PostgreSQL keeps and psycopg cannot read back, so every page listing that row
answered 500. No date of this platform lies outside 1900–2100: forms (``core.forms.CheckedForm``) and
API schemas (``Day``, ``Moment``) refuse such dates with one Vietnamese message.
"""

from datetime import date, datetime
from typing import Annotated, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

MIN_YEAR = 1900
MAX_YEAR = 2100


def year_range_message() -> str:
    return _("Ngày phải nằm trong khoảng từ năm %(min)s đến năm %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}


def in_range(value: date) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def parse_date(value: object) -> date | None:
    """A date from a query string (ISO, as ``<input type="date">`` sends it) within 1900–2100, else None."""
    try:
        day = date.fromisoformat(str(value or ""))
    except ValueError:
        return None
    return day if in_range(day) else None


def validate_year_range(value: date | None) -> None:
    """Django validator (form and model fields)."""
    if value is not None and not in_range(value):
        raise ValidationError(year_range_message(), code="year_range")


T = TypeVar("T", bound=date)


def _pydantic_check(value: T) -> T:
    if not in_range(value):
        raise ValueError(year_range_message())
    return value


#: The year range in the API schema (a client generating dates from the schema stays within it).
YEAR_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-"
Day = Annotated[date, AfterValidator(_pydantic_check), Field(json_schema_extra={"pattern": YEAR_PATTERN})]
Moment = Annotated[datetime, AfterValidator(_pydantic_check), Field(json_schema_extra={"pattern": YEAR_PATTERN})]
