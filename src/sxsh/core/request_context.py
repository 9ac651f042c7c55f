"""The current request id, shared with the audit log through a context variable."""

import uuid
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("sxsh_request_id", default=None)


def current_request_id() -> str:
    """The id of the request being served, or a fresh one outside a request (commands, tests)."""
    value = _request_id.get()
    if value is None:
        value = uuid.uuid4().hex
        _request_id.set(value)
    return value


def set_request_id(value: str | None) -> object:
    return _request_id.set(value)


def reset_request_id(token: object) -> None:
    _request_id.reset(token)  # type: ignore[arg-type]
