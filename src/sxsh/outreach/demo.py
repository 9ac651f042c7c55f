"""Demo data of the outreach app (idempotent)."""


def load() -> None:
    """Nothing yet."""
