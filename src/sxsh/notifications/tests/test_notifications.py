"""Notices in the application (the header's count, the list, opening one) and the choice of kinds, by the
account page and by the link in each e-mail; e-mail delivered to a real SMTP server on loopback."""

import re
from typing import Any

from django.test import Client

from sxsh.core.models import AuditLog
from sxsh.notifications import services
from sxsh.notifications.models import Kind, Notification, OptOut
from sxsh.notifications.services import Message, Recipient


def _tell(user: Any = None, email: str = "", kind: str = Kind.REPORT_APPROVED, url: str = "/chi-tieu/bao-cao/") -> list[Any]:
    return services.notify(kind=kind, recipients=[Recipient(user=user, email=email, name="Chị Hoa")],
                           build=lambda r: Message(subject="Báo cáo đã được phê duyệt: năm 2019",
                                                   lines=["Số liệu đã được chốt."], url=url, link_label="Mở báo cáo"))


def test_an_e_mail_in_plain_text_and_html_with_its_opt_out_link(db: Any, smtp_inbox: Any) -> None:
    _tell(email="hoa@example.com")
    (mail,) = smtp_inbox.messages
    text, html = smtp_inbox.parts(mail)
    assert smtp_inbox.subject(mail) == "Báo cáo đã được phê duyệt: năm 2019"
    assert text.startswith("Kính gửi Chị Hoa,") and "Mở báo cáo: http://127.0.0.1:8000/chi-tieu/bao-cao/" in text
    assert '<a href="http://127.0.0.1:8000/chi-tieu/bao-cao/"' in html and "Kính gửi Chị Hoa," in html
    assert "Tắt loại thông báo này" in html and "/thong-bao/tat/" in text


def test_the_header_counts_unread_notices_and_opening_one_reads_it(users: Any, client_for: Any) -> None:
    ward = users["ward"]
    _tell(user=ward)
    _tell(user=ward, kind=Kind.REPORT_RETURNED)
    _tell(user=users["district"])  # someone else's
    client = client_for(ward)
    page = client.get("/").content.decode()
    assert re.search(r'class="notices-link"[^>]*>.*?<span class="badge"[^>]*>2</span>', page, re.S)
    listing = client.get("/thong-bao/").content.decode()
    assert listing.count('class="notice unread"') == 2
    notice = Notification.objects.filter(recipient=ward).first()
    assert notice is not None
    response = client.post(f"/thong-bao/{notice.pk}/mo/")
    assert response.status_code == 302 and response["Location"] == "/chi-tieu/bao-cao/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert AuditLog.objects.filter(action="notifications.notification.read").count() == 1
    client.post("/thong-bao/da-doc-het/")
    assert not Notification.objects.filter(recipient=ward, read_at__isnull=True).exists()
    assert 'class="badge"' not in client.get("/").content.decode().split('class="notices-link"')[1][:200]


def test_someone_elses_notice_is_absent(users: Any, client_for: Any) -> None:
    (notice,) = _tell(user=users["district"])
    client = client_for(users["ward"])
    assert client.post(f"/thong-bao/{notice.pk}/mo/").status_code == 404
    assert client.post(f"/api/notifications/notifications/{notice.pk}/read").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_notice_never_leads_off_the_site(users: Any, client_for: Any) -> None:
    (notice,) = _tell(user=users["ward"], url="https://evil.example/")
    response = client_for(users["ward"]).post(f"/thong-bao/{notice.pk}/mo/")
    assert response["Location"] == "/thong-bao/"


def test_each_kind_can_be_turned_off_on_the_account_page(users: Any, client_for: Any, smtp_inbox: Any) -> None:
    ward = users["ward"]
    ward.email = "phuong@example.com"
    ward.save()
    client = client_for(ward)
    page = client.get("/tai-khoan/").content.decode()
    assert 'id="thong-bao"' in page and page.count('name="wanted"') == len(Kind.values)
    wanted = [k for k in Kind.values if k != Kind.REPORT_APPROVED]
    client.post("/thong-bao/lua-chon/", {"wanted": wanted})
    assert set(OptOut.objects.filter(user=ward).values_list("kind", flat=True)) == {Kind.REPORT_APPROVED}
    assert 'value="report_approved"' in (page := client.get("/tai-khoan/").content.decode())
    assert not re.search(r'value="report_approved"[^>]*checked', page)

    assert _tell(user=ward) == []  # turned off: neither listed nor e-mailed
    assert len(_tell(user=ward, kind=Kind.REPORT_RETURNED)) == 1
    assert [smtp_inbox.subject(m) for m in smtp_inbox.messages] == ["Báo cáo đã được phê duyệt: năm 2019"]  # the returned one
    assert AuditLog.objects.filter(action="notifications.preferences.changed").exists()


def test_an_unknown_choice_is_refused_and_nothing_changes(users: Any, client_for: Any) -> None:
    client = client_for(users["ward"])
    response = client.post("/thong-bao/lua-chon/", {"wanted": ["report_approved", "khong-co"]}, follow=True)
    assert "Lựa chọn không hợp lệ" in response.content.decode()
    assert not OptOut.objects.exists()


def test_the_link_in_the_e_mail_turns_the_kind_off_for_that_address(db: Any, smtp_inbox: Any) -> None:
    _tell(email="dangky@example.com", kind=Kind.EVENT_REMINDER)
    text, _html = smtp_inbox.parts(smtp_inbox.messages[0])
    link = re.search(r"http://127\.0\.0\.1:8000(/thong-bao/tat/\S+/)", text)
    assert link is not None
    visitor = Client()
    page = visitor.get(link.group(1)).content.decode()
    assert "Nhắc lịch sự kiện trước một ngày" in page and not OptOut.objects.exists()  # GET only asks
    visitor.post(link.group(1))
    assert OptOut.objects.get().email == "dangky@example.com"
    assert _tell(email="dangky@example.com", kind=Kind.EVENT_REMINDER) == []
    assert len(_tell(email="dangky@example.com", kind=Kind.FOLLOW_UP_OPEN)) == 1  # another kind still comes
    assert visitor.get("/thong-bao/tat/gia-mao/").status_code == 404


def test_the_api_lists_the_callers_notices_and_marks_them_read(users: Any, api_client_for: Any) -> None:
    (notice,) = _tell(user=users["ward"])
    _tell(user=users["district"])
    api = api_client_for(users["ward"])
    listed = api.get("/api/notifications/notifications?unread=true").json()
    assert [n["id"] for n in listed["items"]] == [notice.pk]
    assert listed["items"][0]["kind_label"] == "Báo cáo được phê duyệt"
    assert api.get("/api/notifications/notifications/unread").json() == {"unread": 1}
    assert api.post(f"/api/notifications/notifications/{notice.pk}/read").json()["read_at"] is not None
    assert api.get("/api/notifications/notifications/unread").json() == {"unread": 0}
