"""Public read-only API: published articles and public documents (no login needed)."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.errors import HttpError

from sxsh.core.ids import Id
from sxsh.core.tables_api import api_list

from . import selectors
from .models import Article, Document
from .tables import LIBRARY, NEWS

router = Router(tags=["outreach"])


class Reader:
    """Anyone may read the portal's lists: a valid bearer token or a session names the reader (whose library
    reaches further), a visitor reads what is public."""

    def __call__(self, request: HttpRequest) -> bool:
        from sxsh.api import AUTH  # the API root imports this module

        any(method(request) for method in AUTH)
        return True


class ArticleOut(Schema):
    id: int
    title: str
    slug: str
    summary: str
    category: str
    category_label: str
    author_name: str
    publish_at: datetime | None
    tags: list[str]
    view_count: int
    is_illustrative: bool
    url: str

    @staticmethod
    def resolve_category_label(obj: Article) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_tags(obj: Article) -> list[str]:
        return [t.name for t in obj.tags.all()]

    @staticmethod
    def resolve_url(obj: Article) -> str:
        return obj.get_absolute_url()


class ArticleDetailOut(ArticleOut):
    body: str  # sanitised HTML


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    description: str
    file_type: str
    file_size: int
    publisher: str
    issued_on: date | None
    download_count: int
    download_url: str

    @staticmethod
    def resolve_kind_label(obj: Document) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_publisher(obj: Document) -> str:
        return obj.publisher.name if obj.publisher else ""

    @staticmethod
    def resolve_download_url(obj: Document) -> str:
        return reverse("outreach:document_download", args=[obj.pk])


api_list(router, "/articles", NEWS, list[ArticleOut], auth=None,
         doc="Published articles, newest first (the news page's filters and order); ``q`` ignores diacritics and case.")


@router.get("/articles/{slug}", response=ArticleDetailOut, auth=None)
def get_article(request: HttpRequest, slug: str) -> Any:
    try:
        return selectors.public_article(slug)
    except Article.DoesNotExist:
        raise HttpError(404, "Không tìm thấy bài viết.") from None


api_list(router, "/documents", LIBRARY, list[DocumentOut], auth=Reader(),
         doc="The library as the caller reads it: public documents, and those of their units when signed in.")


@router.get("/documents/{document_id}", response=DocumentOut, auth=None)
def get_document(request: HttpRequest, document_id: Id) -> Any:
    document = selectors.public_documents().filter(pk=document_id).first()
    if document is None:
        raise HttpError(404, "Không tìm thấy tài liệu.")
    return document
