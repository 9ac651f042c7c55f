"""Reads of the outreach app; the pages, the API, the feeds and the exports share them."""

from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.utils import timezone

from sxsh.calc.text import fold
from sxsh.core.scoping import allows, unit_q
from sxsh.directory.models import AdministrativeUnit, Facility, Organisation, UnitLevel

from . import viewcounts
from .models import (
    Article,
    ArticleImage,
    ArticleStatus,
    Comment,
    CommentStatus,
    Distribution,
    Document,
    DocumentAccess,
    Tag,
    inline_image_keys,
)


def public_article_q() -> Q:
    """Published and due: built at call time so a scheduled article appears at its publish time."""
    return Q(status=ArticleStatus.PUBLISHED, publish_at__lte=timezone.now())


def published_articles() -> QuerySet[Article]:
    """What any visitor may read: published and publish time reached, newest first."""
    return Article.objects.scoped_by(public_article_q()).order_by("-publish_at", "-id")


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
    return (Article.objects.scoped_by(Q(pk__in=in_scope) | public_article_q()).filter(slug=slug).exclude(cover="")
            .only("cover").first())


def inline_images_for(user: Any, body: str) -> QuerySet[ArticleImage]:
    """The inline images an article body shows that ``user`` may place (those of the units in scope)."""
    return ArticleImage.objects.restrict(user, "change").filter(key__in=inline_image_keys(body))


def article_image(user: Any, key: Any) -> ArticleImage | None:
    """An inline image ``user`` may see: shown by a published article, or uploaded in the user's scope."""
    in_scope = ArticleImage.objects.restrict(user, "view").filter(key=key).values("pk")
    public = ArticleImage.objects.public().filter(key=key).values("pk")
    return ArticleImage.objects.scoped_by(Q(pk__in=in_scope) | Q(pk__in=public)).only("image").first()


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


def articles_for(user: Any, action: str = "view") -> QuerySet[Article]:
    qs: Any = Article.objects.restrict(user, action).select_related("unit").annotate(
        pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING))
    ).order_by("-updated_at", "-id")
    return qs  # type: ignore[no-any-return]


def comments_for(user: Any, status: str = "", action: str = "view") -> QuerySet[Comment]:
    qs = Comment.objects.restrict(user, action).select_related("article", "moderated_by").order_by("-created_at")
    if status in CommentStatus.values:
        qs = qs.filter(status=status)
    return qs


def article_choices(user: Any) -> QuerySet[Article]:
    """The articles a filter of comments offers (titles only)."""
    return Article.objects.restrict(user, "view").only("title").order_by("title", "pk")


def pending_comment_count(user: Any) -> int:
    """The badge on the moderation menu item."""
    return Comment.objects.restrict(user, "change").filter(status=CommentStatus.PENDING).count()


def units_for_articles(user: Any) -> QuerySet[AdministrativeUnit]:
    """The units an officer writes for: his own and those below it (the Department its province too)."""
    return AdministrativeUnit.objects.restrict(user).order_by("path")


# --- documents ---------------------------------------------------------------------------------------------


def library_documents(user: Any) -> QuerySet[Document]:
    """The public library: public documents, and for a signed-in user also those of the units they read.

    A unit-scoped user reads the documents of their subtree and of the units above it; an enterprise or
    consultant those of the units containing their facilities; the administrator every document.
    """
    reach = Q(access=DocumentAccess.PUBLIC)
    if user is not None and user.is_authenticated:
        units = unit_q(user, "unit__path", "view", read_ancestors=True)
        reach = reach | units if units else units  # an empty Q (the administrator's) is every document
    return Document.objects.scoped_by(reach).select_related("publisher").order_by("-issued_on", "-id")


def public_documents() -> QuerySet[Document]:
    return library_documents(None)


def documents_for(user: Any, action: str = "view") -> QuerySet[Document]:
    qs: Any = Document.objects.restrict(user, action).select_related("publisher", "unit").annotate(
        copies=Sum("distributions__copies")
    ).order_by("-issued_on", "-id")
    return qs  # type: ignore[no-any-return]


def document_rights(user: Any) -> dict[str, Any]:
    """Annotations of a document list: whether ``user`` may edit each document and record its distribution."""
    changeable = Document.objects.restrict(user, "change").filter(pk=OuterRef("pk"))
    return {"can_change": Exists(changeable),
            "can_distribute": Value(allows(user, Distribution, "add"), output_field=BooleanField())}


def publishers_for(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.restrict(user).order_by("name")


# --- distributions -----------------------------------------------------------------------------------------


def distributions_for(user: Any, action: str = "view") -> QuerySet[Distribution]:
    """The distribution log in the user's scope; the page, the totals and the XLSX exports use it."""
    return Distribution.objects.restrict(user, action).select_related(
        "document", "facility__sector", "ward__kind", "organisation", "unit", "recorded_by"
    ).order_by("-distributed_on", "-id")


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

