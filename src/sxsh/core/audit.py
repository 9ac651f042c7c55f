"""Writing audit records; services call :func:`record` inside their transaction."""

import json
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from . import bulk
from .models import AuditLog
from .request_context import current_request_id
from .scoping import unit_path_of

#: Values never written into the audit log (password hashes, token hashes): a mask shows whether they changed.
SECRET_FIELDS = frozenset({"password", "key_hash"})
MASK = "••••••"
MASK_CHANGED = "•••••• (mới)"


def _json_safe(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _masked(before: dict[str, Any] | None, after: dict[str, Any] | None
            ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """``before`` and ``after`` with every secret replaced by a mask (the "changed" mask where it differs)."""
    secrets = SECRET_FIELDS & (set(before or {}) | set(after or {}))
    if not secrets:
        return before, after
    masked_before = dict(before) if before is not None else None
    masked_after = dict(after) if after is not None else None
    for key in secrets:
        if masked_before is not None and key in masked_before:
            masked_before[key] = MASK
        if masked_after is not None and key in masked_after:
            unchanged = before is not None and before.get(key) == after.get(key)  # type: ignore[union-attr]
            masked_after[key] = MASK if unchanged else MASK_CHANGED
    return masked_before, masked_after


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Concrete field values and many-to-many ids of any model (``audit_snapshot`` where it has one)."""
    own = getattr(obj, "audit_snapshot", None)
    if own is not None:
        return own()  # type: ignore[no-any-return]
    data: dict[str, Any] = {field.attname: field.value_from_object(obj) for field in obj._meta.concrete_fields}
    for field in obj._meta.many_to_many:
        if obj.pk:
            data[field.name] = sorted(related.pk for related in getattr(obj, field.name).all())
    return data


def record(
    *,
    acting_user: Any,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_repr: str = "",
) -> AuditLog:
    """Write one audit record. Must run inside the transaction of the write it describes.

    Secrets (``SECRET_FIELDS``) in ``before``/``after`` are stored as a mask, never in clear.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the write's transaction")
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    before, after = _masked(before, after)
    return AuditLog.objects.create(
        user=user,
        user_name=getattr(user, "username", "") if user else "",
        request_id=current_request_id(),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        unit_path=unit_path_of(obj) if obj is not None else "",
        before=_json_safe(before),
        after=_json_safe(after),
    )


def record_many(*, acting_user: Any, action: str, changes: list[tuple[models.Model, dict[str, Any] | None,
                                                                     dict[str, Any] | None]]) -> int:
    """One audit record per (object, before, after), written in one statement (bulk imports)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many must be called inside the write's transaction")
    if not changes:
        return 0
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(changes[0][0])
    request_id = current_request_id()
    rows = [
        AuditLog(
            user=user, user_name=getattr(user, "username", "") if user else "", request_id=request_id,
            action=action, content_type=content_type, object_id=str(obj.pk), object_repr=str(obj)[:300],
            unit_path=unit_path_of(obj),
            before=_json_safe(masked[0]), after=_json_safe(masked[1]),
        )
        for obj, before, after in changes
        for masked in (_masked(before, after),)
    ]
    bulk.insert(rows)
    return len(rows)


ERASED = "***"


def mask_personal_data(obj: models.Model, fields: Iterable[str], *, object_repr: str) -> int:
    """Erasure on request: ``fields`` become ``ERASED`` in the before/after of every audit record of ``obj``,
    whose label becomes ``object_repr`` (a label may hold a name). Runs inside the erasing write's
    transaction; the erasure's own record must not carry the values (``masked`` helps). Returns the count."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.mask_personal_data must be called inside the write's transaction")
    names = frozenset(fields)
    entries = list(history_for(obj).select_for_update(of=("self",)))
    for entry in entries:
        entry.before = masked(entry.before, names)
        entry.after = masked(entry.after, names)
        entry.object_repr = object_repr[:300]
    AuditLog.objects.bulk_update(entries, ["before", "after", "object_repr"], batch_size=500)
    return len(entries)


def masked(data: dict[str, Any] | None, fields: Iterable[str]) -> dict[str, Any] | None:
    """``data`` with the values of ``fields`` (those present) replaced by ``ERASED``."""
    if not isinstance(data, dict):
        return data
    names = frozenset(fields)
    return {k: (ERASED if k in names else v) for k, v in data.items()}


def history_for(obj: models.Model) -> models.QuerySet[AuditLog]:
    return AuditLog.objects.unscoped("the history of an object its page read in scope").filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("user")
