"""Sitemap of the public portal."""

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from . import selectors
from .models import CATEGORY_SLUGS, Article, Document


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = 5000

    def items(self) -> QuerySet[Article]:
        return selectors.published_articles().only("slug", "updated_at", "publish_at")

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at


class PortalSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self) -> list[tuple[str, list[Any]]]:
        pages: list[tuple[str, list[Any]]] = [("outreach:article_list", []), ("outreach:document_list", [])]
        pages += [("outreach:category", [slug]) for slug in CATEGORY_SLUGS.values()]
        return pages

    def location(self, item: tuple[str, list[Any]]) -> str:
        return reverse(item[0], args=item[1])


class DocumentSitemap(Sitemap):
    """Public documents of the library (their download address: the library has no page per document)."""

    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self) -> QuerySet[Document]:
        return selectors.public_documents().select_related(None).only("pk", "updated_at")

    def location(self, item: Document) -> str:
        return reverse("outreach:document_download", args=[item.pk])

    def lastmod(self, item: Document) -> datetime:
        return item.updated_at


SITEMAPS = {"articles": ArticleSitemap, "portal": PortalSitemap, "documents": DocumentSitemap}
