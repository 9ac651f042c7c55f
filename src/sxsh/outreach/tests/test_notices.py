"""A new comment tells its moderators; a published reply tells the commenter who left an address (real SMTP)."""

from collections.abc import Callable
from typing import Any

from django.test import Client

from sxsh.core.models import AuditLog
from sxsh.notifications.models import Kind, Notification
from sxsh.outreach import services
from sxsh.outreach.models import Article, Comment
from sxsh.outreach.tests.test_comments import post


def test_moderators_are_told_of_a_new_comment(client: Client, article: Article, users: Any, make_user: Any,
                                              comment_data: Callable[..., dict[str, str]], smtp_inbox: Any,
                                              hang_dao: Any) -> None:
    users["district"].email = "quan@example.com"
    users["district"].save()
    make_user("ward", email="phuong@example.com")  # a ward officer does not moderate
    post(client, article, comment_data())

    (mail,) = smtp_inbox.messages
    assert mail["To"] == "quan@example.com"
    text, html = smtp_inbox.parts(mail)
    assert smtp_inbox.subject(mail) == "Bình luận chờ kiểm duyệt: Đăng ký tập huấn"
    assert "Nguyễn Văn An" in text and "/quan-ly/binh-luan/?status=pending" in text
    assert "0912" not in text + html  # the phone is never sent around
    notice = Notification.objects.get(recipient=users["district"])
    assert notice.kind == Kind.COMMENT_PENDING


def test_the_commenter_is_told_of_the_reply(client: Client, article: Article, users: Any, smtp_inbox: Any,
                                            comment_data: Callable[..., dict[str, str]]) -> None:
    post(client, article, comment_data(email="an@example.com"))
    comment = Comment.objects.get()
    assert comment.email == "an@example.com"
    services.reply_to_comment(acting_user=users["district"], comment=comment, reply="Mời anh đăng ký tại phường.")
    assert smtp_inbox.to("an@example.com") == []  # the comment still waits: nothing is published yet
    comment.refresh_from_db()
    assert comment.status == "pending" and comment.reply == "Mời anh đăng ký tại phường."
    assert "Mời anh đăng ký tại phường." not in client.get(article.get_absolute_url()).content.decode()
    services.approve_comment(acting_user=users["district"], comment=comment)

    (mail,) = smtp_inbox.to("an@example.com")
    text, _html = smtp_inbox.parts(mail)
    assert "Mời anh đăng ký tại phường." in text and f"#binh-luan-{comment.pk}" in text
    page = client.get(article.get_absolute_url()).content.decode()
    assert "an@example.com" not in page  # the address is never shown
    assert "an@example.com" not in str(AuditLog.objects.filter(action__startswith="notifications.").values_list(
        "after", flat=True))


def test_erasing_the_commenter_erases_the_address(article: Article, users: Any, client: Client,
                                                  comment_data: Callable[..., dict[str, str]]) -> None:
    post(client, article, comment_data(email="an@example.com"))
    comment = services.erase_commenter(acting_user=users["district"], comment=Comment.objects.get())
    assert comment.email == ""
