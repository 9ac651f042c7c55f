"""Exports above the row threshold are background tasks: every declared listing's file from the task holds
exactly the rows and cells of the immediate export for the same query, in the user's language and scope."""

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sxsh.core import tables as t
from sxsh.core.tests.test_tables import LISTINGS, page_client, world  # noqa: F401  (the module's data)
from sxsh.tasks.models import BackgroundTask, TaskStatus

pytestmark = [pytest.mark.xdist_group("tables"), pytest.mark.slow]

#: every listing with an export but the tasks' own, whose file from a task holds that task (running) as a row
EXPORTED = sorted(name for name, listing in LISTINGS.items() if listing.export and name != "tasks")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _cells(body: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True))


@pytest.mark.parametrize("name", EXPORTED)
def test_a_large_export_is_a_task_whose_file_equals_the_immediate_one(world: dict[str, Any], db: Any, name: str,  # noqa: F811
                                                                        settings: Any) -> None:
    listing: t.Listing = LISTINGS[name]
    username = "admin" if listing.extra.get("same_for_all") else "quan"
    client = page_client(world, username)
    if not listing.rows(world["users"][username]).exists():
        client, username = page_client(world, "admin"), "admin"
    url = reverse(listing.export, args=["xlsx"])
    params = {"sort": f"-{listing.column_names()[0]}"} if listing.table.base_columns[
        listing.column_names()[0]].orderable else {}
    settings.SXSH_EXPORT_TASK_ROWS = 10_000
    immediate = client.get(url, params)
    assert immediate.status_code == 200 and immediate["Content-Type"].startswith("application/vnd.openxml")

    settings.SXSH_EXPORT_TASK_ROWS = 0
    queued = client.get(url, params, follow=True)  # the test settings run a task at once: straight to its file
    record = BackgroundTask.objects.filter(created_by=world["users"][username]).latest("pk")
    assert queued.redirect_chain[0][0] == reverse("tasks:download", args=[record.pk])
    assert record.status == TaskStatus.DONE and record.params["listing"] == name
    assert record.result_name.endswith(".xlsx")
    assert _cells(b"".join(queued.streaming_content)) == _cells(immediate.content)
    assert page_client(world, "other_district").get(reverse("tasks:download", args=[record.pk])).status_code == 404


def test_a_queued_export_shows_its_page_and_says_why(world: dict[str, Any], db: Any, settings: Any) -> None:  # noqa: F811
    settings.SXSH_EXPORT_TASK_ROWS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    response = page_client(world, "quan").get(reverse("directory:facility_export", args=["xlsx"]), follow=True)
    record = BackgroundTask.objects.latest("pk")
    assert response.redirect_chain[0][0] == reverse("tasks:detail", args=[record.pk])
    assert record.status == TaskStatus.QUEUED
    assert "Danh sách “Cơ sở sản xuất” có nhiều dòng nên tệp được tạo trong nền" in response.content.decode()


def test_a_task_export_keeps_the_language_and_the_filters(world: dict[str, Any], db: Any, settings: Any) -> None:  # noqa: F811
    settings.SXSH_EXPORT_TASK_ROWS = 0
    client = page_client(world, "quan")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("directory:facility_export", args=["csv"]), {"status": "applying"})
    record = BackgroundTask.objects.latest("pk")
    assert response.status_code == 302 and record.params["language"] == "en"
    body = b"".join(client.get(reverse("tasks:download", args=[record.pk])).streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body)))
    assert header[:2] == ["Facility name", "Tax code"] and header[-1] == "CP status" and rows
    assert {row[-1] for row in rows} == {"Applying"}


def test_a_small_export_answers_at_once(world: dict[str, Any], db: Any, settings: Any) -> None:  # noqa: F811
    settings.SXSH_EXPORT_TASK_ROWS = 10_000
    before = BackgroundTask.objects.count()
    response = page_client(world, "quan").get(reverse("directory:facility_export", args=["xlsx"]))
    assert response.status_code == 200 and BackgroundTask.objects.count() == before
