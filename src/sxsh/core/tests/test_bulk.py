"""``core.bulk.insert`` stores exactly what ``bulk_create`` stores, in batches, and gives every instance its key."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sxsh.core import bulk
from sxsh.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _entries(tag: str, n: int) -> list[AuditLog]:
    content_type = ContentType.objects.get_for_model(AuditLog)
    return [AuditLog(action=f"test.{tag}", request_id="r", content_type=content_type, object_id=str(i),
                     object_repr=f"Cơ sở “{i}” <b>", unit_path="/ha-noi/",
                     before=None if i % 2 else {"n": i}, after={"day": date(2025, 7, 1), "money": Decimal("1.50"),
                                                               "text": "Sở Công Thương"})
            for i in range(n)]


def _stored(tag: str) -> list[dict[str, Any]]:
    rows = AuditLog.objects.unscoped("test").filter(action=f"test.{tag}").order_by("pk").values()
    return [{k: v for k, v in row.items() if k not in ("id", "timestamp", "action")} for row in rows]


def test_the_rows_equal_bulk_creates_and_keys_follow_the_order(monkeypatch: Any) -> None:
    monkeypatch.setattr(bulk, "MAX_ROWS", 3)
    ours = _entries("ours", 8)
    with CaptureQueriesContext(connection) as queries:
        bulk.insert(ours)
    # SQLite: 3 + 3 + 2 rows; PostgreSQL: the keys in one query, then one COPY (not a captured query)
    assert len(queries) == (3 if connection.vendor == "sqlite" else 1)
    AuditLog.objects.bulk_create(_entries("django", 8))
    assert _stored("ours") == _stored("django")
    stored = AuditLog.objects.unscoped("test").filter(action="test.ours").order_by("pk")
    assert [e.pk for e in ours] == [e.pk for e in stored]
    assert [e.object_id for e in stored] == [str(i) for i in range(8)]
    assert all(e.timestamp is not None and not e._state.adding for e in ours)


def test_nothing_to_insert_runs_no_query() -> None:
    with CaptureQueriesContext(connection) as queries:
        bulk.insert([])
    assert not queries
