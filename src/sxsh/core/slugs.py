"""Public addresses from titles: the Vietnamese folded ("Hội thảo Sản xuất" → "hoi-thao-san-xuat"), unique."""

from typing import Any

from django.db.models import Model

from sxsh.calc.text import slugify_vi


def unique_slug(model: type[Model], title: str, *, fallback: str, exclude_pk: Any = None) -> str:
    """The folded title, cut to leave room for a suffix within the field's length, numbered ``-2``, ``-3``…
    when another row of ``model`` has it (slugs are unique site-wide, whoever may read the other row)."""
    length = getattr(model._meta.get_field("slug"), "max_length", None) or 50
    base = slugify_vi(title)[: length - 6].strip("-") or fallback
    taken = model._default_manager.unscoped("slugs are unique site-wide")  # type: ignore[attr-defined]
    slug, n = base, 2
    while taken.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
