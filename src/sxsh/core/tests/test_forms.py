"""Every form of every app shares ``CheckedForm``; random dates and text never crash one, errors are Vietnamese."""

import importlib
import os
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sxsh.core.dates import MAX_YEAR, MIN_YEAR
from sxsh.core.forms import CheckedForm

APPS = ("accounts", "assessments", "directory", "events", "indicators", "outreach", "plans")
EXTRA_MODULES = ("sxsh.directory.importing",)
HYPOTHESIS = settings(max_examples=int(os.environ.get("SXSH_HYPOTHESIS_EXAMPLES", "40")), deadline=None,
                      suppress_health_check=list(HealthCheck), derandomize=True)
# A Vietnamese message has at least one letter English does not (ă â đ ê ô ơ ư or a tone mark).
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def form_classes() -> list[type[forms.BaseForm]]:
    for app in APPS:
        importlib.import_module(f"sxsh.{app}.forms")
    for module in EXTRA_MODULES:
        importlib.import_module(module)
    found = {c for c in _subclasses(forms.BaseForm) if c.__module__.startswith("sxsh.")}
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


def test_every_form_mixes_in_the_shared_checks() -> None:
    classes = form_classes()
    assert len(classes) > 40
    assert [c.__qualname__ for c in classes if not issubclass(c, CheckedForm)] == []


def test_every_captcha_is_the_one_widget_with_its_refresh_link() -> None:
    from captcha.fields import CaptchaField

    from sxsh.core.captchas import CaptchaWidget

    with_captcha = {c.__qualname__: f for c in form_classes() for f in c.base_fields.values()
                    if isinstance(f, CaptchaField)}
    assert {"CommentForm", "PublicRegistrationForm"} <= set(with_captcha)  # the public forms
    assert [name for name, f in with_captcha.items() if type(f.widget) is not CaptchaWidget] == []


@pytest.fixture
def form_kwargs(users: dict[str, Any], facility: Any, district: Any) -> dict[str, Any]:
    """What the forms' constructors take besides the data, built once (real rows)."""
    from sxsh.assessments import services as assessments
    from sxsh.directory.models import AdministrativeUnit, Facility, Organisation
    from sxsh.plans.models import Plan

    issuer = Organisation.objects.create(name="Ủy ban nhân dân quận", kind="peoples_committee", unit=district)
    plan = Plan.objects.create(number="1/KH", title="Kế hoạch", issuer=issuer, issued_on=date(2019, 1, 1),
                               period_start=date(2019, 1, 1), period_end=date(2019, 12, 31))
    assessment = assessments.create_assessment(acting_user=users["admin"], facility=facility, data={
        "title": "Đánh giá", "kind": "rapid", "start_date": date(2019, 1, 1), "current_step": 1})
    return {"user": users["admin"], "plan": plan, "assessment": assessment, "facility": facility,
            "facilities": Facility.objects.filter(pk=facility.pk), "sessions": [], "units": AdministrativeUnit.objects.all()}


def make_form(cls: type[forms.BaseForm], data: dict[str, Any], context: dict[str, Any]) -> forms.BaseForm:
    import inspect

    wanted = inspect.signature(cls.__init__).parameters
    kwargs = {k: v for k, v in context.items() if k in wanted}
    return cls(data=data, files={}, **kwargs)


DATES = st.one_of(
    st.sampled_from(["01/01/0001", "0001-01-01", "0001-01-01T00:00", "9999-12-31", "9999-12-31T23:59",
                     "31/12/1899 23:59", "01/2101", "2020-02-30", "2019-09-01", "01/09/2019", "2019-09-01T08:00",
                     "\x00", "", "<b>1</b>"]),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.text(max_size=20),
)
TEXT = st.one_of(st.text(max_size=80), st.sampled_from(["<script>alert(1)</script>", "a\x00b", "x" * 6000, "  "]))


def _fuzzable(field: forms.Field) -> str:
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        return "date"
    if type(field) in (forms.CharField, forms.EmailField, forms.RegexField) or isinstance(field, forms.SlugField):
        return "text"
    return ""


@pytest.mark.parametrize("cls", form_classes(), ids=lambda c: f"{c.__module__.split('.')[1]}.{c.__name__}")
@HYPOTHESIS
@given(data=st.data())
def test_random_dates_and_text_give_vietnamese_errors(cls: type[forms.BaseForm], form_kwargs: dict[str, Any],
                                                      data: Any) -> None:
    blank = make_form(cls, {}, form_kwargs)
    values: dict[str, Any] = {}
    for name, field in blank.fields.items():
        kind = _fuzzable(field)
        if kind:
            values[name] = data.draw(DATES if kind == "date" else TEXT, label=name)
    form = make_form(cls, values, form_kwargs)
    form.is_valid()  # never raises
    for name, field in form.fields.items():
        cleaned = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if _fuzzable(field) == "date" and isinstance(cleaned, date):
            assert MIN_YEAR <= cleaned.year <= MAX_YEAR, (name, values[name])
    for name, messages in form.errors.items():
        for message in messages:
            assert VIETNAMESE.search(message), (cls.__name__, name, values.get(name), message)


def test_names_refuse_markup_with_a_vietnamese_message(users: dict[str, Any], district: Any) -> None:
    from sxsh.directory.forms import OrganisationForm

    form = OrganisationForm(data={"name": "<img src=x onerror=alert(1)>", "kind": "other", "unit": district.pk},
                            user=users["admin"])
    assert not form.is_valid()
    assert form.errors["name"] == ["Tên không được chứa ký tự < > hoặc ký tự điều khiển."]
    plain = OrganisationForm(data={"name": "Công ty TNHH Dệt & May (Hà Nội)", "kind": "other", "unit": district.pk},
                             user=users["admin"])
    assert plain.is_valid(), plain.errors


def test_nul_in_a_page_form_is_a_vietnamese_error_next_to_the_field(users: dict[str, Any], client_for: Any,
                                                                   district: Any) -> None:
    response = client_for(users["district"]).post("/danh-muc/to-chuc/them/", {
        "name": "Tổ chức\x00", "kind": "other", "unit": district.pk})
    assert response.status_code == 200
    assert "Không được chứa ký tự NUL." in response.content.decode()


@pytest.mark.filterwarnings("ignore:The default scheme will be changed:django.utils.deprecation.RemovedInDjango60Warning")
def test_admin_forms_and_inlines_check_dates_too(users: dict[str, Any], rf: Any) -> None:
    """The admin's forms come from its ModelAdmins: each date field there refuses 01/01/0001 as well."""
    from django.contrib import admin

    from sxsh.core.dates import validate_year_range
    from sxsh.core.forms import CheckedAdminFields

    request = rf.get("/quan-tri/")
    request.user = users["admin"]
    checked_dates = 0
    for model, model_admin in admin.site._registry.items():
        if not model._meta.app_label.startswith(("assessments", "directory", "events", "indicators", "outreach",
                                                 "plans")):
            continue
        holders = [model_admin, *model_admin.get_inline_instances(request)]
        assert all(isinstance(h, CheckedAdminFields) for h in holders), model
        for holder in holders:
            form = holder.get_formset(request).form if holder is not model_admin else holder.get_form(request)
            for field in form.base_fields.values():
                if isinstance(field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)):
                    assert validate_year_range in field.validators, (model, field)
                    checked_dates += 1
    assert checked_dates > 10
