"""Demo data of the plans app (idempotent)."""


def load() -> None:
    """Nothing yet."""
