"""Public pages, registration forms, confirmation, back-office pages, exports, certificate, scoping."""

import io
import re
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sxsh.core.formguard import new_token
from sxsh.core.models import AuditLog
from sxsh.events import services
from sxsh.events.models import EventStatus, Feedback, Registration, RegistrationStatus
from sxsh.testing.documents import table

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Nguyễn Thị Hồng Nhung", "organisation_name": "Công ty Dệt may Hàng Bạc", "position": "Kỹ sư",
    "audience": "technical", "phone": "0912 345 678", "email": "nhung@example.com",
    "captcha_0": "test", "captcha_1": "PASSED", "website": "", "started": new_token(),
}


def test_public_lists_split_upcoming_and_past(client: Client, make_event):
    upcoming = make_event()
    past = make_event(days=-30)
    draft = make_event(status=EventStatus.DRAFT)
    body = client.get(reverse("events:list")).content.decode()
    assert upcoming.title in body and past.title not in body and draft.title not in body
    body = client.get(reverse("events:past")).content.decode()
    assert past.title in body and upcoming.title not in body
    assert "người tham dự" not in body  # nobody checked in
    assert client.get(reverse("events:detail", args=[draft.slug])).status_code == 404


def test_event_page_shows_sessions_and_seats_within_query_budget(client, make_event, person,
                                                                 django_assert_max_num_queries):
    event = make_event(capacity=5, sessions=3)
    for _ in range(2):
        services.register(acting_user=None, event_id=event.pk, participant=person())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:detail", args=[event.slug]))
    body = response.content.decode()
    assert "3 chỗ" in body and "Buổi 3" in body and "Đăng ký tham dự" in body


def test_visitor_registers_with_captcha_and_gets_code_mail_and_qr(client, make_event,
                                                                  django_capture_on_commit_callbacks):
    event = make_event()
    url = reverse("events:register", args=[event.slug])
    assert "captcha" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, FORM)
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/ma/{registration.code}/")
    assert registration.phone == "0912345678" and registration.status == RegistrationStatus.CONFIRMED
    page = client.get(response["Location"]).content.decode()
    assert registration.code in page and "Đăng ký thành công" in page
    assert mail.outbox[0].to == ["nhung@example.com"] and registration.code in mail.outbox[0].body
    assert f"http://testserver/su-kien/ma/{registration.code}/" in mail.outbox[0].body
    qr = client.get(reverse("events:qr", args=[registration.code]))
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<?xml") and b"<svg" in qr.content


def test_wrong_captcha_honeypot_and_bad_input_keep_entries(client, make_event):
    event = make_event()
    url = reverse("events:register", args=[event.slug])
    body = client.post(url, {**FORM, "captcha_1": "WRONG"}).content.decode()
    assert "Mã xác nhận không đúng" in body or "captcha" in body.lower()
    assert 'value="Nguyễn Thị Hồng Nhung"' in body
    assert "Không gửi được đăng ký" in client.post(url, {**FORM, "website": "http://spam"}).content.decode()
    body = client.post(url, {**FORM, "email": "nhung@", "phone": "123"}).content.decode()
    assert "Số điện thoại không hợp lệ" in body and "thư điện tử" in body.lower()
    assert not Registration.objects.exists()


def test_a_form_posted_faster_than_a_person_could_is_refused(client, make_event, settings):
    import re
    import time

    settings.SXSH_FORM_MIN_SECONDS = 3
    event = make_event()
    url = reverse("events:register", args=[event.slug])
    token = re.search(r'name="started" value="([^"]+)"', client.get(url).content.decode()).group(1)
    body = client.post(url, {**FORM, "started": token}).content.decode()
    assert "Bạn gửi quá nhanh" in body and 'value="Nguyễn Thị Hồng Nhung"' in body
    without_token = {k: v for k, v in FORM.items() if k != "started"}
    body = client.post(url, without_token).content.decode()  # no token at all (a bot posting directly)
    assert "Biểu mẫu đã hết hạn" in body
    assert not Registration.objects.exists()
    old_enough = new_token(at=time.time() - 10)
    assert client.post(url, {**FORM, "started": old_enough}).status_code == 302
    assert Registration.objects.count() == 1


def test_duplicate_and_closed_window_messages_on_the_form(client, make_event):
    event = make_event()
    url = reverse("events:register", args=[event.slug])
    client.post(url, FORM)
    body = client.post(url, {**FORM, "phone": "0987654321"}).content.decode()
    assert "đã được dùng để đăng ký sự kiện này" in body
    past = make_event(days=-2)
    body = client.post(reverse("events:register", args=[past.slug]), FORM).content.decode()
    assert "đã diễn ra" in body
    assert Registration.objects.count() == 1


def test_html_in_names_is_refused_and_escaped(client, make_event, users, client_for, person):
    """The form refuses markup in a name; one stored before the check is still escaped."""
    event = make_event()
    refused = client.post(reverse("events:register", args=[event.slug]),
                          {**FORM, "full_name": "<script>alert(1)</script> Nhung"})
    assert "Tên không được chứa ký tự &lt; &gt; hoặc ký tự điều khiển." in refused.content.decode()
    assert not Registration.objects.exists()
    stored = person(full_name="<script>alert(1)</script> Nhung")
    services.register(acting_user=None, event_id=event.pk, participant=stored)
    registration = Registration.objects.get()
    assert "<script>alert(1)</script>" not in client.get(
        reverse("events:confirmation", args=[registration.code])).content.decode()
    body = client_for(users["district"]).get(reverse("events:staff_detail", args=[event.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Nhung" in body and "<script>alert(1)" not in body


def test_full_event_puts_visitor_on_waiting_list_with_position(client, make_event, person):
    event = make_event(capacity=1)
    services.register(acting_user=None, event_id=event.pk, participant=person())
    response = client.post(reverse("events:register", args=[event.slug]), FORM, follow=True)
    body = response.content.decode()
    assert "danh sách chờ" in body and "số 1" in body


def test_enterprise_registers_several_staff_without_captcha(make_event, users, client_for, facility):
    event = make_event(capacity=10)
    c = client_for(users["enterprise"])
    url = reverse("events:register", args=[event.slug])
    assert "captcha" not in c.get(url).content.decode()
    data = {"facility": facility.pk, "staff-TOTAL_FORMS": 3, "staff-INITIAL_FORMS": 0}
    rows = [("Trần Văn An", "0911111111", "an@example.com"), ("Lê Thị Bình", "0922222222", "bad-mail"), ("", "", "")]
    for i, (name, phone, email) in enumerate(rows):
        data.update({f"staff-{i}-full_name": name, f"staff-{i}-phone": phone, f"staff-{i}-email": email,
                     f"staff-{i}-audience": "technical" if name else "", f"staff-{i}-position": ""})
    body = c.post(url, data).content.decode()
    assert "Trần Văn An" in body and not Registration.objects.exists()
    data["staff-1-email"] = "binh@example.com"
    response = c.post(url, data)
    assert response.status_code == 302
    regs = Registration.objects.order_by("pk")
    assert [r.full_name for r in regs] == ["Trần Văn An", "Lê Thị Bình"]
    assert all(r.facility_id == facility.pk and r.organisation_name == facility.name for r in regs)
    mine = c.get(reverse("events:my_registrations")).content.decode()
    assert "Trần Văn An" in mine
    assert "Đã đăng ký 2 người, tất cả đều có chỗ." in mine


def test_a_batch_says_who_got_a_seat_and_who_waits(make_event, person, users, client_for, facility):
    event = make_event(capacity=3)
    services.register(acting_user=None, event_id=event.pk, participant=person())
    c = client_for(users["enterprise"])
    data: dict[str, object] = {"facility": facility.pk, "staff-TOTAL_FORMS": 3, "staff-INITIAL_FORMS": 0}
    for i in range(3):
        data.update({f"staff-{i}-full_name": f"Nhân viên {i + 1}", f"staff-{i}-phone": f"093000000{i}",
                     f"staff-{i}-email": f"nv{i}@example.com", f"staff-{i}-audience": "technical"})
    body = c.post(reverse("events:register", args=[event.slug]), data, follow=True).content.decode()
    assert "2 người đã đăng ký có chỗ, 1 người vào danh sách chờ" in body
    assert "Đã đăng ký 3 người" not in body
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() == 1


def test_scoping_ward_officer_and_enterprise(make_event, person, make_user, hang_bac, hang_dao, users, client_for,
                                             facility, other_facility):
    event = make_event(unit=hang_bac)
    mine = services.register(acting_user=None, event_id=event.pk, participant=person(facility_id=facility.pk))
    theirs = services.register(acting_user=None, event_id=event.pk,
                               participant=person(facility_id=other_facility.pk))
    detail = reverse("events:staff_detail", args=[event.pk])
    assert client_for(make_user("ward", unit=hang_bac)).get(detail).status_code == 200
    other_ward = client_for(make_user("ward", unit=hang_dao))
    assert other_ward.get(detail).status_code == 404
    assert other_ward.get(reverse("events:checkin", args=[event.pk])).status_code == 404
    assert other_ward.get(reverse("events:registration_export", args=["xlsx"]), {"event": event.pk}).status_code == 404
    enterprise = client_for(users["enterprise"])
    assert enterprise.get(detail).status_code == 404
    body = enterprise.get(reverse("events:my_registrations")).content.decode()
    assert mine.full_name in body and theirs.full_name not in body


def test_exports_match_the_list(running_event, person, users, client_for):
    event = running_event(capacity=5)
    a = services.register(acting_user=None, event_id=event.pk, participant=person(full_name="Đỗ Thị Lan"))
    b = services.register(acting_user=None, event_id=event.pk, participant=person(full_name="Phạm Quốc Bảo"))
    officer = users["district"]
    services.check_in(acting_user=officer, event=event, code=a.code, session_id=event.sessions.get(title="Buổi 1").pk)
    c = client_for(officer)
    page = c.get(reverse("events:staff_detail", args=[event.pk]), {"attended": "1"}).content.decode()
    assert "Đỗ Thị Lan" in page and "Phạm Quốc Bảo" not in page
    link = re.search(r'href="([^"]+)">Xuất Excel<', page)
    assert link is not None
    response = c.get(link.group(1).replace("&amp;", "&"))  # the page's own export: its event and filters
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Sự kiện", "Mã đăng ký", "Họ và tên")  # the page's columns
    assert [r[2] for r in rows[1:]] == ["Đỗ Thị Lan"]
    response = c.get(reverse("events:export_attendance", args=[event.pk]))
    headers, rows = table(load_workbook(io.BytesIO(response.content)).active)
    assert headers[5].startswith("Buổi 1") and headers[-1] == "Số buổi có mặt"
    by_name = {r[1]: r for r in rows}
    assert by_name["Đỗ Thị Lan"][-1] == 1 and by_name["Đỗ Thị Lan"][5] is not None
    assert by_name[b.full_name][-1] == 0


def test_checkin_page_by_typed_code_and_forged_code(running_event, person, users, client_for):
    event = running_event()
    reg = services.register(acting_user=None, event_id=event.pk, participant=person(full_name="Bùi Văn Sơn"))
    c = client_for(users["district"])
    url = reverse("events:checkin", args=[event.pk])
    response = c.post(url, {"code": "ZZZZ2222"})
    assert response.status_code == 422
    assert "Không có đăng ký nào với mã ZZZZ2222" in response.content.decode()
    response = c.post(url, {"code": "<b>x</b>"})
    assert "Mã đăng ký không hợp lệ" in response.content.decode() and "<b>x</b>" not in response.content.decode()
    body = c.post(url, {"code": reg.code.lower()}).content.decode()
    assert "Đã điểm danh" in body and "Bùi Văn Sơn" in body
    assert reg.attendances.count() == 1


def test_checkin_list_toggle_with_htmx(running_event, person, users, client_for):
    event = running_event()
    reg = services.register(acting_user=None, event_id=event.pk, participant=person())
    session = event.sessions.last()
    c = client_for(users["district"])
    page = c.get(reverse("events:checkin", args=[event.pk]), {"session": session.pk}).content.decode()
    toggle = reverse("events:checkin_toggle", args=[event.pk, reg.pk, session.pk])
    assert toggle in page
    fragment = c.post(toggle, {"present": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert "Có mặt" in fragment and 'value="0"' in fragment
    assert reg.attendances.filter(session=session).exists()
    c.post(toggle, {"present": "0"}, headers={"HX-Request": "true"})
    assert not reg.attendances.exists()


def test_checkin_list_toggle_without_javascript(running_event, person, users):
    """The button is a plain form too: with CSRF enforced, a browser without JavaScript checks people in."""
    import re

    from django.test import Client

    event = running_event()
    reg = services.register(acting_user=None, event_id=event.pk, participant=person())
    session = event.sessions.last()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["district"])
    page = browser.get(reverse("events:checkin", args=[event.pk]), {"session": session.pk}).content.decode()
    toggle = reverse("events:checkin_toggle", args=[event.pk, reg.pk, session.pk])
    form = re.search(rf'<form method="post" action="{re.escape(toggle)}".*?</form>', page, re.S)
    assert form is not None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0))
    assert token is not None
    response = browser.post(toggle, {"present": "1", "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302 and response.url.endswith(f"?session={session.pk}")
    assert reg.attendances.filter(session=session).exists()
    assert "✓ Có mặt" in browser.get(response.url).content.decode()


def test_walk_in_form(running_event, users, client_for):
    # One seat, nobody registered yet: the walk-in takes the free seat without any flag.
    event = running_event(capacity=1)
    c = client_for(users["district"])
    response = c.post(reverse("events:walk_in", args=[event.pk]), {
        "walk-full_name": "Vũ Thanh Hà", "walk-organisation_name": "UBND phường Hàng Gai", "walk-audience":
        "state_official", "walk-phone": "0933333333", "walk-email": "ha@example.com"})
    assert response.status_code == 302
    reg = Registration.objects.get()
    assert reg.is_walk_in and reg.attendances.count() == 1
    assert "1/1 chỗ – đã đủ chỗ" in c.get(reverse("events:checkin", args=[event.pk])).content.decode()
    response = c.post(reverse("events:walk_in", args=[event.pk]), {
        "walk-full_name": "Vũ Thanh Hà", "walk-organisation_name": "x", "walk-audience": "other",
        "walk-phone": "0933333333", "walk-email": "ha2@example.com", "walk-over_capacity": "on"})
    assert response.status_code == 422 and "đã được dùng" in response.content.decode()


WALK_IN = {
    "walk-full_name": "Trần Văn Khải", "walk-organisation_name": "Hợp tác xã Kim hoàn Hàng Bạc",
    "walk-audience": "production", "walk-phone": "0944 555 666", "walk-email": "khai@example.com",
}


def test_walk_in_form_when_full_needs_over_capacity(running_event, person, users, client_for):
    event = running_event(capacity=2)
    for _ in range(2):
        services.register(acting_user=None, event_id=event.pk, participant=person())
    c = client_for(users["district"])
    url = reverse("events:walk_in", args=[event.pk])
    response = c.post(url, WALK_IN)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Sự kiện đã đủ 2 chỗ. Đánh dấu “Vượt sức chứa” nếu vẫn nhận người này." in body
    assert 'value="Trần Văn Khải"' in body and 'value="khai@example.com"' in body  # the officer's entries kept
    assert "<details class=\"card\" open>" in body
    assert not Registration.objects.filter(email="khai@example.com").exists()
    assert "2/2 chỗ – đã đủ chỗ" in body
    response = c.post(url, {**WALK_IN, "walk-over_capacity": "on"})
    assert response.status_code == 302
    reg = Registration.objects.get(email="khai@example.com")
    assert reg.is_walk_in and reg.status == RegistrationStatus.CONFIRMED and reg.attendances.count() == 1
    log = AuditLog.objects.get(action="events.registration.created", object_id=str(reg.pk))
    assert log.after["over_capacity"] is True
    body = c.get(response.url).content.decode()
    assert "3/2 chỗ – vượt 1" in body


def test_feedback_and_certificate_only_for_attendees(client, running_event, person, users):
    event = running_event()
    reg = services.register(acting_user=None, event_id=event.pk,
                            participant=person(full_name="Nguyễn Thị Hồng Nhung"))
    feedback_url = reverse("events:feedback", args=[reg.code])
    response = client.post(feedback_url, {"content": 5, "organisation": 5, "usefulness": 5})
    assert response.status_code == 403 and "Chỉ người đã tham dự" in response.content.decode()
    assert client.get(reverse("events:certificate", args=[reg.code])).status_code == 403
    assert client.get(reverse("events:feedback", args=["ZZZZ2222"])).status_code == 404
    services.check_in(acting_user=users["district"], event=event, code=reg.code,
                      session_id=event.sessions.get(title="Buổi 1").pk)  # ended a minute ago
    body = client.post(feedback_url, {"content": 9, "organisation": 5, "usefulness": 5}).content.decode()
    assert 'class="error"' in body and not Feedback.objects.exists()
    response = client.post(feedback_url, {"content": 4, "organisation": 5, "usefulness": 3, "comment": "Tốt"})
    assert response.status_code == 302
    assert reg.feedback.usefulness_rating == 3


def test_feedback_page_says_when_it_opens_and_refuses_before(client, running_event, person, users):
    event = running_event()
    first, second = event.sessions.order_by("starts_at")
    reg = services.register(acting_user=None, event_id=event.pk, participant=person())
    services.check_in(acting_user=users["district"], event=event, code=reg.code)  # the session under way
    end = timezone.localtime(second.ends_at)
    message = (f"Phiếu đánh giá sẽ mở sau khi buổi bạn tham dự kết thúc "
               f"(lúc {end:%H:%M} ngày {end:%d/%m/%Y}).")
    feedback_url = reverse("events:feedback", args=[reg.code])
    response = client.get(feedback_url)
    body = response.content.decode()
    assert response.status_code == 200 and message in body and "Gửi đánh giá" not in body
    response = client.post(feedback_url, {"content": 5, "organisation": 5, "usefulness": 5})
    assert response.status_code == 403 and message in response.content.decode()
    assert not Feedback.objects.exists()
    response = client.get(reverse("events:certificate", args=[reg.code]))
    assert response.status_code == 403 and "Giấy chứng nhận sẽ có sau khi buổi bạn tham dự kết thúc" in (
        response.content.decode())
    body = client.get(reverse("events:confirmation", args=[reg.code])).content.decode()
    assert "sẽ mở sau khi buổi bạn tham dự kết thúc" in body and feedback_url not in body
    # Present at the morning session too (it has just ended): the form and the certificate open.
    services.check_in(acting_user=users["district"], event=event, code=reg.code, session_id=first.pk)
    body = client.get(reverse("events:confirmation", args=[reg.code])).content.decode()
    assert feedback_url in body and reverse("events:certificate", args=[reg.code]) in body
    assert "Gửi đánh giá" in client.get(feedback_url).content.decode()
    response = client.post(feedback_url, {"content": 5, "organisation": 4, "usefulness": 5})
    assert response.status_code == 302 and Feedback.objects.get().organisation_rating == 4
    assert client.get(reverse("events:certificate", args=[reg.code]))["Content-Type"] == "application/pdf"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_certificate_pdf_has_the_vietnamese_name(client, running_event, person, users):
    event = running_event(kind="training", title="Lớp tập huấn chuyên sâu về sản xuất sạch hơn")
    reg = services.register(acting_user=None, event_id=event.pk,
                            participant=person(full_name="Nguyễn Thị Hồng Nhung"))
    services.check_in(acting_user=users["district"], event=event, code=reg.code,
                      session_id=event.sessions.get(title="Buổi 1").pk)
    response = client.get(reverse("events:certificate", args=[reg.code]))
    assert response["Content-Type"] == "application/pdf"
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "c.pdf"
        pdf.write_bytes(response.content)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True,  # noqa: S607
                              text=True).stdout
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Nguyễn Thị Hồng Nhung" in text
    assert "đã tham gia lớp tập huấn" in text and "Lớp tập huấn chuyên sâu về sản xuất sạch hơn" in text


def test_officer_cancels_and_promotion_is_announced(make_event, person, users, client_for):
    event = make_event(capacity=1)
    first = services.register(acting_user=None, event_id=event.pk, participant=person())
    second = services.register(acting_user=None, event_id=event.pk, participant=person(full_name="Hoàng Minh Quân"))
    c = client_for(users["district"])
    response = c.post(reverse("events:staff_cancel", args=[event.pk, first.pk]), follow=True)
    assert "Hoàng Minh Quân" in response.content.decode()
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED


def test_public_cancel_form(client, make_event, person):
    event = make_event()
    reg = services.register(acting_user=None, event_id=event.pk, participant=person(email="x@example.com"))
    body = client.post(reverse("events:cancel"), {"code": reg.code, "email": "y@example.com"}).content.decode()
    assert "Không tìm thấy đăng ký" in body
    assert client.post(reverse("events:cancel"), {"code": reg.code, "email": "x@example.com"}).status_code == 302
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.CANCELLED


def test_event_form_creates_event_with_sessions(users, client_for, economic, district):
    c = client_for(users["district"])
    response = c.post(reverse("events:event_create"), {
        "kind": "training", "title": "Lớp tập huấn Sản xuất sạch hơn 2027", "description": "",
        "programmes": ["energy_efficiency"], "organiser": economic.pk, "audiences": ["technical"],
        "venue": "126 Hàng Trống", "capacity": 30, "registration_opens": "2027-01-01T08:00",
        "registration_closes": "2027-02-01T17:00", "status": "published", "unit": district.pk,
        "materials_text": "Cẩm nang SXSH | https://example.com/cam-nang.pdf",
        "sessions-TOTAL_FORMS": 2, "sessions-INITIAL_FORMS": 0,
        "sessions-0-title": "Buổi sáng", "sessions-0-starts_at": "2027-02-10T08:00",
        "sessions-0-ends_at": "2027-02-10T11:30", "sessions-1-title": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    from sxsh.events.models import Event

    event = Event.objects.get(slug="lop-tap-huan-san-xuat-sach-hon-2027")  # from the title, folded
    assert event.sessions.count() == 1 and event.starts_at is not None
    assert event.materials == [{"title": "Cẩm nang SXSH", "url": "https://example.com/cam-nang.pdf"}]
    assert client_for(users["ward"]).get(reverse("events:event_create")).status_code == 404


def test_back_office_pages_query_budget(running_event, person, users, client_for, facility,
                                        django_assert_max_num_queries):
    event = running_event(capacity=30)
    regs = [services.register(acting_user=None, event_id=event.pk, participant=person(facility_id=facility.pk))
            for _ in range(12)]
    for r in regs[:6]:
        services.check_in(acting_user=users["district"], event=event, code=r.code)
    c = client_for(users["district"])
    with django_assert_max_num_queries(20):
        assert c.get(reverse("events:staff_detail", args=[event.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        body = c.get(reverse("events:checkin", args=[event.pk])).content.decode()
    assert body.count("✓ Có mặt") == 6
    with django_assert_max_num_queries(12):
        assert c.get(reverse("events:staff_list")).status_code == 200
    assert Client().get(reverse("events:qr", args=["ZZZZ2222"])).status_code == 404


def test_public_list_query_budget(client, make_event, django_assert_max_num_queries):
    for _ in range(6):
        make_event()
    with django_assert_max_num_queries(5):
        body = client.get(reverse("events:list")).content.decode()
    assert body.count("<article class=\"card event-card\">") == 6


def test_mail_attendees_after_the_event(running_event, person, users, client_for):
    event = running_event()
    came = services.register(acting_user=None, event_id=event.pk, participant=person(email="came@example.com"))
    services.register(acting_user=None, event_id=event.pk, participant=person(email="absent@example.com"))
    services.check_in(acting_user=users["district"], event=event, code=came.code)  # the session under way
    mail.outbox.clear()
    url = reverse("events:mail_attendees", args=[event.pk])
    # While the last session runs, the links would not open yet: refused, nothing sent.
    response = client_for(users["district"]).post(url, follow=True)
    assert "Sự kiện chưa kết thúc" in response.content.decode() and mail.outbox == []
    ends = event.ends_at
    event.sessions.update(starts_at=F("starts_at") - timedelta(hours=4), ends_at=F("ends_at") - timedelta(hours=4))
    services.refresh_span(event)
    assert event.ends_at == ends - timedelta(hours=4) and services.follow_up_is_open(came)
    response = client_for(users["district"]).post(url, follow=True)
    assert "tới 1 người tham dự" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["came@example.com"]]
    assert f"/su-kien/ma/{came.code}/phan-hoi/" in mail.outbox[0].body
    # The same notice as the periodic follow-up: neither the job nor a second press tells anyone again.
    from sxsh.events import notices

    assert notices.send_follow_ups() == 0
    body = client_for(users["district"]).post(url, follow=True).content.decode()
    assert "tới 0 người tham dự" in body and "1 người đã được báo trước đó" in body
    assert len(mail.outbox) == 1
    assert client_for(users["enterprise"]).post(reverse("events:mail_attendees", args=[event.pk])).status_code == 404


def test_library_documents_on_the_event_page(client, make_event, district, users, client_for):
    from sxsh.outreach.models import Document, DocumentAccess

    event = make_event()
    public = Document.objects.create(title="Cẩm nang sản xuất sạch hơn", unit=district,
                                     file="outreach/documents/2019/cam-nang.pdf")
    private = Document.objects.create(title="Sổ tay nội bộ", unit=district, access=DocumentAccess.LOGGED_IN,
                                      file="outreach/documents/2019/so-tay.pdf")
    event.documents.set([public, private])
    body = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Cẩm nang sản xuất sạch hơn" in body and "Sổ tay nội bộ" not in body
    assert reverse("outreach:document_download", args=[public.pk]) in body
    body = client_for(users["district"]).get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Sổ tay nội bộ" in body


def test_exports_download_in_english(make_event, person, users, client_for, settings):
    event = make_event(capacity=5)
    services.register(acting_user=None, event_id=event.pk, participant=person(full_name="Đỗ Thị Lan"))
    c = client_for(users["district"])
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (reverse("events:registration_export", args=["xlsx"]) + f"?event={event.pk}",
                reverse("events:export_attendance", args=[event.pk])):
        response = c.get(url)
        assert response.status_code == 200
        _headers, rows = table(load_workbook(io.BytesIO(response.content)).active)
        assert "Đỗ Thị Lan" in rows[0]


@pytest.mark.django_db
def test_the_sitemap_lists_published_events_upcoming_and_past(client: Client, make_event) -> None:
    import xml.etree.ElementTree as ET
    from urllib.parse import urlsplit

    upcoming, past = make_event(days=3), make_event(days=-30)
    draft = make_event(days=5, status=EventStatus.DRAFT)
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    paths = {urlsplit(el.text or "").path for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {f"/su-kien/{upcoming.slug}/", f"/su-kien/{past.slug}/", "/su-kien/", "/su-kien/da-dien-ra/"} <= paths
    assert f"/su-kien/{draft.slug}/" not in paths


def test_checkin_desk_outside_the_sessions_day_asks_an_officer_for_a_reason(make_event, person, users, client_for):
    event = make_event(days=2)
    reg = services.register(acting_user=None, event_id=event.pk, participant=person(full_name="Bùi Văn Sơn"))
    session = event.sessions.get(title="Buổi 1")
    c = client_for(users["district"])
    url = reverse("events:checkin", args=[event.pk])
    page = c.get(url, {"session": session.pk}).content.decode()
    assert 'name="override_reason"' in page and 'id="override-reason"' in page  # the desk and the list
    response = c.post(url, {"code": reg.code, "session": session.pk})
    assert response.status_code == 422 and "chỉ điểm danh được trong ngày đó" in response.content.decode()
    assert f'value="{reg.code}"' in response.content.decode()  # the input is kept
    toggle = reverse("events:checkin_toggle", args=[event.pk, reg.pk, session.pk])
    fragment = c.post(toggle, {"present": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert "chỉ điểm danh được trong ngày đó" in fragment and 'value="1"' in fragment
    assert not reg.attendances.exists()
    fragment = c.post(toggle, {"present": "1", "override_reason": "Nhập bù"}, headers={"HX-Request": "true"})
    assert "Có mặt" in fragment.content.decode() and reg.attendances.filter(session=session).exists()
    body = c.post(url, {"code": reg.code, "session": event.sessions.get(title="Buổi 2").pk,
                        "override_reason": "Nhập bù danh sách giấy"}).content.decode()
    assert "Đã điểm danh" in body and reg.attendances.count() == 2


def test_checkin_desk_on_the_day_asks_no_reason(running_event, users, client_for):
    event = running_event()
    page = client_for(users["district"]).get(reverse("events:checkin", args=[event.pk])).content.decode()
    assert "override_reason" not in page


def test_each_event_has_a_calendar_file_with_every_session(client, make_event, person):
    from icalendar import Calendar

    event = make_event(title="Hội thảo Sản xuất sạch hơn, năm 2027; Hoàn Kiếm", description="Giới thiệu\nSXSH")
    url = reverse("events:calendar", args=[event.slug])
    assert url in client.get(reverse("events:detail", args=[event.slug])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets, CRLF (RFC 5545 §3.1)
    parsed = Calendar.from_ical(raw)
    (zone,) = parsed.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Ho_Chi_Minh"
    entries = sorted(parsed.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    sessions = list(event.sessions.order_by("starts_at"))
    assert [str(e["summary"]) for e in entries] == [f"{event.title} – {s.title}" for s in sessions]
    for entry, session in zip(entries, sessions, strict=True):
        start = entry.decoded("dtstart")
        assert start == session.starts_at.replace(microsecond=0) and str(start.tzinfo) == "Asia/Ho_Chi_Minh"
        assert entry["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
        assert entry.decoded("dtend") == session.ends_at.replace(microsecond=0)
        assert str(entry["location"]) == "126 Hàng Trống" and str(entry["status"]) == "CONFIRMED"
        assert str(entry["uid"]) == f"sxsh-session-{session.pk}@testserver"
        assert "Giới thiệu\nSXSH" in str(entry["description"]) and str(entry["url"]).endswith(f"/su-kien/{event.slug}/")
    draft = make_event(status=EventStatus.DRAFT)
    assert client.get(reverse("events:calendar", args=[draft.slug])).status_code == 404
    registration = services.register(acting_user=None, event_id=event.pk, participant=person())
    assert url in client.get(reverse("events:confirmation", args=[registration.code])).content.decode()


def test_the_registration_captcha_has_its_refresh_link(client, make_event):
    event = make_event()
    body = client.get(reverse("events:register", args=[event.slug])).content.decode()
    assert 'data-captcha-refresh="/captcha/refresh/"' in body and "Lấy lại mã bảo mật" in body
    assert 'href="?ma-moi=1#dang-ky"' in body and 'id="dang-ky"' in body  # without JavaScript: a new image
    assert "/static/sxsh/captcha.js" in body
    fresh = client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()
    assert fresh["key"] and fresh["image_url"].startswith("/captcha/image/")


def test_claims_are_confirmed_or_refused_on_their_listing(make_event, person, users, client_for, facility,
                                                          api_client_for):
    """The enterprise's registrations page points to the claims waiting for it; their listing confirms or
    refuses row by row (audited by the service), exports what it shows, and is 404 for a consultant."""
    event = make_event()
    first = services.register(acting_user=None, event_id=event.pk,
                              participant=person(full_name="Đỗ Văn Khách", tax_code=facility.tax_code))
    second = services.register(acting_user=None, event_id=event.pk,
                               participant=person(full_name="Vũ Thị Lạ", tax_code=facility.tax_code))
    enterprise = client_for(users["enterprise"])
    mine = enterprise.get(reverse("events:my_registrations")).content.decode()
    assert "2 người đăng ký tự khai là người của cơ sở, chờ xác nhận." in mine
    assert f'href="{reverse("events:claims")}"' in mine and "<table" in mine and "Đỗ Văn Khách" not in mine
    page = enterprise.get(reverse("events:claims")).content.decode()
    assert f'<tr data-pk="{first.pk}">' in page and f'<tr data-pk="{second.pk}">' in page
    assert reverse("events:settle_claim", args=[first.pk]) in page and facility.tax_code in page
    exported = enterprise.get(reverse("events:claim_export", args=["csv"]), {"q": "khach"}).content.decode("utf-8-sig")
    assert "Đỗ Văn Khách" in exported and "Vũ Thị Lạ" not in exported and "Xác nhận" not in exported
    response = enterprise.post(reverse("events:settle_claim", args=[first.pk]), {"accept": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("events:claims")
    assert f"Đã xác nhận {first.code} thuộc cơ sở." in response.content.decode()
    response = enterprise.post(reverse("events:settle_claim", args=[second.pk]), {"accept": "0"}, follow=True)
    assert f"Đã từ chối: {second.code} không thuộc cơ sở." in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.facility_id == facility.pk and second.facility_id is None and not second.claimed_tax_code
    assert "Không có dòng nào phù hợp." in enterprise.get(reverse("events:claims")).content.decode()
    assert "chờ xác nhận." not in enterprise.get(reverse("events:my_registrations")).content.decode()
    consultant = client_for(users["consultant"])
    assert consultant.get(reverse("events:claims")).status_code == 404
    assert consultant.get(reverse("events:claim_export", args=["xlsx"])).status_code == 404
    assert api_client_for(users["consultant"]).get("/api/lists/claims").status_code == 404
