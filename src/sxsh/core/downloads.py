"""File responses for every download (exports, reports, stored files): one ``Content-Disposition``.

The header follows RFC 6266: an ASCII fallback ``filename="bao-cao-154-KH-UBND.pdf"`` (no diacritics, no
``/`` nor quotes) and the real name as ``filename*=UTF-8''…`` (percent-encoded UTF-8), so a plan number
such as ``2384/QĐ-UBND`` never turns the header into a MIME-encoded word that browsers ignore.
"""

from typing import Any
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse

from sxsh.calc.text import fold

from .uploads import SHOWN_INLINE, kind_of_name

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}


def _safe(name: str) -> str:
    """The name without path separators, quotes or control characters (still Unicode)."""
    cleaned = "".join("-" if c in '/\\"' or ord(c) < 32 or c == "\x7f" else c for c in name).strip()
    return cleaned or "tep"


def ascii_name(name: str) -> str:
    """"Báo cáo 2384/QĐ-UBND.pdf" → "bao-cao-2384-qd-ubnd.pdf" (the fallback for old clients)."""
    out = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in fold(_safe(name)))
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-.") or "tep"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The header value: ``attachment; filename="ascii"; filename*=UTF-8''percent-encoded``."""
    name = _safe(filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(body: bytes, filename: str, content_type: str | None = None, *,
                  inline: bool = False) -> HttpResponse:
    """``body`` as a download named ``filename`` (shown in the browser when ``inline``); the content type
    follows the extension unless given."""
    extension = filename.rsplit(".", 1)[-1].lower()
    response = HttpResponse(body, content_type=content_type or CONTENT_TYPES.get(extension,
                                                                                 "application/octet-stream"))
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def stored_file_response(field: Any, *, filename: str = "", inline: bool = False) -> FileResponse:
    """A stored file (a ``FieldFile``) for a view that has already checked the reader's scope.

    The content type comes from the allowed kinds (``core.uploads``) by the stored extension, never from a
    guess; anything else is ``application/octet-stream``. Only images and PDF may be shown ``inline``;
    every other kind is an attachment, and ``nosniff`` stops the browser from guessing (an old
    ``.html`` evidence file is downloaded, not rendered). A file missing on disk is 404. The name goes
    into the same RFC 6266 ``Content-Disposition`` as :func:`file_response`.
    """
    name = filename or field.name.rsplit("/", 1)[-1]
    kind = kind_of_name(field.name)
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=kind.content_type if kind else "application/octet-stream")
    response["Content-Disposition"] = content_disposition(name, inline=inline and kind in SHOWN_INLINE)
    response["X-Content-Type-Options"] = "nosniff"
    return response
