"""API fields whose rules the schema states while the server's forms check them (with their Vietnamese
messages): pydantic would refuse first, with its own English wording."""

from typing import Any

from pydantic import Field


def stated(default: Any = ..., *, description: str | None = None, **rules: Any) -> Any:
    """``stated(maxLength=255, pattern=...)``: JSON-schema keywords shown in the OpenAPI schema only."""
    return Field(default, description=description, json_schema_extra=rules)
