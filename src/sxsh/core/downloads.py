"""File responses for exports, reports and stored files."""

from typing import Any

from django.http import FileResponse, Http404, HttpResponse

from .uploads import SHOWN_INLINE, kind_of_name


def file_response(body: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """``body`` as a download named ``filename`` (ASCII; shown in the browser when ``inline``)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def stored_file_response(field: Any, *, filename: str = "", inline: bool = False) -> FileResponse:
    """A stored file (a ``FieldFile``) for a view that has already checked the reader's scope.

    The content type comes from the allowed kinds (``core.uploads``) by the stored extension, never from a
    guess; anything else is ``application/octet-stream``. Only images and PDF may be shown ``inline``;
    every other kind is an attachment, and ``nosniff`` stops the browser from guessing (an old
    ``.html`` evidence file is downloaded, not rendered). A file missing on disk is 404.
    """
    name = filename or field.name.rsplit("/", 1)[-1]
    kind = kind_of_name(field.name)
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=not (inline and kind in SHOWN_INLINE), filename=name,
                            content_type=kind.content_type if kind else "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
