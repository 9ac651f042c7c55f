"""Bounds on the API's limit/offset pagination.

django-ninja's ``LimitOffsetPagination`` accepts any non-negative offset; an offset beyond the
database's integer range (``?offset=9223372036854775808``, found by schemathesis) made every list
endpoint answer 500. ``bound_offsets()`` (called from ``CoreConfig.ready``, before any app's API module
is imported) gives the offset an upper bound, so such requests get the API's 422 instead.
"""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000_000


def bound_offsets() -> None:
    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    LimitOffsetPagination.Input = Input  # type: ignore[misc,assignment]
