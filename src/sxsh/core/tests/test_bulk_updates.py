"""A bulk ``update()`` is a change of the rows like a save: it moves ``updated_at``; a counter does not."""

from datetime import timedelta
from typing import Any

from django.db.models import F
from freezegun import freeze_time

from sxsh.directory.models import Facility
from sxsh.outreach.models import Article


def test_a_bulk_update_stamps_updated_at(facility: Any) -> None:
    before = facility.updated_at
    with freeze_time(before + timedelta(hours=1)):
        Facility.objects.filter(pk=facility.pk).update(name="Cơ sở đổi tên")
    facility.refresh_from_db()
    assert facility.updated_at == before + timedelta(hours=1)
    given = before + timedelta(days=2)
    Facility.objects.filter(pk=facility.pk).update(name="Tên khác", updated_at=given)  # a value given is kept
    facility.refresh_from_db()
    assert facility.updated_at == given


def test_bulk_update_and_bulk_update_of_objects_alike(facility: Any) -> None:
    before = facility.updated_at
    facility.name = "Tên mới"
    with freeze_time(before + timedelta(minutes=5)):
        Facility.objects.bulk_update([facility], ["name"])  # Django's bulk_update goes through update()
    facility.refresh_from_db()
    assert (facility.name, facility.updated_at) == ("Tên mới", before + timedelta(minutes=5))


def test_a_counter_is_no_change_of_the_row(district: Any) -> None:
    article = Article.objects.create(title="Tin thử", body="Nội dung", category="news", unit=district)
    before = article.updated_at
    with freeze_time(before + timedelta(hours=1)):
        Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 3)
    article.refresh_from_db()
    assert (article.view_count, article.updated_at) == (3, before)  # the sitemap's "last modified" stays
    assert "view_count" not in article.audit_snapshot()
