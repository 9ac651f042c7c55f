import time
from collections.abc import Callable
from typing import Any

import pytest
from captcha.models import CaptchaStore
from django.test import Client
from django.urls import reverse

from sxsh.core.formguard import new_token
from sxsh.core.models import AuditLog
from sxsh.outreach.models import Article, Comment, CommentStatus

pytestmark = pytest.mark.django_db

PENDING = "Bình luận của bạn đang chờ kiểm duyệt"


def post(client: Client, article: Article, data: dict[str, str], **extra: Any) -> Any:
    return client.post(article.get_absolute_url(), data, follow=True, **extra)


def test_comment_is_held_for_moderation_and_phone_never_shown(
    client: Client, article: Article, comment_data: Callable[..., dict[str, str]]
) -> None:
    response = post(client, article, comment_data())
    page = response.content.decode()
    assert PENDING in page
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.phone == "0912 345 678"
    assert "Đăng ký tập huấn" not in page.split("Viết bình luận")[0]  # not public while pending
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.APPROVED)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Đăng ký tập huấn" in page and "Nguyễn Văn An" in page
    assert "0912 345 678" not in page and "0912345678" not in page
    assert "0912" not in client.get("/api/outreach/articles/" + article.slug).content.decode()
    entry = AuditLog.objects.get(action="outreach.comment.submitted")
    assert "phone" not in (entry.after or {})


def test_honeypot_discards_silently(client: Client, article: Article,
                                    comment_data: Callable[..., dict[str, str]]) -> None:
    response = post(client, article, comment_data(website="http://spam.example"))
    assert PENDING in response.content.decode()
    assert not Comment.objects.exists()


def test_minimum_fill_time(client: Client, article: Article, comment_data: Callable[..., dict[str, str]],
                           settings: Any) -> None:
    settings.SXSH_FORM_MIN_SECONDS = 3
    response = post(client, article, comment_data(started=new_token()))
    page = response.content.decode()
    assert "Bạn gửi quá nhanh" in page
    assert not Comment.objects.exists()
    assert "Xin hướng dẫn thủ tục đăng ký lớp tập huấn." in page  # typed text kept
    response = post(client, article, comment_data(started=new_token(at=time.time() - 5)))
    assert PENDING in response.content.decode()
    assert Comment.objects.count() == 1


def test_forged_or_missing_timestamp_is_refused(client: Client, article: Article,
                                                comment_data: Callable[..., dict[str, str]]) -> None:
    page = post(client, article, comment_data(started="forged")).content.decode()
    assert "Biểu mẫu đã hết hạn" in page
    assert not Comment.objects.exists()


def test_rate_limit_per_ip(client: Client, article: Article, comment_data: Callable[..., dict[str, str]]) -> None:
    for i in range(5):
        post(client, article, comment_data(title=f"Bình luận {i}"))
    assert Comment.objects.count() == 5
    response = client.post(article.get_absolute_url(), comment_data(title="Thứ sáu"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "Bạn đã gửi quá nhiều bình luận" in page and "Thứ sáu" in page
    assert Comment.objects.count() == 5
    other = post(client, article, comment_data(title="Từ máy khác"), REMOTE_ADDR="10.1.1.1")
    assert PENDING in other.content.decode()


def test_wrong_captcha_is_refused_and_typed_text_kept(client: Client, article: Article,
                                                      comment_data: Callable[..., dict[str, str]]) -> None:
    key = CaptchaStore.generate_key()
    response = client.post(article.get_absolute_url(), comment_data(captcha_0=key, captcha_1="SAI-MA"))
    page = response.content.decode()
    assert "Mã xác nhận không đúng" in page
    assert not Comment.objects.exists()
    for typed in ("Nguyễn Văn An", "0912 345 678", "Đăng ký tập huấn", "Xin hướng dẫn thủ tục đăng ký lớp tập huấn."):
        assert typed in page
    # the used key cannot be tried again: a fresh one is on the re-rendered form
    assert not CaptchaStore.objects.filter(hashkey=key).exists()
    assert 'name="captcha_0"' in page and key not in page


def test_required_fields_and_bad_input(client: Client, article: Article,
                                       comment_data: Callable[..., dict[str, str]]) -> None:
    page = client.post(article.get_absolute_url(), comment_data(name="", title="", body="")).content.decode()
    assert page.count("has-error") >= 3
    page = client.post(article.get_absolute_url(), comment_data(phone="abc123")).content.decode()
    assert "Số điện thoại không hợp lệ" in page
    page = client.post(article.get_absolute_url(), comment_data(body="x" * 100_000)).content.decode()
    assert "5000" in page.replace(".", "")
    assert not Comment.objects.exists()


def test_html_is_escaped_and_links_are_not_clickable(client: Client, article: Article,
                                                     comment_data: Callable[..., dict[str, str]]) -> None:
    post(client, article, comment_data(
        name="Kẻ xấu", title="<script>alert('t')</script><b>đậm</b>",
        body='Xem http://lua-dao.example <a href="http://lua-dao.example">đây</a> <img src=x onerror=alert(1)>',
    ))
    Comment.objects.update(status=CommentStatus.APPROVED)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert('t')</script>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;đậm&lt;/b&gt;" in page
    assert 'href="http://lua-dao.example"' not in page
    assert "<img src=x" not in page


def test_same_form_sent_twice_creates_one_comment(client: Client, article: Article,
                                                  comment_data: Callable[..., dict[str, str]]) -> None:
    data = comment_data()
    post(client, article, data)
    post(client, article, data)
    assert Comment.objects.count() == 1


def test_comments_on_unpublished_article_refused(client: Client, make_article: Callable[..., Article],
                                                 comment_data: Callable[..., dict[str, str]]) -> None:
    draft = make_article("Nháp", status="draft")
    assert client.post(draft.get_absolute_url(), comment_data()).status_code == 404
    assert not Comment.objects.exists()


@pytest.fixture
def pending(article: Article) -> Comment:
    return Comment.objects.create(article=article, name="Trần Bình", phone="0987654321", title="Hỏi về cẩm nang",
                                  body="Có bản điện tử không?")


def test_moderation_queue_approve_hide_reply(users: Any, client_for: Callable[..., Client], article: Article,
                                            pending: Comment) -> None:
    officer = client_for(users["district"])
    queue = officer.get(reverse("outreach:manage_comments")).content.decode()
    assert "Hỏi về cẩm nang" in queue and "0987654321" in queue  # officers see the phone
    assert '<span class="badge">1</span>' in queue

    officer.post(reverse("outreach:moderate_comment", args=[pending.pk, "an"]), {"reason": ""})
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING  # a reason is required
    officer.post(reverse("outreach:moderate_comment", args=[pending.pk, "an"]), {"reason": "Trùng lặp"})
    pending.refresh_from_db()
    assert pending.status == CommentStatus.HIDDEN and pending.hidden_reason == "Trùng lặp"
    assert Comment.objects.filter(pk=pending.pk).exists()  # hidden, never deleted
    assert "Hỏi về cẩm nang" not in Client().get(article.get_absolute_url()).content.decode()

    officer.post(reverse("outreach:moderate_comment", args=[pending.pk, "duyet"]))
    pending.refresh_from_db()
    assert pending.status == CommentStatus.APPROVED and pending.moderated_by == users["district"]
    officer.post(reverse("outreach:moderate_comment", args=[pending.pk, "tra-loi"]),
                 {"reply": "Cẩm nang có trong mục Tài liệu."})
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Hỏi về cẩm nang" in page and "Trả lời của cơ quan quản lý" in page and "Cẩm nang có trong mục Tài liệu." in page
    actions = list(AuditLog.objects.filter(object_id=str(pending.pk), action__startswith="outreach.comment.")
                   .values_list("action", flat=True))
    assert {"outreach.comment.hidden", "outreach.comment.approved", "outreach.comment.replied"} <= set(actions)


def test_erase_personal_data(users: Any, client_for: Callable[..., Client], pending: Comment) -> None:
    """The officer's action erases name and phone, masks the name in the comment's earlier audit records,
    and is itself audited without the erased values."""
    officer = client_for(users["district"])
    officer.post(reverse("outreach:moderate_comment", args=[pending.pk, "duyet"]))  # an earlier record with the name
    assert AuditLog.objects.filter(object_id=str(pending.pk), after__name="Trần Bình").exists()
    officer.post(reverse("outreach:moderate_comment", args=[pending.pk, "xoa-thong-tin"]))
    pending.refresh_from_db()
    assert pending.name == "" and pending.phone == ""
    assert pending.title == "Hỏi về cẩm nang"
    entries = AuditLog.objects.filter(object_id=str(pending.pk), action__startswith="outreach.comment.")
    assert "outreach.comment.personal_data_erased" in {e.action for e in entries}
    dumped = " ".join(f"{e.before} {e.after} {e.object_repr}" for e in entries)
    assert "Trần Bình" not in dumped and "0987654321" not in dumped
    assert "'name': '***'" in dumped


def test_moderation_of_the_district_article_is_not_the_ward_officers(users: Any, client_for: Callable[..., Client],
                                                                     pending: Comment) -> None:
    for role in ("ward", "enterprise"):
        c = client_for(users[role])
        assert c.get(reverse("outreach:manage_comments")).status_code == (200 if role == "ward" else 404)
        assert c.post(reverse("outreach:moderate_comment", args=[pending.pk, "duyet"])).status_code == 404
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING


def test_pending_badge_on_back_office_menu(users: Any, client_for: Callable[..., Client], pending: Comment) -> None:
    page = client_for(users["district"]).get(reverse("core:dashboard")).content.decode()
    menu = page.split('class="backoffice-nav"')[1].split("</nav>")[0]
    assert 'Bình luận <span class="badge">1</span>' in menu


def test_reused_captcha_answer_is_refused(client: Client, article: Article,
                                          comment_data: Callable[..., dict[str, str]]) -> None:
    key = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    first = post(client, article, comment_data(captcha_0=key, captcha_1=answer))
    assert PENDING in first.content.decode()
    again = client.post(article.get_absolute_url(), comment_data(captcha_0=key, captcha_1=answer, title="Lần hai"))
    assert "Mã xác nhận không đúng" in again.content.decode()
    assert Comment.objects.count() == 1


def test_expired_captcha_is_refused(client: Client, article: Article,
                                    comment_data: Callable[..., dict[str, str]]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    key = CaptchaStore.generate_key()
    store = CaptchaStore.objects.get(hashkey=key)
    CaptchaStore.objects.filter(pk=store.pk).update(expiration=timezone.now() - timedelta(minutes=1))
    page = client.post(article.get_absolute_url(), comment_data(captcha_0=key, captcha_1=store.response)).content
    assert "Mã xác nhận không đúng hoặc đã hết hạn" in page.decode()
    assert not Comment.objects.exists()


def test_replying_does_not_publish_the_comment(users: Any, client_for: Callable[..., Client], article: Article,
                                               pending: Comment) -> None:
    """A reply is kept with a waiting comment and shown only once the comment is approved."""
    officer = client_for(users["district"])
    response = officer.post(reverse("outreach:moderate_comment", args=[pending.pk, "tra-loi"]),
                            {"reply": "Có, trong mục Tài liệu."}, follow=True)
    assert "trả lời được đăng khi bình luận được duyệt" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING and pending.reply == "Có, trong mục Tài liệu."
    public = Client().get(article.get_absolute_url()).content.decode()
    assert "Hỏi về cẩm nang" not in public and "Có, trong mục Tài liệu." not in public
    assert "chưa đăng: bình luận chưa được duyệt" in officer.get(
        reverse("outreach:comment_detail", args=[pending.pk])).content.decode()
    officer.post(reverse("outreach:moderate_comment", args=[pending.pk, "duyet"]))
    public = Client().get(article.get_absolute_url()).content.decode()
    assert "Hỏi về cẩm nang" in public and "Có, trong mục Tài liệu." in public


@pytest.fixture
def several(article: Article) -> list[Comment]:
    return [Comment.objects.create(article=article, name=f"Người {i}", title=f"Câu hỏi {i}", body="…")
            for i in range(3)]


def test_bulk_approve_and_hide_with_one_reason(users: Any, client_for: Callable[..., Client], article: Article,
                                               several: list[Comment]) -> None:
    """Several comments approved at once, or hidden with one reason: one audited service call per comment."""
    officer = client_for(users["district"])
    bulk = reverse("outreach:manage_comment_bulk")
    queue = officer.get(reverse("outreach:manage_comments"), {"status": "pending"}).content.decode()
    assert all(f'name="pk" value="{c.pk}"' in queue for c in several) and 'name="hide-reason"' in queue

    refused = officer.post(bulk + "?status=pending", {"action": "hide", "pk": [several[0].pk, several[1].pk],
                                                      "hide-reason": ""}, follow=True)
    assert "Chưa thực hiện" in refused.content.decode()  # a reason is required, nothing changed
    assert refused.redirect_chain[-1][0] == reverse("outreach:manage_comments") + "?status=pending"
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.PENDING}

    officer.post(bulk, {"action": "hide", "pk": [several[0].pk, several[1].pk], "hide-reason": "Quảng cáo"})
    hidden = Comment.objects.filter(status=CommentStatus.HIDDEN)
    assert {c.pk for c in hidden} == {several[0].pk, several[1].pk}
    assert {c.hidden_reason for c in hidden} == {"Quảng cáo"}
    officer.post(bulk, {"action": "approve", "pk": [c.pk for c in several]})
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.APPROVED}
    entries = AuditLog.objects.filter(action__in=["outreach.comment.hidden", "outreach.comment.approved"])
    assert sorted(entries.values_list("action", flat=True)) == ["outreach.comment.approved"] * 3 + [
        "outreach.comment.hidden"] * 2  # one record per comment and action


def test_bulk_moderation_outside_scope_is_404(users: Any, client_for: Callable[..., Client],
                                              several: list[Comment]) -> None:
    for role in ("ward", "enterprise"):
        response = client_for(users[role]).post(reverse("outreach:manage_comment_bulk"),
                                                {"action": "approve", "pk": [several[0].pk]})
        assert response.status_code == 404, role
    assert client_for(users["ward"]).get(reverse("outreach:comment_detail", args=[several[0].pk])).status_code == 404
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.PENDING}
