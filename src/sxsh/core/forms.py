"""``CheckedForm``: the checks every form of the platform shares, mixed in before the form class.

- date and date-time fields refuse years outside 1900–2100 (``core.dates``);
- fields named in ``plain_text_fields`` refuse markup and control characters (``core.validators``).

Django's own messages that its Vietnamese catalogue lacks (NUL, slug, ...) are translated in
``locale/vi``. ``core/tests/test_forms.py`` enumerates every form of every app and fails on one without the mixin.
"""

from typing import Any

from django import forms
from django.db import models

from .dates import validate_year_range
from .validators import validate_plain_name


class CheckedForm:
    """Mix into every form: ``class XForm(CheckedForm, forms.ModelForm)``."""

    fields: dict[str, forms.Field]
    plain_text_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            harden(field, plain_text=name in self.plain_text_fields)


class CheckedAdminFields:
    """The same checks for the admin's forms and inlines: ``class XAdmin(CheckedAdminFields, admin.ModelAdmin)``."""

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> forms.Field | None:
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # Django 6's default, without its deprecation warning
        field = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None:
            harden(field)
        return field  # type: ignore[no-any-return]


def harden(field: forms.Field, *, plain_text: bool = False) -> None:
    """Add the shared checks to one (per-form copy of a) field."""
    if isinstance(field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)):
        field.validators.append(validate_year_range)
    if plain_text:
        field.validators.append(validate_plain_name)
