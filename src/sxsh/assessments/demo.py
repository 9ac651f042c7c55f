"""Demo data of the assessments app (idempotent)."""


def load() -> None:
    """Nothing yet."""
