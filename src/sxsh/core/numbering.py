"""Document numbers per issuing body, kind and year (Decree 30: numbering restarts each year)."""

from django.db import transaction

from .models import DocumentSequence


def next_number(*, body: str, kind: str, year: int, at_least: int = 1) -> int:
    """The next free number of ``kind`` for ``body`` in ``year``; runs inside the caller's transaction
    and locks the counter row, so two documents never get the same number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that stores the number")
    sequence, _created = DocumentSequence.objects.select_for_update().get_or_create(body=body, kind=kind, year=year)
    sequence.last = max(sequence.last + 1, at_least)
    sequence.save(update_fields=["last"])
    return sequence.last
