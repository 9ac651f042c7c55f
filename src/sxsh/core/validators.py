"""Names are plain text: no markup, no control characters."""

import re
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

_FORBIDDEN_CHARS = r"<>\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile(f"[{_FORBIDDEN_CHARS}]")
#: The API schema's form of the rule (what a client may send as a name).
NAME_PATTERN = f"^[^{_FORBIDDEN_CHARS}]*$"
#: A required name: the same, with at least one character that is not a space.
REQUIRED_NAME_PATTERN = f"^[^{_FORBIDDEN_CHARS}]*[^\\s{_FORBIDDEN_CHARS}][^{_FORBIDDEN_CHARS}]*$"
#: Text that must not be blank (the forms strip it), without NUL (refused in every request).
REQUIRED_TEXT_PATTERN = "^[^\\x00]*[^\\s\\x00][^\\x00]*$"


def markup_message() -> str:
    return _("Tên không được chứa ký tự < > hoặc ký tự điều khiển.")


def has_markup(value: str) -> bool:
    return bool(_FORBIDDEN.search(value))


def validate_plain_name(value: str | None) -> None:
    """Refuse ``<``, ``>`` and control or direction-override characters in a person's or an organisation's name."""
    if value and has_markup(str(value)):
        raise ValidationError(markup_message(), code="markup")


def plain_name(value: str) -> str:
    """The pydantic form of ``validate_plain_name`` (API schemas: ``PlainName``)."""
    if has_markup(value):
        raise ValueError(markup_message())
    return value


PlainName = Annotated[str, AfterValidator(plain_name), Field(json_schema_extra={"pattern": NAME_PATTERN})]
RequiredName = Annotated[str, AfterValidator(plain_name), Field(json_schema_extra={
    "minLength": 1, "pattern": REQUIRED_NAME_PATTERN})]
RequiredText = Annotated[str, Field(json_schema_extra={"minLength": 1, "pattern": REQUIRED_TEXT_PATTERN})]
