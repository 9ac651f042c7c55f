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
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
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
