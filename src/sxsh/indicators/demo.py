"""Demo data of the indicators app (idempotent)."""


def load() -> None:
    """Nothing yet."""
