from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sxsh.core.menu import MenuItem
from sxsh.core.roles import STAFF_ROLES
from sxsh.core.todo import Todo


def _pending(user: Any) -> int:
    from .selectors import pending_comment_count

    return pending_comment_count(user)


def _latest(user: Any) -> dict[str, Any]:
    from .selectors import home_latest

    return {"articles": home_latest(4)}


ITEMS = [
    MenuItem(_("Tin tức"), "outreach:article_list", public=True, order=20),
    MenuItem(_("Tài liệu"), "outreach:document_list", public=True, order=21),
    MenuItem(_("Bài viết"), "outreach:manage_articles", roles=STAFF_ROLES, order=40),
    MenuItem(_("Bình luận"), "outreach:manage_comments", roles=STAFF_ROLES, order=41, badge=_pending),
    MenuItem(_("Thư viện tài liệu"), "outreach:manage_documents", roles=STAFF_ROLES, order=42),
    MenuItem(_("Phát tài liệu"), "outreach:manage_distributions", roles=STAFF_ROLES, order=43),
]

HOME_SECTIONS = [(20, "outreach/home_latest.html", _latest)]


def _pending_comments(user: Any) -> Any:
    from .models import CommentStatus
    from .selectors import comments_for

    return comments_for(user, status=CommentStatus.PENDING, action="change").order_by("created_at", "pk")


def _comments_url(user: Any, first: Any) -> str:
    return reverse("outreach:manage_comments") + "?status=pending"


TODO = [Todo(_("Bình luận chờ kiểm duyệt"), rows=_pending_comments, url=_comments_url, roles=STAFF_ROLES, order=20, admin=False,
             link=lambda c: reverse("outreach:comment_detail", args=[c.pk]), label=lambda c: f"{c.title} – {c.article.title}")]
