import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from sxsh.outreach.models import Article, Comment


def _in_memory_sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_lose_none_and_duplicate_none(
    live_server: Any, article: Article, comment_data: Callable[..., dict[str, str]], settings: Any
) -> None:
    if _in_memory_sqlite():
        pytest.skip("the in-memory SQLite test database locks whole tables across threads; runs on PostgreSQL")
    settings.SXSH_COMMENT_RATE = (1000, 600)
    settings.CSRF_TRUSTED_ORIGINS = [live_server.url]
    url = live_server.url + article.get_absolute_url()
    forms = [comment_data(title=f"Bình luận đồng thời {i}") for i in range(12)]
    errors: list[str] = []

    def send(data: dict[str, str]) -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        opener.addheaders = [("User-Agent", "Mozilla/5.0 test")]
        try:
            with opener.open(url, timeout=30) as response:
                html = response.read().decode()
        except Exception as exc:
            errors.append(repr(exc))
            return
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match is not None
        data = {**data, "csrfmiddlewaretoken": match.group(1)}
        # the same form sent twice (a double click) must still give one comment
        for _ in range(2):
            try:
                with opener.open(url, data=urllib.parse.urlencode(data).encode(), timeout=30) as response:
                    if response.status != 200:
                        errors.append(str(response.status))
            except Exception as exc:
                errors.append(repr(exc))

    threads = [threading.Thread(target=send, args=(f,)) for f in forms]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    titles = sorted(Comment.objects.values_list("title", flat=True))
    assert titles == sorted(f["title"] for f in forms)
