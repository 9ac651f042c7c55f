"""Public portal pages and the back office of the outreach app (thin: parse, authorise, call, render)."""

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sxsh.core import captchas
from sxsh.core.audit import history_for
from sxsh.core.downloads import file_response, stored_file_response
from sxsh.core.ids import parse_id
from sxsh.core.pagecache import public_page
from sxsh.core.ratelimit import RateLimit, client_ip, fingerprint
from sxsh.core.scoping import allows
from sxsh.core.tables import bulk_response, export_view, render_page
from sxsh.core.tabular import write_xlsx

from . import exports, selectors, services
from .forms import EDITOR_LABELS, ArticleForm, CommentForm, DistributionForm, DocumentForm, HideForm, ReplyForm
from .models import (
    CATEGORY_SLUGS,
    SLUG_CATEGORIES,
    Article,
    ArticleStatus,
    Category,
    Comment,
    CommentStatus,
    Distribution,
    Document,
    DocumentAccess,
    Tag,
)
from .tables import ARTICLES, COMMENTS, DISTRIBUTIONS, DOCUMENTS, LIBRARY, NEWS

BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|curl|wget|python-requests|python-urllib|httpx|aiohttp|go-http-client|java/|"
    r"libwww|scrapy|headless|phantomjs|facebookexternalhit|embedly|preview|monitor|uptime|pingdom|lighthouse",
    re.IGNORECASE,
)


#: Counted views per address (all articles): rotating the User-Agent makes a new "reader" each time.
VIEW_RATE = RateLimit("sxsh:outreach:views", setting="SXSH_VIEW_RATE", default=(60, 3600))
COMMENT_RATE = RateLimit("sxsh:outreach:comments", setting="SXSH_COMMENT_RATE", default=(5, 600))


def _reader(request: HttpRequest, *parts: str) -> str:
    """A one-way hash that identifies a reader without storing their address."""
    return fingerprint(client_ip(request), *parts)


def is_bot(request: HttpRequest) -> bool:
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(BOT_AGENTS.search(agent))


def _view_reader(request: HttpRequest) -> tuple[str, Any]:
    today = timezone.localdate()
    return _reader(request, request.headers.get("User-Agent", ""), today.isoformat()), today


# --- public: articles --------------------------------------------------------------------------------------


def _news_page(request: HttpRequest, heading: str, fixed: dict[str, str] | None = None,
               extra: dict[str, Any] | None = None) -> HttpResponse:
    """The news listing (``tables.NEWS``); ``fixed`` filters come from the address (a category, a tag)."""
    if fixed:
        params = request.GET.copy()
        for key, value in fixed.items():
            params[key] = value  # the address's filter wins over a query parameter of the same name
        request.GET = params  # type: ignore[assignment]  # the listing reads the query string of the request
    return render_page(request, NEWS, "outreach/article_list.html", {
        "heading": heading, "fixed": set(fixed or ()), "news_sorts": [
            ("", _("Mới nhất")), ("-view_count", _("Xem nhiều nhất")), ("title", _("Theo tiêu đề"))],
        "categories": [(CATEGORY_SLUGS[c], c.label) for c in Category], **(extra or {}),
    })


@public_page
def article_list(request: HttpRequest) -> HttpResponse:
    return _news_page(request, _("Tin tức"))


@public_page
def category(request: HttpRequest, slug: str) -> HttpResponse:
    value = SLUG_CATEGORIES.get(slug)  # type: ignore[call-overload]
    if value is None:
        raise Http404
    return _news_page(request, str(Category(value).label), {"category": value}, {"current_category": slug})


@public_page
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        the_tag = selectors.tag_by_slug(slug)
    except Tag.DoesNotExist:
        raise Http404 from None
    return _news_page(request, _("Thẻ: %(name)s") % {"name": the_tag.name}, {"tag": the_tag.slug})


def search(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:200]
    if not q:
        return render(request, "outreach/search.html", {"q": q})
    documents = LIBRARY.select(request, {"q": q}).queryset[:10]
    return _news_page(request, _("Kết quả tìm kiếm: “%(q)s”") % {"q": q},
                      extra={"documents": documents, "is_search": True})


# The article page is read by thousands and written by few. A plain GET renders no CAPTCHA (rendering one
# inserts a row) and counts no view, so the page is the same for every visitor without a session and goes
# through the public page cache. The CAPTCHA comes with the lazy fragment (``article_captcha``, loaded by htmx
# when the reader starts writing, or the page itself with ``?ma-xac-nhan=1`` without JavaScript); the view
# is counted by a beacon (``article_seen``). The form's signed time-and-nonce token must differ per
# visitor, so the cached page holds a slot that ``core.pagecache`` fills on every response.

CAPTCHA_PARAMS = ("ma-xac-nhan", "ma-moi")


def _public_article_or_404(slug: str) -> Article:
    try:
        return selectors.public_article(slug)
    except Article.DoesNotExist:
        raise Http404 from None


@public_page
def _article_page(request: HttpRequest, slug: str) -> HttpResponse:
    article = _public_article_or_404(slug)
    return _render_article(request, article, CommentForm(token_slot=True), lazy_captcha=True)


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        return _post_comment(request, _public_article_or_404(slug))
    if any(p in request.GET for p in CAPTCHA_PARAMS):  # no JavaScript: the page with the CAPTCHA, never cached
        article = _public_article_or_404(slug)
        if not captchas.allow_new(request):
            return captchas.refused()
        return _render_article(request, article, CommentForm())
    return _article_page(request, slug)


@require_GET
def article_cover(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The cover image, served through the article's visibility (no open /media/ route)."""
    article = selectors.article_cover(request.user, slug)
    if article is None:
        raise Http404
    return stored_file_response(article.cover, inline=True)


@require_GET
def article_image(request: HttpRequest, key: str) -> HttpResponseBase:
    """An image inside an article body, seen as its article is (no open /media/ route)."""
    image = selectors.article_image(request.user, key)
    if image is None:
        raise Http404
    return stored_file_response(image.image, inline=True)


@require_GET
def article_captcha(request: HttpRequest, slug: str) -> HttpResponse:
    """The CAPTCHA field of the comment form (an htmx fragment swapped in when the reader starts writing)."""
    if not selectors.public_article_exists(slug):
        raise Http404
    if not captchas.allow_new(request):
        return captchas.refused()
    response = render(request, "outreach/_comment_captcha.html", {"form": CommentForm()})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def article_seen(request: HttpRequest, slug: str) -> HttpResponse:
    """The view-count beacon: htmx posts it when the page loads (a ``<noscript>`` image GETs it without JS).

    Once per reader (address + browser) per article and day, and at most ``SXSH_VIEW_RATE`` counted views per
    address (so rotating the browser string cannot inflate counts); bots and cross-site image requests are
    not counted.
    """
    counts = not is_bot(request) and (
        request.method == "POST" or request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"
    )
    reader, today = _view_reader(request)
    # Usually the reader was already counted today (reloads, back and forth): one cache read and done.
    if not (counts and selectors.view_counted(slug, today, reader)):
        article_id = selectors.public_article_id(slug)
        if article_id is None:
            raise Http404
        if counts and not VIEW_RATE.exceeded(ip := client_ip(request)) and services.record_view(
                article_id=article_id, slug=slug, reader=reader, day=today):
            VIEW_RATE.hit(ip)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def _render_article(request: HttpRequest, article: Article, form: CommentForm, status: int = 200,
                    lazy_captcha: bool = False) -> HttpResponse:
    return render(request, "outreach/article_detail.html", {
        "article": article,
        "tags": list(article.tags.all()),
        "comments": list(selectors.approved_comments(article)),
        "newest": selectors.newest_articles(5, exclude=article),
        "older": selectors.older_articles(article, 10),
        "form": form,
        "lazy_captcha": lazy_captcha,
        "category_slug": article.category_slug,
        "comment_sent": request.method == "GET" and request.GET.get("da-gui") == "1",
    }, status=status)


def _post_comment(request: HttpRequest, article: Article) -> HttpResponse:
    form = CommentForm(request.POST)
    anchor = article.get_absolute_url() + "?da-gui=1#binh-luan"
    ip = client_ip(request)
    if COMMENT_RATE.exceeded(ip):
        form.is_valid()
        form.add_error(None, _("Bạn đã gửi quá nhiều bình luận trong thời gian ngắn. Vui lòng thử lại sau ít phút."))
        return _render_article(request, article, form, status=429)
    if form.is_spam:
        COMMENT_RATE.hit(ip)  # silently dropped: the bot learns nothing
        return redirect(anchor)
    if not form.is_valid():
        form.refresh_token_if_expired()
        if not captchas.allow_new(request):  # the page shown again renders a new CAPTCHA
            return captchas.refused()
        return _render_article(request, article, form)
    services.submit_comment(
        acting_user=request.user, article=article, data=form.cleaned_data, reader=_reader(request),
        submission_key=form.nonce or None,
    )
    COMMENT_RATE.hit(ip)
    return redirect(anchor)


# --- public: documents -------------------------------------------------------------------------------------


def document_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, LIBRARY, "outreach/document_list.html", {"fixed": set(), "library_sorts": [
        ("", _("Mới ban hành")), ("-download_count", _("Tải nhiều nhất")), ("title", _("Theo tên"))]})


def document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = selectors.library_documents(request.user).filter(pk=pk).first()
    if document is None:
        if not request.user.is_authenticated and Document.objects.unscoped(
            "a visitor asking for a signed-in document is sent to log in").filter(
            pk=pk, access=DocumentAccess.LOGGED_IN
        ).exists():
            return redirect_to_login(request.get_full_path())
        raise Http404
    response = stored_file_response(document.file, filename=document.download_name())
    services.record_download(document=document)
    response["Cache-Control"] = "private, no-store" if document.access != DocumentAccess.PUBLIC else "public, max-age=300"
    return response


# --- back office: articles ---------------------------------------------------------------------------------


def _need(request: HttpRequest, model: type, action: str) -> None:
    if not allows(request.user, model, action):
        raise Http404


def _back(request: HttpRequest, name: str) -> str:
    """The list page with the filters it was on (the bulk form posts to an address carrying them)."""
    query = request.GET.urlencode()
    return reverse(name) + (f"?{query}" if query else "")


@login_required
def manage_articles(request: HttpRequest) -> HttpResponse:
    return render_page(request, ARTICLES, "outreach/manage_articles.html",
                       {"can_add": allows(request.user, Article, "add")},
                       bulk_url=_back(request, "outreach:manage_article_bulk"))


@login_required
def manage_article_bulk(request: HttpRequest) -> HttpResponse:
    """Publish several articles, or take them back to draft: one audited status change per article."""
    return bulk_response(request, ARTICLES, _back(request, "outreach:manage_articles"))


manage_article_export = export_view(ARTICLES)


@login_required
def manage_article_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        _need(request, Article, "add")
        article = Article()
    else:
        article = get_object_or_404(selectors.articles_for(request.user, action="change"), pk=pk)
    form = ArticleForm(request.POST or None, request.FILES or None, instance=article, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_article(acting_user=request.user, article=article, data=form.model_data(),
                                          tags=form.tag_list())
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            form.add_error(None, _("Bạn không có quyền đăng bài cho đơn vị này."))
        else:
            messages.success(request, _("Đã lưu bài viết “%(t)s”.") % {"t": saved.title})
            return redirect("outreach:manage_article_edit", pk=saved.pk)
    return render(request, "outreach/manage_article_form.html", {
        "form": form, "article": article if article.pk else None, "editor_labels": EDITOR_LABELS,
        "audit": history_for(article)[:20] if article.pk else [],
        "transitions": _transitions(article) if article.pk else [],
    })


@login_required
@require_POST
def manage_article_image(request: HttpRequest) -> JsonResponse:
    """The editor's image upload: ``image`` (PNG/JPEG) for the unit ``unit`` (the article's); answers the
    image's address, or a Vietnamese error."""
    _need(request, Article, "add")
    unit_id = parse_id(request.POST.get("unit")) or getattr(request.user, "unit_id", None)
    unit = selectors.units_for_articles(request.user).filter(pk=unit_id).first() if unit_id else None
    upload = request.FILES.get("image")
    if unit is None:
        return JsonResponse({"error": _("Hãy chọn đơn vị đăng bài trước khi chèn ảnh.")}, status=400)
    if upload is None:
        return JsonResponse({"error": _("Chưa chọn tệp ảnh.")}, status=400)
    try:
        image = services.upload_article_image(acting_user=request.user, unit=unit, upload=upload)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    return JsonResponse({"url": image.get_absolute_url()}, status=201)


def _transitions(article: Article) -> list[tuple[str, str]]:
    labels = {
        ArticleStatus.DRAFT: _("Chuyển về nháp"),
        ArticleStatus.IN_REVIEW: _("Gửi duyệt"),
        ArticleStatus.PUBLISHED: _("Xuất bản"),
    }
    allowed = services.TRANSITIONS.get(ArticleStatus(article.status), set())
    return [(s.value, str(labels[s])) for s in ArticleStatus if s in allowed]


@login_required
@require_POST
def manage_article_status(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(selectors.articles_for(request.user, action="change"), pk=pk)
    try:
        article = services.change_article_status(acting_user=request.user, article=article,
                                                 status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if article.status == ArticleStatus.PUBLISHED and article.publish_at and article.publish_at > timezone.now():
            messages.success(request, _("Đã hẹn giờ đăng lúc %(t)s.") % {
                "t": timezone.localtime(article.publish_at).strftime("%H:%M %d/%m/%Y")})
        else:
            messages.success(request, _("Trạng thái mới: %(s)s.") % {"s": article.get_status_display()})
    back = request.POST.get("next") or ""
    if back != reverse("outreach:manage_articles"):
        back = reverse("outreach:manage_article_edit", args=[article.pk])
    return redirect(back)


# --- back office: moderation -------------------------------------------------------------------------------


@login_required
def manage_comments(request: HttpRequest) -> HttpResponse:
    return render_page(request, COMMENTS, "outreach/manage_comments.html", {
        "pending": selectors.pending_comment_count(request.user),
    }, bulk_url=_back(request, "outreach:manage_comment_bulk"))


manage_comment_export = export_view(COMMENTS)


@login_required
def manage_comment_bulk(request: HttpRequest) -> HttpResponse:
    """Approve or hide the ticked comments (hiding with one reason for all): one audited call per comment."""
    return bulk_response(request, COMMENTS, _back(request, "outreach:manage_comments"))


@login_required
def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment and what a moderator may do with it (approve, hide, reply, erase the commenter's data)."""
    comment = get_object_or_404(selectors.comments_for(request.user), pk=pk)
    return render(request, "outreach/comment_detail.html", {
        "c": comment, "can_moderate": allows(request.user, Comment, "change"),
        "audit": history_for(comment)[:20],
    })


MODERATION_ACTIONS = ("duyet", "an", "tra-loi", "xoa-thong-tin")


@login_required
@require_POST
def moderate_comment(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in MODERATION_ACTIONS:
        raise Http404
    comment = get_object_or_404(selectors.comments_for(request.user, action="change"), pk=pk)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not back.startswith(reverse("outreach:manage_comments")):
        back = reverse("outreach:manage_comments")
    try:
        if action == "duyet":
            services.approve_comment(acting_user=request.user, comment=comment)
            messages.success(request, _("Đã duyệt bình luận “%(t)s”.") % {"t": comment.title})
        elif action == "an":
            form = HideForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Cần nêu lý do ẩn bình luận."))
            services.hide_comment(acting_user=request.user, comment=comment, reason=form.cleaned_data["reason"])
            messages.success(request, _("Đã ẩn bình luận “%(t)s”.") % {"t": comment.title})
        elif action == "tra-loi":
            reply_form = ReplyForm(request.POST)
            if not reply_form.is_valid():
                raise ValidationError(_("Nội dung trả lời không được để trống."))
            services.reply_to_comment(acting_user=request.user, comment=comment,
                                      reply=reply_form.cleaned_data["reply"])
            if comment.status == CommentStatus.APPROVED:
                messages.success(request, _("Đã đăng trả lời của cơ quan quản lý."))
            else:
                messages.success(request, _("Đã lưu trả lời; trả lời được đăng khi bình luận được duyệt."))
        else:
            services.erase_commenter(acting_user=request.user, comment=comment)
            messages.success(request, _("Đã xóa họ tên và số điện thoại của người bình luận."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(back)


# --- back office: documents --------------------------------------------------------------------------------


@login_required
def manage_documents(request: HttpRequest) -> HttpResponse:
    return render_page(request, DOCUMENTS, "outreach/manage_documents.html",
                       {"can_add": allows(request.user, Document, "add")})


manage_document_export = export_view(DOCUMENTS)


@login_required
def manage_document_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        _need(request, Document, "add")
        document = Document()
    else:
        document = get_object_or_404(selectors.documents_for(request.user, action="change"), pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_document(acting_user=request.user, document=document, data=form.model_data(),
                                           upload=form.cleaned_data.get("upload"), file_type=form.file_type)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            form.add_error(None, _("Bạn không có quyền với đơn vị này."))
        else:
            messages.success(request, _("Đã lưu tài liệu “%(t)s”.") % {"t": saved.title})
            return redirect("outreach:manage_documents")
    return render(request, "outreach/manage_document_form.html", {
        "form": form, "document": document if document.pk else None,
        "audit": history_for(document)[:20] if document.pk else [],
    })


# --- back office: distribution log -------------------------------------------------------------------------


@login_required
def manage_distributions(request: HttpRequest) -> HttpResponse:
    return render_page(request, DISTRIBUTIONS, "outreach/manage_distributions.html", {
        "can_add": allows(request.user, Distribution, "add"),
        "totals": selectors.distribution_totals(DISTRIBUTIONS.select(request, request.GET).queryset),
    })


manage_distribution_export = export_view(DISTRIBUTIONS)


@login_required
def manage_distribution_form(request: HttpRequest) -> HttpResponse:
    _need(request, Distribution, "add")
    initial: dict[str, Any] = {"distributed_on": timezone.localdate()}
    if document := parse_id(request.GET.get("document")):
        initial["document"] = document
    form = DistributionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_distribution(acting_user=request.user, data=form.model_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            form.add_error(None, _("Nơi nhận hoặc tài liệu nằm ngoài địa bàn bạn phụ trách."))
        else:
            messages.success(request, _("Đã ghi nhận lượt phát tài liệu."))
            return redirect("outreach:manage_distributions")
    return render(request, "outreach/manage_distribution_form.html", {"form": form})


@login_required
def export_distribution_totals(request: HttpRequest) -> HttpResponse:
    """The totals of the filtered log by ward and by sector (XLSX), beside the log's own export."""
    _need(request, Distribution, "view")
    totals = selectors.distribution_totals(DISTRIBUTIONS.select(request, request.GET).queryset)
    body = write_xlsx([
        (_("Theo địa bàn"), exports.ward_headers(), exports.ward_rows(totals)),
        (_("Theo ngành"), exports.sector_headers(), exports.sector_rows(totals)),
    ])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return file_response(body, f"phat-tai-lieu-tong-hop-{stamp}.xlsx")
