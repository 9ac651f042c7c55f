"""Public event pages in the sitemap: the two lists and every published event."""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from . import selectors
from .models import Event


class EventListSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self) -> list[str]:
        return ["events:list", "events:past"]

    def location(self, item: str) -> str:
        return reverse(item)


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self) -> QuerySet[Event]:
        return selectors.sitemap_events()

    def location(self, item: Event) -> str:
        return reverse("events:detail", args=[item.slug])

    def lastmod(self, item: Event) -> datetime:
        return item.updated_at


SITEMAPS = {"event-lists": EventListSitemap, "events": EventSitemap}
