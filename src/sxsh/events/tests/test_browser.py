"""Key journey in headless Chromium: a visitor registers, an officer checks them in by the code,
the visitor fills in the feedback and downloads the certificate.

The event is under way: its first session ended a minute ago and the second has just started. The
feedback form and the certificate open once a session the participant attended has ended, so the
visitor first sees when they open (checked in at the running session), then, once the officer has also
recorded them at the morning session, fills the form in."""

import pytest

from sxsh.events.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_check_in_feedback_certificate(page, live_server, login, users, running_event, browser) -> None:
    event = running_event(title="Hội thảo chuyên đề sản xuất sạch hơn", capacity=20)
    morning = event.sessions.get(title="Buổi 1")
    page.goto(f"{live_server.url}/su-kien/")
    page.click(f"text={event.title}")
    page.click("a:has-text('Đăng ký tham dự')")
    page.fill("#id_full_name", "Nguyễn Thị Hồng Nhung")
    page.fill("#id_organisation_name", "Công ty Dệt may Hàng Bạc")
    page.select_option("#id_audience", "technical")
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_email", "nhung@example.com")
    page.fill("#id_captcha_1", "PASSED")
    page.click("button:has-text('Gửi đăng ký')")
    page.wait_for_selector("text=Đăng ký thành công")
    code = page.inner_text("#registration-code").strip()
    assert code == Registration.objects.get().code
    confirmation_url = page.url

    officer = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})  # a phone
    desk = officer.new_page()
    desk.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    desk.fill("#id_username", "quan")
    desk.fill("#id_password", "mat-khau-thu-nghiem")
    desk.click("main button[type=submit]")
    desk.wait_for_url(lambda url: "dang-nhap" not in url)
    desk.goto(f"{live_server.url}/su-kien/quan-ly/{event.pk}/diem-danh/")
    desk.fill("#id_code", "ZZZZ2222")
    desk.click("form.card button:has-text('Điểm danh')")
    desk.wait_for_selector("text=Không có đăng ký nào với mã ZZZZ2222")
    desk.fill("#id_code", code.lower())
    desk.click("form.card button:has-text('Điểm danh')")
    desk.wait_for_selector("#checkin-result >> text=Nguyễn Thị Hồng Nhung")
    assert desk.locator("#people button:has-text('Có mặt')").count() == 1

    page.goto(confirmation_url)
    page.wait_for_selector("#follow-up-note >> text=sẽ mở sau khi buổi bạn tham dự kết thúc")
    page.goto(f"{live_server.url}/su-kien/ma/{code}/phan-hoi/")
    page.wait_for_selector("#feedback-not-open >> text=Phiếu đánh giá sẽ mở sau khi buổi bạn tham dự kết thúc")
    assert page.locator("button:has-text('Gửi đánh giá')").count() == 0

    # The officer records the visitor at the morning session too (it has just ended).
    desk.select_option("#id_session", str(morning.pk))
    desk.fill("#id_code", code)
    desk.click("form.card button:has-text('Điểm danh')")
    desk.wait_for_selector("#checkin-result >> text=Buổi 1")
    officer.close()

    page.goto(confirmation_url)
    page.click("a:has-text('Gửi phiếu đánh giá')")
    page.check("#id_content_0")
    page.check("#id_organisation_1")
    page.check("#id_usefulness_0")
    page.fill("#id_comment", "Rất thiết thực")
    page.click("button:has-text('Gửi đánh giá')")
    page.wait_for_selector("text=Cảm ơn bạn đã gửi phiếu đánh giá")
    registration = Registration.objects.get()
    assert registration.feedback.organisation_rating == 4
    response = page.request.get(f"{live_server.url}/su-kien/ma/{code}/chung-nhan.pdf")
    assert response.headers["content-type"] == "application/pdf" and response.body().startswith(b"%PDF")
