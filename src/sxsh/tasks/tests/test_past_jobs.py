"""The migration that turns the indicators app's former jobs into task records keeps them readable."""

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from sxsh.tasks.models import BackgroundTask

BEFORE = [("indicators", "0004_values_without_db_foreign_keys"), ("tasks", "0001_initial")]
AFTER = [("indicators", "0005_delete_job"), ("tasks", "0002_past_jobs")]


@pytest.mark.django_db(transaction=True)
def test_past_jobs_are_listed_with_their_outcome_and_file(users: Any, client_for: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Job = old.get_model("indicators", "Job")
    done = Job.objects.create(kind="values_xlsx", status="done", progress=100, message="Hoàn thành.",
                              result_file="indicators/jobs/job-7-du-lieu.xlsx", result_name="du-lieu.xlsx",
                              created_by_id=users["district"].pk)
    failed = Job.objects.create(kind="recompute", status="failed", message="Có lỗi khi thực hiện công việc.",
                                error="ValueError", created_by_id=users["district"].pk)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    try:
        _check_copied(users, client_for, done, failed)
    finally:  # back to the latest schema: the next transactional test of this process uses the same database
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _check_copied(users: Any, client_for: Any, done: Any, failed: Any) -> None:
    records = {r.pk: r for r in BackgroundTask.objects.all()}
    assert set(records) == {done.pk, failed.pk}
    assert records[done.pk].kind == "sxsh.indicators.tasks.values_xlsx"
    assert records[done.pk].result_file.name == "indicators/jobs/job-7-du-lieu.xlsx"
    assert records[done.pk].created_at == done.created_at
    assert (records[failed.pk].status, records[failed.pk].error) == ("failed", "ValueError")
    page = client_for(users["district"]).get(reverse("tasks:list")).content.decode()
    assert "Xuất dữ liệu chi tiết các chỉ tiêu" in page and "du-lieu.xlsx" in page
    assert "Tính lại số liệu chỉ tiêu" in page and "Có lỗi khi thực hiện công việc." in page
    assert BackgroundTask.objects.create(kind="x").pk > failed.pk  # the id sequence follows the copied rows
