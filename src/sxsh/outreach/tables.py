"""The outreach app's listed kinds, each declared once (``core.tables``): articles, comments, documents and
distributions of the back office, and the portal's public news and library."""

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from sxsh.core import tables as t

from . import selectors, services
from .forms import HideForm
from .models import (
    Article,
    ArticleStatus,
    Category,
    Channel,
    Comment,
    CommentStatus,
    Distribution,
    Document,
    DocumentAccess,
    DocumentKind,
    RecipientKind,
)


def _person(user: Any) -> str:
    return str(user.get_full_name() or user.username) if user is not None else "—"


class PersonColumn(t.Column):
    """A user by full name (the username when it is empty)."""

    def render(self, value: Any) -> str:
        return _person(value)

    def value(self, value: Any) -> str:
        return _person(value)


# --- articles (back office) --------------------------------------------------------------------------------

class ArticleFilters(t.FilterSet):
    q = t.SearchFilter()
    status = t.choice("status", ArticleStatus.choices, _("Trạng thái"))
    category = t.choice("category", Category.choices, _("Chuyên mục"))
    tag = t.django_filters.CharFilter(field_name="tags__slug", label=_("Thẻ (đường dẫn)"), max_length=100)


class ArticleTable(t.Table):
    title = t.NameColumn(_("Tiêu đề"), kind="name", linkify=lambda record: reverse(
        "outreach:manage_article_edit", args=[record.pk]))
    category = t.Column(_("Chuyên mục"))
    status = t.TagColumn(_("Trạng thái"))
    unit = t.Column(_("Đơn vị đăng"), accessor="unit__name")
    author_name = t.Column(_("Tác giả"))
    publish_at = t.DateColumn(_("Thời điểm đăng"), kind="datetime")
    updated_at = t.DateColumn(_("Cập nhật lúc"), kind="datetime")
    view_count = t.IntegerColumn(_("Lượt xem"))
    pending = t.IntegerColumn(_("Bình luận chờ duyệt"))

    def render_status(self, value: Any, record: Article) -> Any:
        tag = format_html('<span class="tag status-{}">{}</span>', record.status, value)
        if record.status == ArticleStatus.PUBLISHED and record.publish_at and record.publish_at > timezone.now():
            return format_html('{} <span class="tag">{}</span>', tag, _("hẹn giờ"))
        return tag

    def render_pending(self, value: int, record: Article) -> Any:
        if not value:
            return "0"
        link = reverse("outreach:manage_comments") + f"?status={CommentStatus.PENDING}&article={record.pk}"
        return format_html('<a href="{}">{}</a>', link, value)

    def value_status(self, value: Any) -> Any:
        return value

    def value_pending(self, value: int) -> int:
        return value


def _articles(user: Any) -> QuerySet[Article]:
    return selectors.articles_for(user).defer("body", "search_text")


def _to_status(status: str) -> Any:
    def perform(*, acting_user: Any, obj: Article) -> Article:
        return services.change_article_status(acting_user=acting_user, article=obj, status=status)

    return perform


def _editable(user: Any) -> QuerySet[Article]:
    return selectors.articles_for(user, action="change")


ARTICLES = t.register(t.Listing(
    name="articles", title=_("Bài viết"), model=Article, rows=_articles, filterset=ArticleFilters,
    table=ArticleTable, ordering=("-updated_at",), filename="bai-viet", page="outreach:manage_articles",
    export="outreach:manage_article_export", opens=t.viewers_of(Article),
    default_columns=("title", "category", "status", "publish_at", "view_count", "pending"),
    actions=(t.BulkAction("publish", _("Xuất bản"), rows=_editable, perform=_to_status(ArticleStatus.PUBLISHED)),
             t.BulkAction("draft", _("Chuyển về nháp"), rows=_editable, perform=_to_status(ArticleStatus.DRAFT))),
))


# --- comments (the moderation queue) -----------------------------------------------------------------------

class CommentSearch(t.SearchFilter):
    """Words in the title, the text or the name (comments keep no folded column)."""

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        for word in (value or "").split()[:10]:
            qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word) | Q(name__icontains=word))
        return qs


class CommentFilters(t.FilterSet):
    q = CommentSearch(label=_("Tìm trong bình luận"))
    status = t.choice("status", CommentStatus.choices, _("Trạng thái"))
    article = t.related("article", lambda request: selectors.article_choices(request.user), _("Bài viết"))


class CommentTable(t.Table):
    created_at = t.DateColumn(_("Gửi lúc"), kind="datetime")
    article = t.Column(_("Bài viết"), accessor="article__title", kind="name")
    title = t.NameColumn(_("Tiêu đề"), kind="name", linkify=lambda record: reverse(
        "outreach:comment_detail", args=[record.pk]))
    body = t.Column(_("Nội dung"), kind="name")
    name = t.Column(_("Họ tên"), default=_("(đã xóa họ tên)"))
    phone = t.Column(_("Số điện thoại"), kind="code")
    status = t.TagColumn(_("Trạng thái"))
    hidden_reason = t.Column(_("Lý do ẩn"))
    reply = t.Column(_("Trả lời của cơ quan quản lý"), kind="name")
    moderated_by = PersonColumn(_("Người kiểm duyệt"), order_by=("moderated_by__last_name",
                                                                   "moderated_by__first_name", "moderated_by__username"))
    moderated_at = t.DateColumn(_("Kiểm duyệt lúc"), kind="datetime")
    handle = t.Column(_("Xử lý"), accessor="pk", orderable=False, exported=False)

    def render_body(self, value: str) -> str:
        return value if len(value) <= 160 else value[:159] + "…"

    def value_body(self, value: str) -> str:
        return value

    def render_handle(self, record: Comment) -> Any:
        """The moderation page, and one-click approval (a button of the bulk form posting to this comment)."""
        page = format_html('<a class="btn secondary" href="{}">{}</a>',
                           reverse("outreach:comment_detail", args=[record.pk]), _("Mở"))
        if record.status == CommentStatus.APPROVED or self.request is None:
            return page
        approve = reverse("outreach:moderate_comment", args=[record.pk, "duyet"])
        back = self.request.get_full_path()
        return format_html('{} <button type="submit" formaction="{}?{}">{}</button>', page, approve,
                           urlencode({"next": back}), _("Duyệt"))


def _comments(user: Any) -> QuerySet[Comment]:
    """Waiting comments first, then the newest."""
    return selectors.comments_for(user).annotate(waiting=Case(
        When(status=CommentStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()))


def _approve(*, acting_user: Any, obj: Comment) -> Any:
    return services.approve_comment(acting_user=acting_user, comment=obj)


def _hide(*, acting_user: Any, obj: Comment, reason: str) -> Any:
    return services.hide_comment(acting_user=acting_user, comment=obj, reason=reason)


def _moderated(user: Any) -> QuerySet[Comment]:
    return selectors.comments_for(user, action="change")


COMMENTS = t.register(t.Listing(
    name="comments", title=_("Bình luận"), model=Comment, rows=_comments, filterset=CommentFilters,
    table=CommentTable, ordering=("waiting", "-created_at"), filename="binh-luan", page="outreach:manage_comments",
    export="outreach:manage_comment_export", opens=t.viewers_of(Comment),
    default_columns=("created_at", "article", "title", "body", "name", "phone", "status", "handle"),
    detail=t.url("outreach:comment_detail"),
    actions=(t.BulkAction("approve", _("Duyệt"), rows=_moderated, perform=_approve),
             t.BulkAction("hide", _("Ẩn (một lý do cho mọi bình luận đã chọn)"), rows=_moderated, perform=_hide,
                          form=HideForm)),
))


# --- documents (back office) -------------------------------------------------------------------------------

class DocumentFilters(t.FilterSet):
    q = t.SearchFilter()
    kind = t.choice("kind", DocumentKind.choices, _("Loại"))
    access = t.choice("access", DocumentAccess.choices, _("Quyền truy cập"))


class DocumentTable(t.Table):
    title = t.NameColumn(_("Tài liệu"), kind="name", linkify=lambda record: reverse(
        "outreach:document_download", args=[record.pk]))
    kind = t.Column(_("Loại"))
    access = t.Column(_("Truy cập"))
    publisher = t.Column(_("Cơ quan ban hành"), accessor="publisher__name", kind="name")
    unit = t.Column(_("Đơn vị quản lý"), accessor="unit__name")
    issued_on = t.DateColumn(_("Ngày ban hành"))
    file_type = t.Column(_("Định dạng"))
    file_size = t.IntegerColumn(_("Dung lượng (byte)"))
    download_count = t.IntegerColumn(_("Lượt tải"))
    copies = t.IntegerColumn(_("Số bản đã phát"), default=0)
    handle = t.Column(_("Xử lý"), accessor="pk", orderable=False, exported=False)

    def render_handle(self, record: Document) -> Any:
        links = []
        if getattr(record, "can_change", False):
            links.append((reverse("outreach:manage_document_edit", args=[record.pk]), _("Sửa")))
        if getattr(record, "can_distribute", False):
            links.append((reverse("outreach:manage_distribution_create") + f"?document={record.pk}",
                          _("Ghi nhận phát")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links) or "—"


def _documents(user: Any) -> QuerySet[Document]:
    return selectors.documents_for(user).annotate(**selectors.document_rights(user))


DOCUMENTS = t.register(t.Listing(
    name="documents", title=_("Thư viện tài liệu"), model=Document, rows=_documents, filterset=DocumentFilters,
    table=DocumentTable, ordering=("-issued_on",), filename="thu-vien-tai-lieu", page="outreach:manage_documents",
    export="outreach:manage_document_export", opens=t.viewers_of(Document),
    default_columns=("title", "kind", "access", "issued_on", "download_count", "copies", "handle"),
))


# --- the distribution log ----------------------------------------------------------------------------------

class DistributionFilters(t.FilterSet):
    document = t.related("document", lambda request: selectors.distribution_documents(request.user), _("Tài liệu"))
    ward = t.related("unit", lambda request: selectors.distribution_wards(request.user), _("Địa bàn"))
    recipient_kind = t.choice("recipient_kind", RecipientKind.choices, _("Loại nơi nhận"), method="by_recipient")
    channel = t.choice("channel", Channel.choices, _("Hình thức"))
    date_from = t.day("distributed_on", "gte", _("Từ ngày"))
    date_to = t.day("distributed_on", "lte", _("Đến ngày"))

    def by_recipient(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(**{f"{value}__isnull": False})


class DistributionTable(t.Table):
    distributed_on = t.DateColumn(_("Ngày phát"))
    document = t.Column(_("Tài liệu"), accessor="document__title", kind="name")
    recipient_kind = t.Column(_("Loại nơi nhận"), accessor="recipient_kind", orderable=False)
    recipient = t.Column(_("Nơi nhận"), accessor="recipient", orderable=False, kind="name")
    unit = t.Column(_("Địa bàn"), accessor="unit__name")
    sector = t.Column(_("Ngành (VSIC)"), accessor="facility__sector__code", kind="code")
    copies = t.IntegerColumn(_("Số bản"))
    channel = t.Column(_("Hình thức"))
    note = t.Column(_("Ghi chú"))
    recorded_by = PersonColumn(_("Người ghi nhận"), order_by=("recorded_by__last_name", "recorded_by__first_name",
                                                             "recorded_by__username"))

    def render_recipient_kind(self, value: str) -> str:
        return str(RecipientKind(value).label)

    value_recipient_kind = render_recipient_kind


DISTRIBUTIONS = t.register(t.Listing(
    name="distributions", title=_("Nhật ký phát tài liệu"), model=Distribution,
    rows=lambda user: selectors.distributions_for(user), filterset=DistributionFilters, table=DistributionTable,
    ordering=("-distributed_on",), filename="phat-tai-lieu", page="outreach:manage_distributions",
    export="outreach:manage_distribution_export", opens=t.viewers_of(Distribution),
    default_columns=("distributed_on", "document", "recipient", "unit", "copies", "channel", "recorded_by"),
))


# --- the portal: news and the library (what a visitor reads) -----------------------------------------------

class NewsFilters(t.FilterSet):
    q = t.SearchFilter(label=_("Tìm bài viết"))
    category = t.choice("category", Category.choices, _("Chuyên mục"))
    tag = t.django_filters.CharFilter(field_name="tags__slug", label=_("Thẻ (đường dẫn)"), max_length=100)


class NewsTable(t.Table):
    title = t.NameColumn(_("Tiêu đề"), kind="name", linkify=lambda record: record.get_absolute_url())
    category = t.Column(_("Chuyên mục"))
    author_name = t.Column(_("Tác giả"))
    publish_at = t.DateColumn(_("Thời điểm đăng"), kind="datetime")
    view_count = t.IntegerColumn(_("Lượt xem"))
    summary = t.Column(_("Tóm tắt"), orderable=False)


NEWS = t.register(t.Listing(
    name="news", title=_("Tin tức"), model=Article,
    rows=lambda user: selectors.published_articles().defer("body", "search_text").prefetch_related("tags"),
    filterset=NewsFilters, table=NewsTable, ordering=("-publish_at",), filename="tin-tuc",
    page="outreach:article_list", page_size=10, extra={"public": True, "same_for_all": True},
))


class LibraryFilters(t.FilterSet):
    q = t.SearchFilter(label=_("Tìm tài liệu"))
    kind = t.choice("kind", DocumentKind.choices, _("Loại"))


class LibraryTable(t.Table):
    title = t.NameColumn(_("Tài liệu"), kind="name", linkify=lambda record: reverse(
        "outreach:document_download", args=[record.pk]))
    kind = t.Column(_("Loại"))
    publisher = t.Column(_("Cơ quan phát hành"), accessor="publisher__name", kind="name")
    issued_on = t.DateColumn(_("Ngày ban hành"))
    file_type = t.Column(_("Định dạng"))
    file_size = t.IntegerColumn(_("Dung lượng (byte)"))
    download_count = t.IntegerColumn(_("Lượt tải"))


LIBRARY = t.register(t.Listing(
    name="library", title=_("Thư viện tài liệu"), model=Document, rows=selectors.library_documents,
    filterset=LibraryFilters, table=LibraryTable, ordering=("-issued_on",), filename="tai-lieu",
    page="outreach:document_list", page_size=20, extra={"public": True},
))
