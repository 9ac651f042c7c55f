"""Registrations and attendance as rows for XLSX (same selector and columns as the list page)."""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Registration, Session


def _local(value: Any) -> Any:
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def registration_headers() -> list[str]:
    return [
        _("Mã đăng ký"), _("Họ và tên"), _("Cơ quan / cơ sở"), _("Chức vụ"), _("Đối tượng"), _("Điện thoại"),
        _("Thư điện tử"), _("Cơ sở sản xuất"), _("Phường"), _("Trạng thái"), _("Đăng ký tại chỗ"),
        _("Đăng ký lúc"), _("Đã tham dự"),
    ]


def registration_rows(registrations: Iterable[Registration]) -> Iterator[list[Any]]:
    for r in registrations:
        yield [
            r.code, r.full_name, r.organisation_name, r.position, r.get_audience_display(), r.phone, r.email,
            r.facility.name if r.facility else "", r.facility.ward.name if r.facility else "",
            r.get_status_display(), _("Có") if r.is_walk_in else "", _local(r.created_at),
            _("Có") if getattr(r, "attended", False) else _("Không"),
        ]


def attendance_headers(sessions: Sequence[Session]) -> list[str]:
    return [_("Mã đăng ký"), _("Họ và tên"), _("Cơ quan / cơ sở"), _("Đối tượng"), _("Trạng thái")] + [
        f"{s.title} ({timezone.localtime(s.starts_at):%d/%m/%Y %H:%M})" for s in sessions
    ] + [_("Số buổi có mặt")]


def attendance_rows(registrations: Iterable[Registration], sessions: Sequence[Session]) -> Iterator[list[Any]]:
    for r in registrations:
        present = {a.session_id: a.checked_in_at for a in r.attendances.all()}
        marks = [_local(present[s.pk]) if s.pk in present else "" for s in sessions]
        yield [r.code, r.full_name, r.organisation_name, r.get_audience_display(), r.get_status_display(),
               *marks, len(present)]
