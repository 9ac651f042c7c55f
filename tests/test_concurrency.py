"""Concurrent writes over HTTP, through a real gunicorn (2 processes × 4 threads) on loopback.

Comments: many readers post at once, each sending the form twice (a double click); every comment must
be stored exactly once. (The events app tests the seat race inside the service; here the HTTP level.)
"""

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from .childdb import child_env, gunicorn, query_one, rows, subprocess_database

READERS = 16
UA = "Mozilla/5.0 (X11; Linux x86_64) sxsh-tests"


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    opener.addheaders = [("User-Agent", UA)]
    return opener


def _run_all(target: Any, count: int) -> list[str]:
    errors: list[str] = []

    def guarded(i: int) -> None:
        try:
            target(i)
        except Exception as exc:
            errors.append(f"{i}: {exc!r}")

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_comments_lose_nothing_and_duplicate_nothing(tmp_path: Path, district: Any) -> None:
    from sxsh.outreach.models import Article, ArticleStatus

    article = Article.objects.create(
        title="Hội thảo sản xuất sạch hơn", body="<p>Nội dung</p>", unit=district, status=ArticleStatus.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )
    url, sqlite_path = subprocess_database(tmp_path)
    with gunicorn(child_env(url, "tests.server_settings")) as base:
        page = base + article.get_absolute_url()

        def reader(i: int) -> None:
            opener = _opener()
            with opener.open(page, timeout=60) as response:
                html = response.read().decode()
            fields = dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]+)"', html))
            assert set(fields) == {"csrfmiddlewaretoken", "started"}, "comment form not found"
            data = urllib.parse.urlencode({
                **fields, "name": f"Người đọc {i}", "title": f"Bình luận đồng thời {i}",
                "body": f"Nội dung {i} <b>không</b> mất.", "phone": "", "website": "",
                "captcha_0": "test", "captcha_1": "PASSED",
            }).encode()
            for _ in range(2):  # the double click
                with opener.open(page, data=data, timeout=60) as response:
                    assert response.status == 200
                    assert "chờ kiểm duyệt" in response.read().decode()

        errors = _run_all(reader, READERS)
    assert not errors, errors
    titles = [r[0] for r in rows(sqlite_path, "SELECT title FROM outreach_comment ORDER BY title")]
    assert len(titles) == READERS, f"{len(titles)} comments for {READERS} readers"
    assert sorted(set(titles)) == sorted(f"Bình luận đồng thời {i}" for i in range(READERS))
    assert query_one(sqlite_path, "SELECT COUNT(*) FROM outreach_comment WHERE status = 'pending'") == READERS
    audited = query_one(sqlite_path, "SELECT COUNT(*) FROM core_auditlog WHERE action = 'outreach.comment.submitted'")
    assert audited == READERS


def _event(district: Any, capacity: int) -> Any:
    from sxsh.directory.models import Organisation, OrganisationKind
    from sxsh.events import services
    from sxsh.events.models import Audience, Event, EventKind, EventStatus, Session

    organiser = Organisation.objects.create(name="Phòng Kinh tế", kind=OrganisationKind.ECONOMIC_DIVISION,
                                            unit=district)
    now = timezone.now()
    start = now + timedelta(days=3)
    event = Event.objects.create(
        kind=EventKind.WORKSHOP, title="Hội thảo đồng thời", slug="hoi-thao-dong-thoi", organiser=organiser,
        unit=district, venue="126 Hàng Trống", capacity=capacity, status=EventStatus.PUBLISHED,
        registration_opens=now - timedelta(days=1), registration_closes=start - timedelta(hours=1),
        audiences=[Audience.TECHNICAL],
    )
    Session.objects.create(event=event, title="Buổi 1", starts_at=start, ends_at=start + timedelta(hours=3))
    services.refresh_span(event)
    return event


@pytest.mark.django_db(transaction=True)
def test_concurrent_event_registrations_over_http(tmp_path: Path, district: Any) -> None:
    """12 visitors race for 4 seats while one person double-submits: 4 confirmed, the rest waitlisted,
    nobody registered twice, every visitor answered (no 500, no lost registration)."""
    from sxsh.events.models import Audience

    capacity, visitors, clicks = 4, 12, 3
    event = _event(district, capacity)
    url, sqlite_path = subprocess_database(tmp_path)
    with gunicorn(child_env(url, "tests.server_settings")) as base:
        page = f"{base}/su-kien/{event.slug}/dang-ky/"

        def visitor(i: int) -> None:
            person = min(i, visitors)  # the last `clicks` threads are one person submitting again and again
            opener = _opener()
            with opener.open(page, timeout=60) as response:
                html = response.read().decode()
            fields = dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]+)"', html))
            data = urllib.parse.urlencode({
                **fields, "full_name": f"Người tham dự {person}", "organisation_name": "Công ty Dệt may",
                "position": "", "audience": Audience.TECHNICAL, "phone": f"0912{person:06d}",
                "email": f"nguoi{person}@example.vn", "tax_code": "", "website": "",
                "captcha_0": "test", "captcha_1": "PASSED",
            }).encode()
            with opener.open(page, data=data, timeout=60) as response:
                assert response.status == 200
                body = response.read().decode()
                assert "/su-kien/ma/" in response.geturl() or "đã được dùng" in body, response.geturl()

        errors = _run_all(visitor, visitors + clicks)
    assert not errors, errors
    registered = rows(sqlite_path, "SELECT email, status, code FROM events_registration ORDER BY email")
    emails = [r[0] for r in registered]
    assert len(emails) == len(set(emails)) == visitors + 1, emails
    statuses = [r[1] for r in registered]
    assert statuses.count("confirmed") == capacity, statuses
    assert statuses.count("waitlisted") == visitors + 1 - capacity, statuses
    assert len({r[2] for r in registered}) == len(registered)  # registration codes unique
