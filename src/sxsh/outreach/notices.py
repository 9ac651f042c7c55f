"""What the comments tell people: the moderators of a new comment, the commenter of a published reply."""

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from sxsh.core.roles import STAFF_ROLES
from sxsh.notifications.models import Kind
from sxsh.notifications.services import Message, Recipient, notify

from .models import Comment


def moderators_of(comment: Comment) -> list[Any]:
    """The active officers who may moderate the comment, of the level nearest to its article's unit: a
    commune's article tells its commune's officers, a district's its district's, and the Department only
    when no officer below it may moderate (a province's article, a commune without officers)."""
    able = [u for u in get_user_model().objects.filter(is_active=True, role__in=STAFF_ROLES).select_related("unit")
            if Comment.objects.restrict(u, "change").filter(pk=comment.pk).exists()]
    depth = max((u.scope_path.count("/") for u in able), default=0)
    return [u for u in able if u.scope_path.count("/") == depth]


def comment_pending(comment: Comment, *, acting_user: Any) -> None:
    notify(kind=Kind.COMMENT_PENDING, recipients=[Recipient(user=u) for u in moderators_of(comment)], obj=comment,
           acting_user=acting_user, build=lambda r: Message(
               subject=_("Bình luận chờ kiểm duyệt: %(title)s") % {"title": comment.title},
               lines=[_("%(name)s vừa gửi bình luận “%(title)s” cho bài “%(article)s”.")
                      % {"name": comment.name, "title": comment.title, "article": comment.article.title}],
               url=reverse("outreach:manage_comments") + "?status=pending",
               link_label=_("Mở danh sách bình luận chờ duyệt")))


def reply_published(comment: Comment, *, acting_user: Any) -> None:
    """The commenter (when they left an e-mail address) is told that the answer is on the page."""
    if not comment.email:
        return
    url = comment.article.get_absolute_url() + f"#binh-luan-{comment.pk}"
    notify(kind=Kind.REPLY_PUBLISHED, recipients=[Recipient(email=comment.email, name=comment.name)], obj=comment,
           acting_user=acting_user, build=lambda r: Message(
               subject=_("Bình luận của bạn đã được trả lời: %(title)s") % {"title": comment.title},
               lines=[_("Bình luận “%(title)s” của bạn về bài “%(article)s” đã có trả lời:")
                      % {"title": comment.title, "article": comment.article.title}, comment.reply],
               url=url, link_label=_("Xem trả lời trên trang")))
