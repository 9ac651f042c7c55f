"""Reads of the outreach app; the pages, the API, the feeds and the exports share them."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from sxsh.calc.text import fold
from sxsh.core.ids import parse_id
from sxsh.core.search import matching
from sxsh.directory.models import AdministrativeUnit, Facility, Organisation, UnitLevel

from . import viewcounts
from .models import (
    Article,
    ArticleImage,
    ArticleStatus,
    Category,
    Channel,
    Comment,
    CommentStatus,
    Distribution,
    Document,
    DocumentAccess,
    DocumentKind,
    Tag,
    inline_image_keys,
)


def public_article_q() -> Q:
    """Published and due: built at call time so a scheduled article appears at its publish time."""
    return Q(status=ArticleStatus.PUBLISHED, publish_at__lte=timezone.now())


@dataclass(frozen=True)
class ArticleFilters:
    q: str = ""
    category: str = ""
    tag: str = ""
    status: str = ""

    @classmethod
    def from_params(cls, params: Any) -> "ArticleFilters":
        category = params.get("category") or ""
        status = params.get("status") or ""
        return cls(
            q=(params.get("q") or "").strip()[:200],
            category=category if category in Category.values else "",
            tag=(params.get("tag") or "").strip()[:100],
            status=status if status in ArticleStatus.values else "",
        )


def published_articles(filters: ArticleFilters | None = None) -> QuerySet[Article]:
    """What any visitor may read: published and publish time reached, newest first."""
    qs: QuerySet[Article] = Article.objects.filter(public_article_q()).order_by("-publish_at", "-id")
    if filters is None:
        return qs
    qs = matching(qs, filters.q)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.tag:
        qs = qs.filter(tags__slug=filters.tag)
    return qs


def public_article(slug: str) -> Article:
    """One published article with its tags and facility; ``Article.DoesNotExist`` otherwise (a 404)."""
    return (
        published_articles().select_related("facility").prefetch_related("tags").get(slug=slug)
    )


def public_article_exists(slug: str) -> bool:
    return published_articles().filter(slug=slug).exists()


def public_article_ref(slug: str) -> Article | None:
    """Only the id of a published article (enough to count a view), or None."""
    return published_articles().filter(slug=slug).only("pk").first()


def article_cover(user: Any, slug: str) -> Article | None:
    """An article whose cover ``user`` may see: a published one, or one in the user's scope (a draft's preview)."""
    in_scope = Article.objects.restrict(user, "view").filter(slug=slug).values("pk")
    return (Article.objects.filter(Q(pk__in=in_scope) | public_article_q(), slug=slug).exclude(cover="")
            .only("cover").first())


def inline_images_for(user: Any, body: str) -> QuerySet[ArticleImage]:
    """The inline images an article body shows that ``user`` may place (those of the units in scope)."""
    return ArticleImage.objects.restrict(user, "change").filter(key__in=inline_image_keys(body))


def article_image(user: Any, key: Any) -> ArticleImage | None:
    """An inline image ``user`` may see: shown by a published article, or uploaded in the user's scope."""
    in_scope = ArticleImage.objects.restrict(user, "view").filter(key=key).values("pk")
    public = ArticleImage.objects.filter(ArticleImage.scope.public, key=key).values("pk")
    return ArticleImage.objects.filter(Q(pk__in=in_scope) | Q(pk__in=public)).only("image").first()


def view_counted(slug: str, day: date, reader: str) -> bool:
    """Whether ``reader`` was already counted today for the article ``slug`` (one cache read, no query: the
    beacon's usual case)."""
    return cache.get(viewcounts.seen_key(slug, day, reader)) is not None


def public_article_id(slug: str) -> int | None:
    """The id of the published article ``slug`` (None if there is none), remembered for a minute."""
    key = viewcounts.slug_key(slug)
    found = cache.get(key)
    if found is None:
        article = public_article_ref(slug)
        found = article.pk if article is not None else 0
        cache.set(key, found, viewcounts.SLUG_SECONDS)
    return int(found) or None


def newest_articles(limit: int = 5, exclude: Article | None = None) -> list[Article]:
    qs = published_articles().only("title", "slug", "publish_at")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs[:limit])


def older_articles(article: Article, limit: int = 10) -> list[Article]:
    """Articles published before ``article`` ("Các bài đã đăng")."""
    qs = published_articles().only("title", "slug", "publish_at", "view_count").filter(
        Q(publish_at__lt=article.publish_at) | Q(publish_at=article.publish_at, pk__lt=article.pk)
    )
    return list(qs[:limit])


def approved_comments(article: Article) -> QuerySet[Comment]:
    """Only approved comments; the phone number is never loaded for the public page."""
    return article.comments.filter(status=CommentStatus.APPROVED).defer("phone", "reader").order_by("created_at", "id")


def tag_by_slug(slug: str) -> Tag:
    return Tag.objects.get(slug=slug)


def tags_in_use() -> QuerySet[Tag]:
    return (
        Tag.objects.filter(articles__in=published_articles()).annotate(n=Count("articles")).order_by("-n", "name")
    )


# --- back office -------------------------------------------------------------------------------------------


def articles_for(user: Any, filters: ArticleFilters | None = None, action: str = "view") -> QuerySet[Article]:
    qs: Any = Article.objects.restrict(user, action).select_related("unit").annotate(
        pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING))
    ).order_by("-updated_at", "-id")
    if filters is None:
        return qs
    qs = matching(qs, filters.q)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.tag:
        qs = qs.filter(tags__slug=filters.tag)
    return qs


def comments_for(user: Any, status: str = "", q: str = "", action: str = "view") -> QuerySet[Comment]:
    qs = Comment.objects.restrict(user, action).select_related("article", "moderated_by").order_by("-created_at")
    if status in CommentStatus.values:
        qs = qs.filter(status=status)
    for word in q.split()[:10]:
        qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word) | Q(name__icontains=word))
    return qs


def pending_comment_count(user: Any) -> int:
    """The badge on the moderation menu item."""
    return Comment.objects.restrict(user, "change").filter(status=CommentStatus.PENDING).count()


def units_for_articles(user: Any) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.restrict(user).exclude(level=UnitLevel.PROVINCE).order_by("path")


# --- documents ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFilters:
    q: str = ""
    kind: str = ""

    @classmethod
    def from_params(cls, params: Any) -> "DocumentFilters":
        kind = params.get("kind") or ""
        return cls(q=(params.get("q") or "").strip()[:200], kind=kind if kind in DocumentKind.values else "")


def library_documents(user: Any, filters: DocumentFilters | None = None) -> QuerySet[Document]:
    """The public library: public documents for visitors, every document for a signed-in user."""
    qs: QuerySet[Document] = Document.objects.select_related("publisher").order_by("-issued_on", "-id")
    if user is None or not user.is_authenticated:
        qs = qs.filter(access=DocumentAccess.PUBLIC)
    if filters is not None:
        qs = matching(qs, filters.q)
        if filters.kind:
            qs = qs.filter(kind=filters.kind)
    return qs


def public_documents(filters: DocumentFilters | None = None) -> QuerySet[Document]:
    return library_documents(None, filters)


def documents_for(user: Any, filters: DocumentFilters | None = None, action: str = "view") -> QuerySet[Document]:
    qs: Any = Document.objects.restrict(user, action).select_related("publisher", "unit").annotate(
        copies=Sum("distributions__copies")
    ).order_by("-issued_on", "-id")
    if filters is not None:
        qs = matching(qs, filters.q)
        if filters.kind:
            qs = qs.filter(kind=filters.kind)
    return qs


def publishers_for(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.restrict(user).order_by("name")


# --- distributions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistributionFilters:
    document: int | None = None
    ward: int | None = None
    channel: str = ""
    recipient_kind: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_params(cls, params: Any) -> "DistributionFilters":
        def as_date(name: str) -> date | None:
            try:
                return date.fromisoformat(str(params.get(name) or ""))
            except ValueError:
                return None

        channel = params.get("channel") or ""
        kind = params.get("recipient_kind") or ""
        return cls(
            document=parse_id(params.get("document")), ward=parse_id(params.get("ward")),
            channel=channel if channel in Channel.values else "",
            recipient_kind=kind if kind in ("facility", "ward", "organisation") else "",
            date_from=as_date("date_from"), date_to=as_date("date_to"),
        )


def distributions_for(
    user: Any, filters: DistributionFilters | None = None, action: str = "view"
) -> QuerySet[Distribution]:
    """The distribution log in the user's scope; the page, the totals and the XLSX export use it."""
    qs = Distribution.objects.restrict(user, action).select_related(
        "document", "facility__sector", "ward", "organisation", "unit", "recorded_by"
    ).order_by("-distributed_on", "-id")
    if filters is None:
        return qs
    if filters.document:
        qs = qs.filter(document_id=filters.document)
    if filters.ward:
        qs = qs.filter(unit_id=filters.ward)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.recipient_kind:
        qs = qs.filter(**{f"{filters.recipient_kind}__isnull": False})
    if filters.date_from:
        qs = qs.filter(distributed_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(distributed_on__lte=filters.date_to)
    return qs


def distribution_totals(qs: QuerySet[Distribution]) -> dict[str, Any]:
    """Copies and records in total, by ward (the unit the record counts for) and by sector (via the facility)."""
    plain = qs.order_by()
    overall = plain.aggregate(copies=Sum("copies"), records=Count("pk"))
    by_ward = sorted(
        plain.values("unit__name", "unit__level").annotate(copies=Sum("copies"), records=Count("pk")).order_by(),
        key=lambda row: fold(row["unit__name"]),
    )
    by_sector = list(
        plain.filter(facility__isnull=False).values("facility__sector__code", "facility__sector__name")
        .annotate(copies=Sum("copies"), records=Count("pk"), facilities=Count("facility", distinct=True))
        .order_by("facility__sector__code")
    )
    return {"copies": overall["copies"] or 0, "records": overall["records"], "by_ward": by_ward,
            "by_sector": by_sector}


def distribution_documents(user: Any) -> QuerySet[Document]:
    return Document.objects.restrict(user).order_by("title")


def distribution_facilities(user: Any) -> QuerySet[Facility]:
    return Facility.objects.restrict(user).select_related("ward").order_by("name")


def distribution_wards(user: Any) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.restrict(user).filter(level=UnitLevel.COMMUNE).order_by("name")


def distribution_organisations(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.restrict(user).select_related("unit").order_by("name")


def home_latest(limit: int = 4) -> list[Article]:
    return list(published_articles().only("title", "slug", "summary", "publish_at", "category", "cover")[:limit])

