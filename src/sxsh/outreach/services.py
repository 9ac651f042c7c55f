"""Writes of the outreach app: atomic, with the acting user, each writing its audit record."""

from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.calc.text import slugify_vi
from sxsh.core import audit
from sxsh.core.scoping import HELD, allows, ensure_in_scope
from sxsh.core.uploads import IMAGES, validate_upload
from sxsh.directory.models import AdministrativeUnit, Facility, Organisation, UnitLevel

from . import notices, selectors, viewcounts
from .models import (
    Article,
    ArticleImage,
    ArticleStatus,
    Comment,
    CommentStatus,
    Distribution,
    Document,
    Tag,
)

ARTICLE_FIELDS = (
    "title", "summary", "body", "cover", "category", "author_name", "publish_at", "facility", "unit",
    "is_illustrative",
)
DOCUMENT_FIELDS = ("title", "kind", "description", "access", "publisher", "issued_on", "unit", "is_illustrative")
#: The reason to look a comment up by its submission key: the same rendered form sent twice.
SAME_FORM = "the same rendered form sent twice"
DISTRIBUTION_FIELDS = ("document", "facility", "ward", "organisation", "copies", "distributed_on", "channel", "note")

#: Allowed status changes of an article (a district officer may publish a draft directly).
TRANSITIONS = {
    ArticleStatus.DRAFT: {ArticleStatus.IN_REVIEW, ArticleStatus.PUBLISHED},
    ArticleStatus.IN_REVIEW: {ArticleStatus.DRAFT, ArticleStatus.PUBLISHED},
    ArticleStatus.PUBLISHED: {ArticleStatus.DRAFT},
}


def _require(user: Any, model: type, action: str) -> None:
    if not allows(user, model, action):
        raise PermissionDenied


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


# --- articles ----------------------------------------------------------------------------------------------


def _set_tags(article: Article, names: list[str]) -> None:
    tags = []
    for name in names:
        name = " ".join(name.split())[:80]
        slug = slugify_vi(name)[:100]
        if not slug:
            continue
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    article.tags.set(tags)


@transaction.atomic
def save_article(*, acting_user: Any, article: Article, data: dict[str, Any], tags: list[str] | None = None) -> Article:
    creating = article.pk is None
    action = "add" if creating else "change"
    _require(acting_user, Article, action)
    before = None if creating else Article.objects.unscoped(HELD).get(pk=article.pk).audit_snapshot()
    for key, value in data.items():
        if key in ARTICLE_FIELDS:
            setattr(article, key, value)
    if creating:
        article.slug = Article.unique_slug(article.title)
    article.full_clean(exclude=["slug"])
    article.save()
    if tags is not None:
        _set_tags(article, tags)
    _link_inline_images(acting_user, article)
    ensure_in_scope(acting_user, article, action)
    audit.record(acting_user=acting_user, action=f"outreach.article.{'created' if creating else 'changed'}",
                 obj=article, before=before, after=article.audit_snapshot())
    return article


#: The largest inline image an officer may upload (the cover has the same limit).
INLINE_IMAGE_MAX_BYTES = 5 * 1024 * 1024


@transaction.atomic
def upload_article_image(*, acting_user: Any, unit: AdministrativeUnit, upload: Any) -> ArticleImage:
    """Store an image for article bodies (PNG or JPEG by content, renamed safely) under ``unit``, which must
    be one the user may post for; a ValidationError carries the Vietnamese reason."""
    _require(acting_user, Article, "add")
    if not selectors.units_for_articles(acting_user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    validate_upload(upload, IMAGES, max_bytes=INLINE_IMAGE_MAX_BYTES)
    image = ArticleImage(unit=unit, image=upload, uploaded_by=_user(acting_user))
    image.save()
    audit.record(acting_user=acting_user, action="outreach.article_image.uploaded", obj=image,
                 after=image.audit_snapshot())
    return image


def _link_inline_images(acting_user: Any, article: Article) -> None:
    """The images the body shows (those the user may change) become the article's, so they are public
    exactly when it is; an image the body no longer shows is unlinked."""
    shown = selectors.inline_images_for(acting_user, article.body)
    article.images.set(shown)


@transaction.atomic
def change_article_status(*, acting_user: Any, article: Article, status: str) -> Article:
    """Draft → in review → published (publish time defaults to now; a future time schedules it)."""
    _require(acting_user, Article, "change")
    article = Article.objects.restrict(acting_user, "change").select_for_update().get(pk=article.pk)
    if status not in TRANSITIONS.get(ArticleStatus(article.status), set()):
        raise ValidationError(_("Không thể chuyển bài viết từ “%(a)s” sang “%(b)s”.") % {
            "a": article.get_status_display(), "b": ArticleStatus(status).label if status in ArticleStatus.values
            else status})
    before = article.audit_snapshot()
    article.status = status
    if status == ArticleStatus.PUBLISHED and article.publish_at is None:
        article.publish_at = timezone.now()
    article.save(update_fields=["status", "publish_at", "updated_at"])
    audit.record(acting_user=acting_user, action=f"outreach.article.{status}", obj=article, before=before,
                 after=article.audit_snapshot())
    return article


def record_view(*, article_id: int, slug: str, reader: str, day: date) -> bool:
    """Count ``reader`` once per article and day in the shared cache; returns whether this view was counted.
    The count reaches the article with :func:`flush_view_counts`."""
    if not cache.add(viewcounts.seen_key(slug, day, reader), 1, viewcounts.SEEN_SECONDS):
        return False
    key = viewcounts.pending_key(article_id)
    cache.add(key, 0, None)
    try:
        cache.incr(key)
    except ValueError:  # flushed away between add and incr
        cache.set(key, 1, None)
    return True


def flush_view_counts() -> int:
    """Add the views counted in the cache to the articles; returns how many. One flush at a time (a lock in
    the cache), so several workers may call it."""
    if not cache.add(viewcounts.FLUSH_LOCK, 1, 300):
        return 0
    flushed = 0
    try:
        ids = list(Article.objects.unscoped("the periodic flush of view counts: a system job").order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), 1000):
            keys = {viewcounts.pending_key(pk): pk for pk in ids[start:start + 1000]}
            for key, count in cache.get_many(list(keys)).items():
                if int(count) <= 0:
                    continue
                cache.decr(key, int(count))  # before the write: a crash in between loses views, never doubles them
                Article.objects.filter(pk=keys[key]).update(view_count=F("view_count") + int(count))
                flushed += int(count)
    finally:
        cache.delete(viewcounts.FLUSH_LOCK)
    return flushed


# --- comments ----------------------------------------------------------------------------------------------


@transaction.atomic
def submit_comment(
    *, acting_user: Any, article: Article, data: dict[str, Any], reader: str = "", submission_key: str | None = None
) -> Comment:
    """A reader's comment, always held for moderation. Re-sending the same form creates nothing new."""
    if not selectors.published_articles().filter(pk=article.pk).exists():
        raise PermissionDenied
    if submission_key:
        existing = Comment.objects.unscoped(SAME_FORM).filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    comment = Comment(
        article=article, name=data["name"], phone=data.get("phone", ""), email=(data.get("email") or "").lower(),
        title=data["title"], body=data["body"],
        status=CommentStatus.PENDING, reader=reader, submission_key=submission_key or None,
    )
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        existing = Comment.objects.unscoped(SAME_FORM).filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing
    audit.record(acting_user=acting_user, action="outreach.comment.submitted", obj=comment,
                 after=audit.masked(comment.audit_snapshot(), ("email",)))
    notices.comment_pending(comment, acting_user=acting_user)
    return comment


def _moderate(acting_user: Any, comment: Comment, action: str, **changes: Any) -> tuple[Comment, str]:
    """Apply ``changes`` to the comment read again under lock; returns it and the status it had."""
    comment = selectors.comments_for(acting_user, action="change").select_for_update(of=("self",)).get(pk=comment.pk)
    before = comment.audit_snapshot()
    for key, value in changes.items():
        setattr(comment, key, value)
    comment.moderated_by = _user(acting_user)
    comment.moderated_at = timezone.now()
    comment.save()
    audit.record(acting_user=acting_user, action=f"outreach.comment.{action}", obj=comment, before=before,
                 after=comment.audit_snapshot())
    return comment, str(before.get("status", ""))


@transaction.atomic
def approve_comment(*, acting_user: Any, comment: Comment) -> Comment:
    """Publish the comment; a reply written while it waited is published with it (and its author told)."""
    _require(acting_user, Comment, "change")
    comment, was = _moderate(acting_user, comment, "approved", status=CommentStatus.APPROVED, hidden_reason="")
    if comment.reply and was != CommentStatus.APPROVED:
        notices.reply_published(comment, acting_user=acting_user)
    return comment


@transaction.atomic
def hide_comment(*, acting_user: Any, comment: Comment, reason: str) -> Comment:
    """Hide (never delete) with a reason kept for the record."""
    _require(acting_user, Comment, "change")
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Cần nêu lý do ẩn bình luận."))
    return _moderate(acting_user, comment, "hidden", status=CommentStatus.HIDDEN, hidden_reason=reason[:500])[0]


@transaction.atomic
def reply_to_comment(*, acting_user: Any, comment: Comment, reply: str) -> Comment:
    """The officers' answer, shown under the comment once the comment is approved: replying publishes
    nothing by itself (a waiting comment keeps waiting, a hidden one stays hidden)."""
    _require(acting_user, Comment, "change")
    reply = reply.strip()
    if not reply:
        raise ValidationError(_("Nội dung trả lời không được để trống."))
    comment = _moderate(acting_user, comment, "replied", reply=reply[:5000], replied_at=timezone.now())[0]
    if comment.status == CommentStatus.APPROVED:
        notices.reply_published(comment, acting_user=acting_user)
    return comment


COMMENTER_FIELDS = ("name", "phone", "email", "reader")


@transaction.atomic
def erase_commenter(*, acting_user: Any, comment: Comment) -> Comment:
    """Erase the commenter's personal data on request (name, phone, reader mark); the text stays moderated
    as it was. The name is masked in the comment's earlier audit records and absent from this one's."""
    _require(acting_user, Comment, "change")
    comment = selectors.comments_for(acting_user, action="change").select_for_update(of=("self",)).get(pk=comment.pk)
    for field in COMMENTER_FIELDS:
        setattr(comment, field, "")
    comment.moderated_by = _user(acting_user)
    comment.moderated_at = timezone.now()
    comment.save()
    audit.mask_personal_data(comment, COMMENTER_FIELDS, object_repr=str(comment))
    audit.record(acting_user=acting_user, action="outreach.comment.personal_data_erased", obj=comment,
                 after=audit.masked(comment.audit_snapshot(), COMMENTER_FIELDS))
    return comment


# --- documents ---------------------------------------------------------------------------------------------


@transaction.atomic
def save_document(
    *, acting_user: Any, document: Document, data: dict[str, Any], upload: Any = None, file_type: str = ""
) -> Document:
    """Create or change a library document; ``upload`` must already be checked by content (forms do it)."""
    creating = document.pk is None
    action = "add" if creating else "change"
    _require(acting_user, Document, action)
    before = None if creating else Document.objects.unscoped(HELD).get(pk=document.pk).audit_snapshot()
    for key, value in data.items():
        if key in DOCUMENT_FIELDS:
            setattr(document, key, value)
    if upload is not None:
        if not file_type:
            raise ValueError("file_type is required with an upload")
        document.file = upload
        document.file_type = file_type
        document.file_size = upload.size or 0
    if not document.file:
        raise ValidationError({"file": _("Cần chọn tệp tài liệu.")})
    document.full_clean(exclude=["file"])
    document.save()
    ensure_in_scope(acting_user, document, action)
    audit.record(acting_user=acting_user, action=f"outreach.document.{'created' if creating else 'changed'}",
                 obj=document, before=before, after=document.audit_snapshot())
    return document


def record_download(*, document: Document) -> None:
    Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)


# --- distributions -----------------------------------------------------------------------------------------


def _recipient_unit(data: dict[str, Any]) -> AdministrativeUnit:
    recipients = [data.get(name) for name in ("facility", "ward", "organisation")]
    if sum(1 for r in recipients if r) != 1:
        raise ValidationError(_("Chọn đúng một nơi nhận: cơ sở, địa bàn hoặc tổ chức."))
    facility, ward, organisation = recipients
    if isinstance(facility, Facility):
        return facility.ward
    if isinstance(ward, AdministrativeUnit):
        if ward.level != UnitLevel.COMMUNE:
            raise ValidationError({"ward": _("Nơi nhận phải là một đơn vị cấp xã.")})
        return ward
    assert isinstance(organisation, Organisation)
    return organisation.unit


@transaction.atomic
def record_distribution(*, acting_user: Any, data: dict[str, Any]) -> Distribution:
    """Log copies of a document handed out; a ward officer may only log for recipients in their ward."""
    _require(acting_user, Distribution, "add")
    unit = _recipient_unit(data)
    document = data.get("document")
    if document is None or not Document.objects.restrict(acting_user).filter(pk=document.pk).exists():
        raise PermissionDenied
    for model, value in ((Facility, data.get("facility")), (AdministrativeUnit, data.get("ward")),
                         (Organisation, data.get("organisation"))):
        if value is not None and not model.objects.restrict(acting_user).filter(pk=value.pk).exists():  # type: ignore[attr-defined]
            raise PermissionDenied
    distribution = Distribution(unit=unit, recorded_by=_user(acting_user),
                                **{k: v for k, v in data.items() if k in DISTRIBUTION_FIELDS})
    distribution.full_clean()
    distribution.save()
    ensure_in_scope(acting_user, distribution, "add")
    audit.record(acting_user=acting_user, action="outreach.distribution.created", obj=distribution,
                 after=distribution.audit_snapshot())
    return distribution


@transaction.atomic
def delete_distribution(*, acting_user: Any, distribution: Distribution) -> None:
    _require(acting_user, Distribution, "delete")
    ensure_in_scope(acting_user, distribution, "delete")
    audit.record(acting_user=acting_user, action="outreach.distribution.deleted", obj=distribution,
                 before=distribution.audit_snapshot())
    distribution.delete()
