"""The admin site speaks Vietnamese throughout, carries the deployment's name and greets people by their whole name."""

import gettext
import json
import re
from pathlib import Path
from typing import Any

import django
import pytest
from django.utils import translation

from sxsh.core.site import SiteSettings

DJANGO = Path(django.__file__).parent
#: Catalogues whose strings the admin shows; French is complete in Django, so its ids are the full list.
CATALOGUES = [("admin", "django"), ("admin", "djangojs"), ("auth", "django"), ("contenttypes", "django"),
              ("sessions", "django")]


def _msgids(app: str, domain: str) -> list[str]:
    path = DJANGO / "contrib" / app / "locale" / "fr" / "LC_MESSAGES" / f"{domain}.mo"
    with path.open("rb") as f:
        catalogue = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    return sorted({k[0] if isinstance(k, tuple) else k for k in catalogue if k})


@pytest.mark.parametrize(("app", "domain"), [c for c in CATALOGUES if c[1] == "django"])
def test_every_admin_string_has_vietnamese(app: str, domain: str) -> None:
    missing = []
    with translation.override("vi"):
        for msgid in _msgids(app, domain):
            context, _, text = msgid.rpartition("\x04")
            found = translation.pgettext(context, text) if context else translation.gettext(text)
            if found == text and re.sub(r"%\(\w+\)s", "", text).strip(" %s") :
                missing.append(msgid)
    assert missing == []


def test_admin_javascript_strings_are_vietnamese(users: Any, client_for: Any) -> None:
    catalogue = client_for(users["admin"]).get("/quan-tri/jsi18n/").content.decode()
    for msgid in _msgids("admin", "djangojs"):
        assert f"{json.dumps(msgid)}: " in catalogue, msgid  # the catalogue is JSON (ASCII) in the script


def test_admin_pages_carry_the_site_name_and_the_whole_name(users: Any, client_for: Any) -> None:
    SiteSettings.objects.create(site_name="Cổng SXSH Hoàn Kiếm")
    admin = users["admin"]
    admin.first_name, admin.last_name = "Hệ Thống", "Quản Trị"
    admin.save()
    client = client_for(admin)
    for path in ("/quan-tri/", "/quan-tri/accounts/user/", "/quan-tri/accounts/user/add/",
                 f"/quan-tri/accounts/user/{admin.pk}/change/", "/quan-tri/events/event/"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "Cổng SXSH Hoàn Kiếm" in body, path
        assert "Quản Trị Hệ Thống" in body, path  # the greeting: family name first, whole
        for english in ("Django", "Get full name", "Welcome", "Log out", "View site"):
            assert english not in body, (path, english)
    assert "Quản trị hệ thống" in client.get("/quan-tri/").content.decode()


def test_admin_login_page_is_branded(db: Any, client: Any) -> None:
    body = client.get("/quan-tri/login/").content.decode()
    assert SiteSettings.current().title in body and "Django" not in body


def _shown_fields(model_admin: Any) -> set[str]:
    """The model fields an admin shows: form fields, read-only fields, columns and filters."""
    names = {f.name for f in model_admin.model._meta.concrete_fields if f.editable and not f.primary_key}
    for attribute in ("readonly_fields", "list_display", "list_filter"):
        names |= {n for n in getattr(model_admin, attribute, ()) if isinstance(n, str)}
    return names


def test_every_field_the_admin_shows_has_a_vietnamese_label() -> None:
    from django.contrib import admin

    english = []
    with translation.override("vi"):
        for model, model_admin in admin.site._registry.items():
            shown = [(model, _shown_fields(model_admin))]
            shown += [(inline.model, {n for n in _shown_fields(inline) if getattr(  # not the hidden link to the parent
                inline.model._meta.get_field(n), "related_model", None) is not model}) for inline in model_admin.inlines]
            for each, names in shown:
                fields = {f.name: f for f in each._meta.get_fields() if hasattr(f, "verbose_name")}
                for name in sorted(names & set(fields)):
                    label = str(fields[name].verbose_name)
                    if label == name.replace("_", " "):  # Django's default: the English field name
                        english.append(f"{each._meta.label}.{name}: {label}")
    assert english == []
