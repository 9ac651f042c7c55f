"""A comment waits on the moderator's to-do home until it is moderated."""

from typing import Any

from sxsh.core.todo import todo_for
from sxsh.outreach import services
from sxsh.outreach.models import Article, Comment, CommentStatus


def test_a_comment_waits_for_the_moderator_until_approved(users: Any, client_for: Any, article: Article) -> None:
    comment = Comment.objects.create(article=article, name="An", title="Xin lịch tập huấn", body="…",
                                     status=CommentStatus.PENDING)
    client = client_for(users["district"])

    (waiting,) = [w for w in todo_for(users["district"]) if w.title == "Bình luận chờ kiểm duyệt"]
    assert waiting.count == 1 and waiting.items == [(f"Xin lịch tập huấn – {article.title}",
                                                     f"/quan-ly/binh-luan/{comment.pk}/")]
    listing = client.get(waiting.url).content.decode()
    assert f'<tr data-pk="{comment.pk}">' in listing  # the filtered list shows it
    assert f'id="c{comment.pk}"' in client.get(waiting.items[0][1]).content.decode()  # the item opens it

    services.approve_comment(acting_user=users["district"], comment=comment)
    (waiting,) = [w for w in todo_for(users["district"]) if w.title == "Bình luận chờ kiểm duyệt"]
    assert waiting.count == 0 and waiting.items == []
    assert 'data-count="0"' in client.get("/bang-dieu-khien/").content.decode()
