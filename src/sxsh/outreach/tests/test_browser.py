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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_writes_an_article_with_the_editor(
    page: Any, live_server: Any, login: Callable[..., None], users: Any, tmp_path: Any
) -> None:
    import io

    from PIL import Image

    from sxsh.outreach.models import ArticleImage, ArticleStatus

    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    picture = tmp_path / "so-do.png"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 90, 160)).save(buffer, format="PNG")
    picture.write_bytes(buffer.getvalue())

    login("quan")
    page.goto(f"{live_server.url}/quan-ly/bai-viet/them/")
    assert page.locator("#id_body").is_hidden()  # the editor stands in for the textarea
    page.fill("#id_title", "Phường Hàng Bạc giảm 12% điện năng")
    editor = page.get_by_role("textbox", name="Nội dung bài viết")
    editor.click()
    page.keyboard.type("Kết quả đánh giá")
    page.click(".ql-header .ql-picker-label")
    page.click(".ql-header .ql-picker-item[data-value='2']")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Đậm").click()
    page.keyboard.type("Tiết kiệm")
    page.get_by_role("button", name="Đậm").click()
    page.keyboard.type(" 42.000 kWh mỗi năm.")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Danh sách gạch đầu dòng").click()
    page.keyboard.type("Thay động cơ")
    page.keyboard.press("Enter")
    page.keyboard.type("Thu hồi nhiệt")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Chèn ảnh (PNG, JPEG)").click()
    with page.expect_response(lambda r: r.url.endswith("/quan-ly/bai-viet/anh/")) as uploaded:
        chooser.value.set_files(str(picture))
    assert uploaded.value.status == 201
    page.wait_for_selector(".ql-editor img")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Chèn bảng 3 × 3").click()
    page.keyboard.type("Giải pháp")
    page.click("main button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("text=Đã lưu bài viết")

    article = Article.objects.get(title="Phường Hàng Bạc giảm 12% điện năng")
    image = ArticleImage.objects.get()
    body = article.body
    assert "<h2>Kết quả đánh giá</h2>" in body
    assert "<strong>Tiết kiệm</strong> 42.000 kWh mỗi năm." in body
    assert "<ul><li>Thay động cơ</li><li>Thu hồi nhiệt</li></ul>" in body
    assert f'<p><img src="/tin-tuc/anh/{image.key}/"></p>' in body and "data:" not in body
    assert "<table>" in body and "<td>Giải pháp</td>" in body
    assert list(image.articles.all()) == [article]
    assert not blocked, blocked

    # the saved article opens back in the editor as it was written
    page.reload()
    assert page.locator(".ql-editor h2").inner_text() == "Kết quả đánh giá"
    assert page.locator(".ql-editor table td").first.inner_text() == "Giải pháp"
    page.click("button:has-text('Xuất bản')")
    page.wait_for_selector("text=Xuất bản")
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    visitor = page.context.browser.new_page()
    visitor.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert visitor.locator("article img, main img").evaluate_all("els => els.map(e => e.naturalWidth)").count(60) == 1
    visitor.close()
