from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sxsh.core.forms import CheckedForm

from .models import Kind


class PreferencesForm(CheckedForm, forms.Form):
    """Each kind of notice, ticked when wanted (all are wanted until turned off)."""

    wanted = forms.MultipleChoiceField(label=_("Nhận các thông báo"), choices=Kind.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    @classmethod
    def for_user(cls, user: Any) -> "PreferencesForm":
        """The form with the person's current choices (for the account page)."""
        from .selectors import kinds_off

        return cls(initial={"wanted": sorted(set(Kind.values) - kinds_off(user))}, user=user)

    def kinds_off(self) -> set[str]:
        return set(Kind.values) - set(self.cleaned_data["wanted"])
