"""PDF from templates (WeasyPrint), including the Vietnamese administrative document layout.

``templates/documents/administrative.html`` implements Decree 30/2020/NĐ-CP: A4, margins
20/15/20/30 mm, Times New Roman (Liberation Serif as the metric-compatible fallback), header in two
columns (issuing body and number / national title, motto and place-date), document type and subject,
body, then recipients and the signing block. Page numbers are centred at the top from page 2.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
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


@dataclass
class AdministrativeHeader:
    """The parts of an administrative document that surround its body."""

    parent_body: str  # "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" or "" (the line above the issuing body)
    issuing_body: str  # "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM"
    number: str  # "154/KH-UBND"
    place: str  # "Hoàn Kiếm"
    issued_on: date
    document_type: str  # "KẾ HOẠCH", "BÁO CÁO"
    subject: str
    recipients: list[str] = field(default_factory=list)
    signing_authority: list[str] = field(default_factory=list)  # ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", ...]
    signer_name: str = ""

    @property
    def issuing_body_display(self) -> str:
        """The issuing body broken after "ỦY BAN NHÂN DÂN" as on signed documents."""
        body = self.issuing_body.upper()
        for head in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN "):
            if body.startswith(head) and "\n" not in body:
                return head.strip() + "\n" + body[len(head):]
        return body

    @property
    def place_and_date(self) -> str:
        d = self.issued_on
        return f"{self.place}, ngày {d.day:02d} tháng {d.month} năm {d.year}"


def render_pdf(template_name: str, context: dict[str, Any], base_url: str | None = None) -> bytes:
    """Render a template to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url or ".").write_pdf()  # type: ignore[no-any-return]
