"""PDF from templates (WeasyPrint), including the Vietnamese administrative document layout.

``templates/documents/administrative.html`` implements Decree 30/2020/NĐ-CP: A4, margins
20/15/20/30 mm, Liberation Serif 2.x (Times-metric, full Vietnamese; the only family in the PDF), the
header block of :func:`sxsh.core.documents.official_header` in two columns (issuing body and number /
national title, motto and place-date), document type and subject, body, then recipients and the signing
block. Page numbers are centred in the top margin from page 2; table rows never split across pages and
table headers repeat on every page.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

_F = TypeVar("_F", bound=Callable[..., Any])


def official_language(view: _F) -> _F:
    """Official documents (reports, certificates) are issued in Vietnamese whatever language the person
    reads the site in: the whole view (figures, labels, the file) runs in the site's language."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with translation.override(settings.LANGUAGE_CODE):
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def render_pdf(template_name: str, context: dict[str, Any], base_url: str | None = None) -> bytes:
    """Render a template to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url or ".").write_pdf()  # type: ignore[no-any-return]
