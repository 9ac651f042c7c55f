"""The migration that keeps review rounds reads the rounds of existing reports back from the audit log."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sxsh.indicators.models import ReportReview

BEFORE = [("indicators", "0009_report_approver"), ("core", "0005_auditlog_unit_path")]
AFTER = [("indicators", "0010_report_review")]


@pytest.mark.django_db(transaction=True)
def test_earlier_rounds_come_back_from_the_audit_log(users: Any, hang_bac: Any, hang_dao: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    report_model, audit_model = old.get_model("indicators", "Report"), old.get_model("core", "AuditLog")
    kind = old.get_model("contenttypes", "ContentType").objects.get_or_create(app_label="indicators", model="report")[0]
    ward, district = users["ward"], users["district"]
    start = datetime(2020, 1, 10, 2, tzinfo=UTC)
    logged = report_model.objects.create(unit_id=hang_bac.pk, year=2019, status="approved", submitted_at=start,
                                   submitted_by_id=ward.pk, reviewed_at=start + timedelta(days=5),
                                   reviewed_by_id=district.pk, review_comment="Đồng ý")
    for days, action, user, comment in ((0, "submitted", ward, None), (2, "returned", district, "Bổ sung quý 4"),
                                        (3, "submitted", ward, None), (5, "approved", district, "Đồng ý")):
        entry = audit_model.objects.create(user_id=user.pk, user_name=user.username, request_id="r", content_type=kind,
                                        action=f"indicators.report.{action}", object_id=str(logged.pk),
                                        unit_path=hang_bac.path, after={"review_comment": comment or ""})
        audit_model.objects.filter(pk=entry.pk).update(timestamp=start + timedelta(days=days))
    unlogged = report_model.objects.create(unit_id=hang_dao.pk, year=2019, status="returned", submitted_at=start,
                                     submitted_by_id=ward.pk, reviewed_at=start + timedelta(days=1),
                                     reviewed_by_id=district.pk, review_comment="Thiếu số liệu")
    report_model.objects.create(unit_id=hang_bac.pk, year=2020, status="draft")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    try:
        rounds = [(r.report_id, r.round, r.step, r.by_id, r.at, r.comment)
                  for r in ReportReview.objects.unscoped("the test reads every row").order_by("report", "at")]
        assert rounds == [
            (logged.pk, 1, "submitted", ward.pk, start, ""),
            (logged.pk, 1, "returned", district.pk, start + timedelta(days=2), "Bổ sung quý 4"),
            (logged.pk, 2, "resubmitted", ward.pk, start + timedelta(days=3), ""),
            (logged.pk, 2, "approved", district.pk, start + timedelta(days=5), "Đồng ý"),
            (unlogged.pk, 1, "submitted", ward.pk, start, ""),  # no audit entries: from the report's own fields
            (unlogged.pk, 1, "returned", district.pk, start + timedelta(days=1), "Thiếu số liệu"),
        ]
    finally:  # back to the latest schema: the next transactional test of this process uses the same database
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
