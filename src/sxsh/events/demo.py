"""Demo data of the events app (idempotent)."""


def load() -> None:
    """Nothing yet."""
