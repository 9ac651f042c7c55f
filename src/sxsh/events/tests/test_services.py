"""Registration, waiting list, cancellation and promotion, feedback: the service rules."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sxsh.core.models import AuditLog
from sxsh.events import codes, selectors, services
from sxsh.events.models import Attendance, Event, EventStatus, Feedback, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def test_seats_then_waiting_list_with_positions(make_event, person, django_capture_on_commit_callbacks):
    event = make_event(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        regs = [services.register(acting_user=None, event_id=event.pk, participant=person()) for _ in range(4)]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [selectors.waitlist_position(r) for r in regs] == [None, None, 1, 2]
    assert len(mail.outbox) == 4
    assert regs[0].code in mail.outbox[0].body
    assert "danh sách chờ" in mail.outbox[3].body and "số 2" in mail.outbox[3].body
    assert AuditLog.objects.filter(action="events.registration.created").count() == 4


def test_code_is_random_and_unambiguous(make_event, person):
    event = make_event(capacity=50)
    found = {services.register(acting_user=None, event_id=event.pk, participant=person()).code for _ in range(20)}
    assert len(found) == 20
    for code in found:
        assert len(code) == 8 and not set(code) & set("01IOL")
        assert codes.parse_code(code.lower()) == code


def test_cancellation_promotes_first_in_line_and_mails_them(make_event, person, users,
                                                            django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    first = services.register(acting_user=None, event_id=event.pk, participant=person())
    second = services.register(acting_user=None, event_id=event.pk, participant=person())
    third = services.register(acting_user=None, event_id=event.pk, participant=person())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_registration(acting_user=users["district"], registration_id=first.pk)
    assert [p.pk for p in promoted] == [second.pk]
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED and second.promoted_at is not None
    assert third.status == RegistrationStatus.WAITLISTED and selectors.waitlist_position(third) == 1
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert "đã được xác nhận" in mail.outbox[0].body


def test_registrant_cancels_with_code_and_email(make_event, person):
    event = make_event(capacity=1)
    first = services.register(acting_user=None, event_id=event.pk, participant=person(email="An@Example.com"))
    waiting = services.register(acting_user=None, event_id=event.pk, participant=person())
    with pytest.raises(services.EventError, match="Không tìm thấy"):
        services.cancel_by_code(code=first.code, email="other@example.com")
    services.cancel_by_code(code=first.code.lower(), email="an@example.com ")
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    with pytest.raises(services.EventError, match="đã được hủy"):
        services.cancel_by_code(code=first.code, email="an@example.com")


def test_officer_of_another_ward_cannot_cancel(make_event, person, make_user, hang_bac, hang_dao):
    event = make_event(unit=hang_bac)
    reg = services.register(acting_user=None, event_id=event.pk, participant=person())
    with pytest.raises(PermissionDenied):
        services.cancel_registration(acting_user=make_user("ward", unit=hang_dao), registration_id=reg.pk)
    services.cancel_registration(acting_user=make_user("ward", unit=hang_bac), registration_id=reg.pk)


@pytest.mark.parametrize("field,value,message", [
    ("email", "not-an-email", "thư điện tử không hợp lệ"),
    ("phone", "12345", "Số điện thoại không hợp lệ"),
    ("phone", "09abc12345", "Số điện thoại không hợp lệ"),
    ("full_name", "   ", "họ và tên"),
])
def test_invalid_participant_is_refused(make_event, person, field, value, message):
    event = make_event()
    with pytest.raises(services.EventError, match=message) as info:
        services.register(acting_user=None, event_id=event.pk, participant=person(**{field: value}))
    assert info.value.field == field
    assert not Registration.objects.exists()


def test_duplicate_email_or_phone_is_refused_politely(make_event, person):
    event = make_event(capacity=5)
    services.register(acting_user=None, event_id=event.pk, participant=person(email="a@example.com",
                                                                               phone="0912 345 678"))
    with pytest.raises(services.EventError, match="đã được dùng") as info:
        services.register(acting_user=None, event_id=event.pk, participant=person(email="A@example.com"))
    assert info.value.field == "email"
    with pytest.raises(services.EventError, match="đã được dùng") as info:
        services.register(acting_user=None, event_id=event.pk, participant=person(phone="+84912345678"))
    assert info.value.field == "phone"
    assert Registration.objects.count() == 1
    # Another event accepts the same person.
    other = make_event()
    services.register(acting_user=None, event_id=other.pk, participant=person(email="a@example.com"))


def test_registration_window_and_past_event(make_event, person):
    closed = make_event(registration_closes=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.EventError, match="hết hạn đăng ký"):
        services.register(acting_user=None, event_id=closed.pk, participant=person())
    not_yet = make_event(registration_opens=timezone.now() + timedelta(days=1))
    with pytest.raises(services.EventError, match="Chưa đến thời gian"):
        services.register(acting_user=None, event_id=not_yet.pk, participant=person())
    past = make_event(days=-3, registration_opens=timezone.now() - timedelta(days=20),
                      registration_closes=timezone.now() + timedelta(days=1))
    with pytest.raises(services.EventError, match="đã diễn ra"):
        services.register(acting_user=None, event_id=past.pk, participant=person())
    draft = make_event(status=EventStatus.DRAFT)
    with pytest.raises(services.EventError, match="không nhận đăng ký"):
        services.register(acting_user=None, event_id=draft.pk, participant=person())
    assert not Registration.objects.exists()


def test_batch_registration_is_all_or_nothing(make_event, person, users, facility, other_facility):
    event = make_event(capacity=10)
    rep = users["enterprise"]
    people = [person(), person(), person(email="broken")]
    with pytest.raises(services.EventError) as info:
        services.register_many(acting_user=rep, event_id=event.pk, facility_id=facility.pk, participants=people)
    assert info.value.row == 2
    assert not Registration.objects.exists()
    same = person()
    with pytest.raises(services.EventError, match="trùng"):
        services.register_many(acting_user=rep, event_id=event.pk, facility_id=facility.pk,
                               participants=[same, person(email=same.email)])
    done = services.register_many(acting_user=rep, event_id=event.pk, facility_id=facility.pk,
                                  participants=[person(), person()])
    assert {r.facility_id for r in done} == {facility.pk}
    with pytest.raises(PermissionDenied):
        services.register_many(acting_user=rep, event_id=event.pk, facility_id=other_facility.pk,
                               participants=[person()])


def test_feedback_only_for_attendees_and_once(running_event, person, users):
    event = running_event()
    ended = event.sessions.get(title="Buổi 1")
    reg = services.register(acting_user=None, event_id=event.pk, participant=person())
    with pytest.raises(services.EventError, match="Chỉ người đã tham dự"):
        services.submit_feedback(registration=reg, content=5, organisation=4, usefulness=5)
    services.check_in(acting_user=users["district"], event=event, code=reg.code, session_id=ended.pk)
    services.submit_feedback(registration=reg, content=5, organisation=4, usefulness=5, comment="Rất hữu ích")
    with pytest.raises(services.EventError, match="đã gửi"):
        services.submit_feedback(registration=reg, content=5, organisation=4, usefulness=5)
    assert selectors.feedback_summary(event)["n"] == 1


def test_check_in_rules(make_event, running_event, person, users):
    event = running_event(capacity=1)
    reg = services.register(acting_user=None, event_id=event.pk, participant=person())
    waiting = services.register(acting_user=None, event_id=event.pk, participant=person())
    officer = users["district"]
    with pytest.raises(services.EventError, match="không hợp lệ"):
        services.check_in(acting_user=officer, event=event, code="<script>")
    with pytest.raises(services.EventError, match="Không có đăng ký nào với mã"):
        services.check_in(acting_user=officer, event=event, code="ABCDEFGH")
    with pytest.raises(services.EventError, match="danh sách chờ"):
        services.check_in(acting_user=officer, event=event, code=waiting.code)
    other = make_event()
    with pytest.raises(services.EventError, match="Không có đăng ký"):
        services.check_in(acting_user=officer, event=other, code=reg.code)
    # The QR code holds the confirmation URL: scanning it into the field works too.
    result = services.check_in(acting_user=officer, event=event, code=services.confirmation_url(reg))
    assert result.created and result.attendance.session == event.sessions.get(title="Buổi 2")  # under way
    again = services.check_in(acting_user=officer, event=event, code=reg.code.lower())
    assert not again.created
    morning = event.sessions.get(title="Buổi 1")
    services.check_in(acting_user=officer, event=event, code=reg.code, session_id=morning.pk)
    assert Attendance.objects.filter(registration=reg).count() == 2
    with pytest.raises(PermissionDenied):
        services.check_in(acting_user=users["enterprise"], event=event, code=reg.code)


def test_feedback_opens_when_an_attended_session_has_ended(running_event, person, users):
    event = running_event()
    first, second = event.sessions.order_by("starts_at")
    reg = services.register(acting_user=None, event_id=event.pk, participant=person())
    # Checked in at the session under way (the default): the form opens when it ends.
    result = services.check_in(acting_user=users["district"], event=event, code=reg.code)
    assert result.attendance.session == second
    assert services.follow_up_opens_at(reg) == second.ends_at and not services.follow_up_is_open(reg)
    end = timezone.localtime(second.ends_at)
    with pytest.raises(services.EventError) as refused:
        services.submit_feedback(registration=reg, content=5, organisation=4, usefulness=5)
    assert refused.value.message == (
        f"Phiếu đánh giá sẽ mở sau khi buổi bạn tham dự kết thúc (lúc {end:%H:%M} ngày {end:%d/%m/%Y}).")
    assert not Feedback.objects.exists()
    assert not AuditLog.objects.filter(action="events.feedback.created").exists()
    # Also present at the morning session, which has just ended: open now.
    services.check_in(acting_user=users["district"], event=event, code=reg.code, session_id=first.pk)
    assert services.follow_up_opens_at(reg) == first.ends_at and services.follow_up_is_open(reg)
    services.submit_feedback(registration=reg, content=4, organisation=4, usefulness=5)
    assert AuditLog.objects.filter(action="events.feedback.created").count() == 1


def test_walk_in_when_the_event_is_full_needs_the_explicit_flag(running_event, person, users):
    event = running_event(capacity=1)
    services.register(acting_user=None, event_id=event.pk, participant=person())
    officer = users["district"]
    with pytest.raises(services.EventError) as refused:
        services.walk_in(acting_user=officer, event=event, participant=person(email="door@example.com"))
    assert refused.value.field == "over_capacity"
    assert refused.value.message == "Sự kiện đã đủ 1 chỗ. Đánh dấu “Vượt sức chứa” nếu vẫn nhận người này."
    assert not Registration.objects.filter(email="door@example.com").exists()
    assert not Attendance.objects.exists()
    result = services.walk_in(acting_user=officer, event=event, participant=person(email="door@example.com"),
                              over_capacity=True)
    assert result.registration.status == RegistrationStatus.CONFIRMED and result.registration.is_walk_in
    assert result.created
    log = AuditLog.objects.get(action="events.registration.created", object_id=str(result.registration.pk))
    assert log.after["over_capacity"] is True and log.after["capacity"] == 1 and log.after["confirmed"] == 2
    assert selectors.seat_usage(event) == {"confirmed": 2, "capacity": 1, "over": 1, "full": 1}


def test_walk_in_with_seats_left_is_not_marked_over_capacity(running_event, person, users):
    event = running_event(capacity=2)
    services.register(acting_user=None, event_id=event.pk, participant=person())
    # Ticking the box "just in case" changes nothing while a seat is left.
    result = services.walk_in(acting_user=users["district"], event=event, participant=person(), over_capacity=True)
    log = AuditLog.objects.get(action="events.registration.created", object_id=str(result.registration.pk))
    assert "over_capacity" not in log.after
    assert selectors.seat_usage(event)["over"] == 0


def test_organiser_member_may_check_in(running_event, person, make_user, doit_org, economic):
    event = running_event()
    event.co_organisers.add(doit_org)
    reg = services.register(acting_user=None, event_id=event.pk, participant=person())
    member = make_user("consultant", organisation=doit_org)
    assert services.check_in(acting_user=member, event=event, code=reg.code).created
    stranger = make_user("consultant")
    with pytest.raises(PermissionDenied):
        services.check_in(acting_user=stranger, event=event, code=reg.code)


def test_a_visitors_tax_code_is_a_claim_the_facility_confirms(make_event, person, facility, users, make_user,
                                                              hang_dao):
    """Any visitor could type any tax code: the registration stays unattached (not counted, not visible to the
    facility) until its representative or an officer confirms; whether the code exists is never told."""
    event = make_event()
    reg = services.register(acting_user=None, event_id=event.pk, participant=person(tax_code=f" {facility.tax_code} "))
    assert reg.facility_id is None and reg.claimed_tax_code == facility.tax_code
    unknown = services.register(acting_user=None, event_id=event.pk, participant=person(tax_code="0100109106"))
    assert unknown.facility_id is None and unknown.claimed_tax_code == "0100109106"  # the same answer
    with pytest.raises(services.EventError, match="Mã số thuế không hợp lệ") as info:
        services.register(acting_user=None, event_id=event.pk, participant=person(tax_code="123"))
    assert info.value.field == "tax_code"
    enterprise = users["enterprise"]
    assert not selectors.registrations_for(enterprise).filter(pk=reg.pk).exists()
    assert list(selectors.facility_claims(enterprise)) == [reg]  # the unknown code's claim is nobody's
    with pytest.raises(PermissionDenied):
        services.settle_claim(acting_user=make_user("ward", unit=hang_dao), registration_id=reg.pk, accept=True)
    services.settle_claim(acting_user=enterprise, registration_id=reg.pk, accept=True)
    reg.refresh_from_db()
    assert reg.facility_id == facility.pk and reg.claimed_tax_code == ""
    assert selectors.registrations_for(enterprise).filter(pk=reg.pk).exists()
    assert AuditLog.objects.filter(action="events.registration.facility_confirmed", object_id=str(reg.pk)).exists()
    services.settle_claim(acting_user=users["district"], registration_id=unknown.pk, accept=False)
    unknown.refresh_from_db()
    assert unknown.facility_id is None and unknown.claimed_tax_code == ""


def test_the_registration_page_answers_the_same_for_any_tax_code(client, make_event, facility):
    """Existing or not, a tax code gives the same redirect to the confirmation page, nothing else."""
    event = make_event()
    from .test_views import FORM

    answers = []
    for n, code in enumerate((facility.tax_code, "0100109106")):
        response = client.post(f"/su-kien/{event.slug}/dang-ky/", {
            **FORM, "email": f"a{n}@example.com", "phone": f"091234567{n}", "tax_code": code})
        answers.append((response.status_code, response["Location"].split("/ma/")[0]))
    assert answers[0] == answers[1] and answers[0][0] == 302


def test_erase_personal_data_keeps_counts(make_event, person, users, make_user, hang_dao):
    event = make_event(capacity=1)
    reg = services.register(acting_user=None, event_id=event.pk,
                            participant=person(full_name="Lê Thị Bích", email="bich@example.com"))
    waiting = services.register(acting_user=None, event_id=event.pk, participant=person())
    with pytest.raises(PermissionDenied):
        services.erase_personal_data(acting_user=make_user("ward", unit=hang_dao), registration_id=reg.pk)
    services.erase_personal_data(acting_user=users["district"], registration_id=reg.pk)
    reg.refresh_from_db()
    waiting.refresh_from_db()
    assert "Lê Thị Bích" not in reg.full_name and reg.email != "bich@example.com" and reg.audience == "technical"
    assert waiting.status == RegistrationStatus.CONFIRMED
    logs = " ".join(str(e.before) + str(e.after) + e.object_repr for e in AuditLog.objects.all())
    assert "Lê Thị Bích" not in logs and "bich@example.com" not in logs


def test_more_seats_promote_and_cancelling_the_event_mails_registrants(
        make_event, person, users, client, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    services.register(acting_user=None, event_id=event.pk, participant=person(email="a@example.com"))
    waiting = services.register(acting_user=None, event_id=event.pk, participant=person(email="b@example.com"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_event(acting_user=users["district"], event=event, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [["b@example.com"]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_event(acting_user=users["district"], event=event, data={"status": EventStatus.CANCELLED})
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    assert "đã bị hủy" in mail.outbox[0].body
    assert "Sự kiện đã bị hủy" in client.get(f"/su-kien/{event.slug}/").content.decode()
    with pytest.raises(services.EventError, match="không nhận đăng ký"):
        services.register(acting_user=None, event_id=event.pk, participant=person())


def test_event_address_comes_from_the_title_folded_and_unique(users, economic, district):
    now = timezone.now()
    data = {"kind": "workshop", "title": "Hội thảo Sản xuất sạch hơn – Đống Đa", "venue": "126 Hàng Trống",
            "capacity": 30, "status": "draft", "organiser": economic, "unit": district,
            "registration_opens": now, "registration_closes": now + timedelta(days=5)}
    session = [{"title": "Buổi sáng", "starts_at": now + timedelta(days=6), "ends_at": now + timedelta(days=6, hours=3)}]
    first = services.save_event(acting_user=users["district"], event=Event(), data=data, sessions=session)
    second = services.save_event(acting_user=users["district"], event=Event(), data=data, sessions=session)
    assert (first.slug, second.slug) == ("hoi-thao-san-xuat-sach-hon-dong-da", "hoi-thao-san-xuat-sach-hon-dong-da-2")
    renamed = services.save_event(acting_user=users["district"], event=first, data={**data, "title": "Tên khác"})
    assert renamed.slug == first.slug  # a published address keeps working after a change of title
    assert services.save_event(acting_user=users["district"], event=Event(), data={**data, "title": "!!!"},
                               sessions=session).slug == "su-kien"


def test_check_in_only_on_the_sessions_day_unless_an_officer_gives_a_reason(make_event, person, users, make_user,
                                                                            doit_org):
    event = make_event(days=2)  # both sessions the day after tomorrow
    event.co_organisers.add(doit_org)
    reg = services.register(acting_user=None, event_id=event.pk, participant=person())
    day = timezone.localtime(event.sessions.get(title="Buổi 1").starts_at)
    with pytest.raises(services.EventError) as refused:
        services.check_in(acting_user=users["district"], event=event, code=reg.code)
    assert refused.value.field == "override_reason"
    assert refused.value.message.startswith(f"Buổi “Buổi 1” diễn ra ngày {day:%d/%m/%Y}: chỉ điểm danh được")
    member = make_user("consultant", organisation=doit_org)  # may check in on the day, not override it
    with pytest.raises(services.EventError, match="Chỉ cán bộ quản lý"):
        services.check_in(acting_user=member, event=event, code=reg.code, override_reason="Nhập bù")
    assert not Attendance.objects.exists()
    result = services.check_in(acting_user=users["district"], event=event, code=reg.code,
                               override_reason="  Nhập bù   danh sách ký giấy  ")
    assert result.created
    log = AuditLog.objects.get(action="events.attendance.checked_in")
    assert log.after["outside_session_day"] is True and log.after["override_reason"] == "Nhập bù danh sách ký giấy"
