"""File responses for exports and reports."""

from django.http import HttpResponse


def file_response(body: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """``body`` as a download named ``filename`` (ASCII; shown in the browser when ``inline``)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response
