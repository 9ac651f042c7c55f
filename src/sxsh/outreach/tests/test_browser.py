from collections.abc import Callable
from typing import Any

import pytest
from captcha.models import CaptchaStore

from sxsh.outreach.models import Article, Comment, CommentStatus


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_comments_and_district_officer_approves(
    page: Any, live_server: Any, login: Callable[..., None], users: Any, article: Article
) -> None:
    url = f"{live_server.url}{article.get_absolute_url()}"
    with page.expect_response(lambda r: r.url.endswith("/da-xem/")) as beacon:
        page.goto(url)
    assert beacon.value.status == 204 and beacon.value.request.method == "POST"  # htmx sent it with its CSRF header
    assert "Hoàn Kiếm triển khai kế hoạch" in page.locator("h1").inner_text()
    # no CAPTCHA is rendered (nor stored) until the reader starts writing
    assert page.locator("[data-captcha-image]").count() == 0
    assert not CaptchaStore.objects.exists()

    # the refresh link gives a new image without losing what was typed
    page.fill("#id_name", "Nguyễn Văn An")
    first_image = page.get_attribute("[data-captcha-image]", "src")
    page.click("text=Lấy lại mã bảo mật")
    page.wait_for_function(
        "src => document.querySelector('[data-captcha-image]').getAttribute('src') !== src", arg=first_image
    )
    assert page.input_value("#id_name") == "Nguyễn Văn An"

    # a wrong code is refused and the typed text kept
    page.fill("#id_phone", "0912345678")
    page.fill("#id_title", "Đăng ký tập huấn")
    page.fill("#id_body", "Xin hướng dẫn thủ tục đăng ký.")
    page.fill("#id_captcha_1", "SAI")
    page.click("text=Gửi bình luận")
    page.wait_for_selector("text=Mã xác nhận không đúng")
    assert page.input_value("#id_title") == "Đăng ký tập huấn"
    assert page.input_value("#id_body") == "Xin hướng dẫn thủ tục đăng ký."
    assert not Comment.objects.exists()

    page.fill("#id_captcha_1", "PASSED")
    page.click("text=Gửi bình luận")
    page.wait_for_selector("text=Bình luận của bạn đang chờ kiểm duyệt")
    assert Comment.objects.get().status == CommentStatus.PENDING
    assert page.locator(".comment").count() == 0

    login("quan")
    page.goto(f"{live_server.url}/quan-ly/binh-luan/")
    assert page.locator(".backoffice-nav .badge").inner_text() == "1"
    page.click("button:has-text('Duyệt')")
    page.wait_for_selector("text=Đã duyệt bình luận")

    page.goto(url)
    comment = page.locator(".comment").first
    assert "Đăng ký tập huấn" in comment.inner_text()
    assert "0912345678" not in page.content()
