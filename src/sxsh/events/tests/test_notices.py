"""Registrants are told by e-mail (a real SMTP server on loopback) and, with an account, in the application."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from sxsh.events import notices, services
from sxsh.events.models import Attendance, Event, RegistrationStatus
from sxsh.notifications.models import Kind, Notification


def test_promotion_from_the_waiting_list_comes_with_a_decline_link(make_event: Callable[..., Event], person: Any,
                                                                   smtp_inbox: Any,
                                                                   django_capture_on_commit_callbacks: Any) -> None:
    event = make_event(capacity=1)
    first = services.register(acting_user=None, event_id=event.pk, participant=person())
    second = services.register(acting_user=None, event_id=event.pk, participant=person(email="cho@example.com"))
    assert second.status == RegistrationStatus.WAITLISTED
    smtp_inbox.messages.clear()  # the confirmations

    with django_capture_on_commit_callbacks(execute=True):  # the promotion is told once the seat is committed
        services.cancel_registration(acting_user=None, registration_id=first.pk, by_registrant=True)

    (mail,) = smtp_inbox.to("cho@example.com")
    text, html = smtp_inbox.parts(mail)
    assert smtp_inbox.subject(mail) == f"Bạn đã có chỗ: {event.title}"
    assert "đã được xác nhận" in text and "Từ chối chỗ này" in text and f"?ma={second.code}" in text
    assert f"?ma={second.code}" in html and "<a href=" in html
    decline = next(line for line in text.splitlines() if line.startswith("Từ chối chỗ này:")).split(": ", 1)[1]
    page = Client().get(decline.replace("http://127.0.0.1:8000", ""))
    assert page.status_code == 200 and f'value="{second.code}"' in page.content.decode()


def test_the_reminder_goes_out_the_day_before_once(make_event: Callable[..., Event], person: Any, smtp_inbox: Any,
                                                   make_user: Any) -> None:
    tomorrow_morning = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=1)
    event = make_event(days=(tomorrow_morning - timezone.now()).total_seconds() / 86400)
    account = make_user("enterprise", email="nhung@example.com")
    registration = services.register(acting_user=None, event_id=event.pk, participant=person(email="nhung@example.com"))
    make_event(days=5)  # not tomorrow: nobody reminded
    smtp_inbox.messages.clear()

    assert notices.send_reminders() == 1
    assert notices.send_reminders() == 0  # the worker's beat runs often: still once
    (mail,) = smtp_inbox.messages
    text, html = smtp_inbox.parts(mail)
    assert smtp_inbox.subject(mail).startswith(f"Nhắc lịch: {event.title} vào 08:00 ")
    assert registration.code in text and "126 Hàng Trống" in html
    listed = Notification.objects.get(recipient=account)
    assert listed.kind == Kind.EVENT_REMINDER and listed.read_at is None


def test_feedback_and_certificate_open_once_the_session_ended(running_event: Callable[..., Event], person: Any,
                                                              smtp_inbox: Any) -> None:
    event = running_event()
    registration = services.register(acting_user=None, event_id=event.pk, participant=person(email="thamdu@example.com"))
    ended = event.sessions.order_by("starts_at").first()
    Attendance.objects.create(registration=registration, session=ended)
    smtp_inbox.messages.clear()

    assert notices.send_follow_ups() == 1 and notices.send_follow_ups() == 0
    (mail,) = smtp_inbox.to("thamdu@example.com")
    text, _html = smtp_inbox.parts(mail)
    assert f"/su-kien/ma/{registration.code}/phan-hoi/" in text
    assert f"/su-kien/ma/{registration.code}/chung-nhan.pdf" in text
    assert notices.send_follow_ups(now=timezone.now() + timedelta(days=30)) == 0  # long over: never at start-up
