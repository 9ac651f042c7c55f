"""Articles, comments and moderation, the document library and the distribution log."""

import re
import uuid
from datetime import UTC, datetime
from typing import Any

import nh3
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.calc.text import fold, slugify_vi
from sxsh.core.models import BaseModel
from sxsh.core.roles import Role
from sxsh.core.scoping import Scope
from sxsh.core.slugs import unique_slug

#: Who keeps the portal (writes articles, moderates comments, keeps the library, logs distributions): the
#: officers of each level for their own subtree: the district's economic office until 30/6/2025, the
#: province's Department of Industry and Trade, a commune's or ward's economic office (its own articles).
STAFF = frozenset({Role.DISTRICT, Role.WARD, Role.DOIT})

#: Tags and attributes allowed in an article body (everything else is stripped on save).
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
    "a", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"},
                      "th": {"colspan", "rowspan"}}


def sanitize_html(html: str) -> str:
    """Rich text reduced to a safe subset (no scripts, no event handlers, no javascript: links)."""
    return nh3.clean(
        html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        clean_content_tags={"script", "style"},
    )


def private_storage() -> FileSystemStorage:
    """Documents live outside MEDIA_ROOT so they are only reachable through the download view."""
    return FileSystemStorage(location=settings.VAR_DIR / "private")


PUBLISH_MIN = datetime(1900, 1, 1, tzinfo=UTC)
PUBLISH_END = datetime(2101, 1, 1, tzinfo=UTC)


class Category(models.TextChoices):
    NEWS = "news", _("Tin tức")
    POLICY = "policy", _("Chính sách")
    SUCCESS_STORY = "success_story", _("Điển hình áp dụng thành công")
    TECHNICAL = "technical", _("Hướng dẫn kỹ thuật")


#: The Vietnamese path segment of each category (/chuyen-muc/<slug>/).
CATEGORY_SLUGS = {
    Category.NEWS: "tin-tuc",
    Category.POLICY: "chinh-sach",
    Category.SUCCESS_STORY: "dien-hinh",
    Category.TECHNICAL: "huong-dan-ky-thuat",
}
SLUG_CATEGORIES = {slug: category for category, slug in CATEGORY_SLUGS.items()}


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    IN_REVIEW = "in_review", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã đăng")


def _files_as_names(data: dict[str, Any]) -> dict[str, Any]:
    """File fields hold FieldFile objects; the audit log keeps their stored names."""
    from django.db.models.fields.files import FieldFile

    return {k: (v.name or "") if isinstance(v, FieldFile) else v for k, v in data.items()}


class Tag(models.Model):
    name = models.CharField(_("tên thẻ"), max_length=80, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("thẻ")
        verbose_name_plural = _("thẻ")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outreach:tag", args=[self.slug])


class Article(BaseModel):
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True)
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    body = models.TextField(_("nội dung"))
    cover = models.ImageField(_("ảnh bìa"), upload_to="outreach/covers/%Y/", blank=True)
    category = models.CharField(_("chuyên mục"), max_length=20, choices=Category.choices, default=Category.NEWS)
    author_name = models.CharField(_("tác giả"), max_length=150, blank=True)
    publish_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=ArticleStatus.choices,
                              default=ArticleStatus.DRAFT, db_index=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("thẻ"), blank=True, related_name="articles")
    facility = models.ForeignKey(
        "directory.Facility", verbose_name=_("cơ sở liên quan"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
    )
    unit = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("đơn vị đăng"), on_delete=models.PROTECT,
        related_name="articles",
    )
    is_illustrative = models.BooleanField(_("minh họa"), default=False)
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0, editable=False)
    search_text = models.TextField(editable=False, default="")
    bookkeeping_fields = frozenset({"view_count"})

    role_permissions = {"view": STAFF, "add": STAFF, "change": STAFF, "delete": frozenset()}
    # ``Now()`` is evaluated by the database when the query runs, so scheduled items appear on time.
    scope = Scope(unit="unit__path", public=Q(status=ArticleStatus.PUBLISHED, publish_at__lte=Now()))

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["status", "publish_at"])]
        constraints = [models.CheckConstraint(  # a year-1 time stamp is stored BC and cannot be read back
            condition=Q(publish_at__isnull=True) | Q(publish_at__gte=PUBLISH_MIN, publish_at__lt=PUBLISH_END),
            name="article_publish_at_in_range", violation_error_message=_(
                "Thời điểm đăng phải nằm trong khoảng từ năm 1900 đến năm 2100."))]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = self.unique_slug(self.title, exclude_pk=self.pk)
        self.search_text = fold(" ".join([self.title, self.summary, nh3.clean(self.body, tags=set()),
                                          self.author_name]))
        super().save(*args, **kwargs)

    @classmethod
    def unique_slug(cls, title: str, exclude_pk: Any = None) -> str:
        return unique_slug(cls, title, fallback="bai-viet", exclude_pk=exclude_pk)

    def get_absolute_url(self) -> str:
        return reverse("outreach:article_detail", args=[self.slug])

    def audit_snapshot(self) -> dict[str, Any]:
        return _files_as_names(super().audit_snapshot())

    @property
    def category_slug(self) -> str:
        return CATEGORY_SLUGS[Category(self.category)]


#: The path of an inline image inside an article body (``/tin-tuc/anh/<key>/``).
INLINE_IMAGE_PATH = re.compile(r"/tin-tuc/anh/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/")


class ArticleImage(BaseModel):
    """An image placed inside article bodies by the editor: uploaded by an officer of ``unit``, seen by the
    public once an article showing it is published, by the unit's officers before that."""

    key = models.UUIDField(_("mã ảnh"), default=uuid.uuid4, unique=True, editable=False)
    image = models.ImageField(_("ảnh"), upload_to="outreach/images/%Y/")
    unit = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="article_images")
    articles = models.ManyToManyField(Article, verbose_name=_("bài viết"), blank=True, related_name="images")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    role_permissions = Article.role_permissions
    scope = Scope(unit="unit__path", public=Q(articles__status=ArticleStatus.PUBLISHED,
                                               articles__publish_at__lte=Now()))

    class Meta:
        verbose_name = _("ảnh trong bài viết")
        verbose_name_plural = _("ảnh trong bài viết")

    def __str__(self) -> str:
        return (self.image.name or "").rsplit("/", 1)[-1]

    def get_absolute_url(self) -> str:
        return reverse("outreach:article_image", args=[self.key])

    def audit_snapshot(self) -> dict[str, Any]:
        return _files_as_names(super().audit_snapshot())


def inline_image_keys(body: str) -> set[str]:
    """The keys of the inline images an article body shows."""
    return set(INLINE_IMAGE_PATH.findall(body or ""))


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ kiểm duyệt")
    APPROVED = "approved", _("Đã duyệt")
    HIDDEN = "hidden", _("Đã ẩn")


class Comment(BaseModel):
    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE,
                                related_name="comments")
    name = models.CharField(_("họ tên"), max_length=100)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)  # never shown; only for telling of the reply
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), max_length=5000)
    status = models.CharField(_("trạng thái"), max_length=20, choices=CommentStatus.choices,
                              default=CommentStatus.PENDING, db_index=True)
    hidden_reason = models.CharField(_("lý do ẩn"), max_length=500, blank=True)
    reply = models.TextField(_("trả lời của cơ quan quản lý"), max_length=5000, blank=True)
    replied_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người kiểm duyệt"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    moderated_at = models.DateTimeField(_("kiểm duyệt lúc"), null=True, blank=True)
    submission_key = models.CharField(_("mã lượt gửi"), max_length=64, unique=True, null=True, blank=True,
                                      editable=False)  # the form's nonce: the same form sent twice is one comment
    reader = models.CharField(_("người gửi (mã băm địa chỉ)"), max_length=64, blank=True,
                              editable=False)  # hashed IP, for abuse review
    is_illustrative = models.BooleanField(_("minh họa"), default=False)

    role_permissions = {"view": STAFF, "add": frozenset(), "change": STAFF, "delete": frozenset()}
    scope = Scope(unit="article__unit__path", public=Q(status=CommentStatus.APPROVED))
    personal_fields = ("name", "phone", "reader")  # masked in the audit log for roles that do not moderate
    personal_repr = True

    class Meta:
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title

    def audit_snapshot(self) -> dict[str, Any]:
        data = super().audit_snapshot()
        data.pop("phone", None)  # personal data stays out of the audit log
        return data


class DocumentKind(models.TextChoices):
    HANDBOOK = "handbook", _("Cẩm nang")
    TECHNICAL = "technical", _("Sổ tay hướng dẫn kỹ thuật")
    TOOLKIT = "toolkit", _("Bộ công cụ SXSH")
    LEGAL = "legal", _("Văn bản pháp lý")
    OTHER = "other", _("Tài liệu khác")


class DocumentAccess(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    LOGGED_IN = "logged_in", _("Chỉ người dùng đã đăng nhập")


class Document(BaseModel):
    title = models.CharField(_("tên tài liệu"), max_length=300)
    kind = models.CharField(_("loại"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.HANDBOOK)
    description = models.TextField(_("mô tả"), blank=True)
    file = models.FileField(_("tệp"), upload_to="outreach/documents/%Y/", storage=private_storage, max_length=255)
    file_type = models.CharField(_("định dạng"), max_length=10, editable=False, default="pdf")
    file_size = models.PositiveBigIntegerField(_("dung lượng"), editable=False, default=0)
    access = models.CharField(_("quyền truy cập"), max_length=20, choices=DocumentAccess.choices,
                              default=DocumentAccess.PUBLIC)
    publisher = models.ForeignKey(
        "directory.Organisation", verbose_name=_("cơ quan ban hành / phát hành"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="documents",
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    unit = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("đơn vị quản lý"),
                             on_delete=models.PROTECT, related_name="documents")
    download_count = models.PositiveIntegerField(_("lượt tải"), default=0, editable=False)
    is_illustrative = models.BooleanField(_("minh họa"), default=False)
    search_text = models.TextField(editable=False, default="")
    bookkeeping_fields = frozenset({"download_count"})

    role_permissions = {"view": STAFF, "add": STAFF, "change": STAFF, "delete": frozenset()}
    # Each level keeps its own subtree's documents; readers reach the units above theirs too.
    scope = Scope(unit="unit__path", public=Q(access=DocumentAccess.PUBLIC), read_ancestors=True)

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(" ".join([self.title, self.description, self.get_kind_display()]))
        super().save(*args, **kwargs)

    def audit_snapshot(self) -> dict[str, Any]:
        return _files_as_names(super().audit_snapshot())

    def download_name(self) -> str:
        """A safe ASCII file name for Content-Disposition."""
        return f"{slugify_vi(self.title)[:80] or 'tai-lieu'}.{self.file_type}"


class Channel(models.TextChoices):
    PRINT = "print", _("Bản in")
    EMAIL = "email", _("Thư điện tử")
    EVENT = "event", _("Tại hội thảo, tập huấn")


class RecipientKind(models.TextChoices):
    FACILITY = "facility", _("Cơ sở sản xuất")
    WARD = "ward", _("Địa bàn")
    ORGANISATION = "organisation", _("Tổ chức")


class Distribution(BaseModel):
    """Copies of a document handed to one facility, ward or organisation."""

    document = models.ForeignKey(Document, verbose_name=_("tài liệu"), on_delete=models.PROTECT,
                                 related_name="distributions")
    facility = models.ForeignKey("directory.Facility", verbose_name=_("cơ sở sản xuất"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="distributions")
    ward = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("địa bàn"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="distributions_received")
    organisation = models.ForeignKey("directory.Organisation", verbose_name=_("tổ chức"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="distributions")
    # The unit the distribution counts for (the facility's ward, the ward, or the organisation's unit).
    unit = models.ForeignKey("directory.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT,
                             related_name="distributions", editable=False)
    copies = models.PositiveIntegerField(_("số bản"), default=1)
    distributed_on = models.DateField(_("ngày phát"))
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices, default=Channel.PRINT)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    role_permissions = {"view": STAFF, "add": STAFF, "change": STAFF, "delete": STAFF}
    scope = Scope(unit="unit__path")

    class Meta:
        verbose_name = _("lượt phát tài liệu")
        verbose_name_plural = _("nhật ký phát tài liệu")
        ordering = ["-distributed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(facility__isnull=False, ward__isnull=True, organisation__isnull=True)
                    | Q(facility__isnull=True, ward__isnull=False, organisation__isnull=True)
                    | Q(facility__isnull=True, ward__isnull=True, organisation__isnull=False)
                ),
                name="distribution_one_recipient",
            ),
            models.CheckConstraint(condition=Q(copies__gte=1), name="distribution_copies_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.recipient}"

    @property
    def recipient(self) -> Any:
        return self.facility or self.ward or self.organisation

    @property
    def recipient_kind(self) -> str:
        if self.facility_id:
            return RecipientKind.FACILITY
        if self.ward_id:
            return RecipientKind.WARD
        return RecipientKind.ORGANISATION

