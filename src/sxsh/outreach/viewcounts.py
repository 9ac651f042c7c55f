"""Article views counted in the shared cache (Redis when several servers run; the database cache
otherwise): one key per reader, article and day (it expires after two days), one pending counter per
article, added to ``Article.view_count`` by ``services.flush_view_counts`` (every worker's beat runs it).
A reader already counted today costs the beacon one cache read and no database query."""

import hashlib
from datetime import date

SEEN_SECONDS = 2 * 24 * 3600
SLUG_SECONDS = 60  # how long the beacon trusts "this slug is a published article (id n)"
FLUSH_LOCK = "sxsh:views:flushing"


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def seen_key(slug: str, day: date, reader: str) -> str:
    return f"sxsh:views:seen:{_digest(slug, day.isoformat(), reader)}"


def pending_key(article_id: int) -> str:
    return f"sxsh:views:pending:{article_id}"


def slug_key(slug: str) -> str:
    return f"sxsh:views:slug:{_digest(slug)}"
