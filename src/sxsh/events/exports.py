"""Registrations and attendance as rows for XLSX (same selector and columns as the list page)."""

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core import docxfile
from sxsh.core.documents import AdministrativeHeader, official_header
from sxsh.core.tabular import Column, Sheet
from sxsh.directory.models import OrganisationKind

from .models import Event, Registration, Session


def _local(value: Any) -> Any:
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def registration_headers() -> list[Column]:
    return [
        Column(_("Mã đăng ký"), "code", 12), Column(_("Họ và tên"), "name", 26), Column(_("Cơ quan / cơ sở"), "name", 30),
        Column(_("Chức vụ"), "text", 18), Column(_("Đối tượng"), "text", 18), Column(_("Điện thoại"), "code"),
        Column(_("Thư điện tử"), "text", 26), Column(_("Cơ sở sản xuất"), "name", 30), Column(_("Địa bàn"), "text", 16),
        Column(_("Trạng thái"), "text", 14), Column(_("Đăng ký tại chỗ"), "text", 10),
        Column(_("Đăng ký lúc"), "datetime"), Column(_("Đã tham dự"), "text", 10),
    ]


def registration_rows(registrations: Iterable[Registration]) -> Iterator[list[Any]]:
    for r in registrations:
        yield [
            r.code, r.full_name, r.organisation_name, r.position, r.get_audience_display(), r.phone, r.email,
            r.facility.name if r.facility else "", r.facility.ward.name if r.facility else "",
            r.get_status_display(), _("Có") if r.is_walk_in else "", _local(r.created_at),
            _("Có") if getattr(r, "attended", False) else _("Không"),
        ]


def _session_label(session: Session) -> str:
    return f"{session.title} ({timezone.localtime(session.starts_at):%d/%m/%Y %H:%M})"


def attendance_headers(sessions: Sequence[Session]) -> list[Column]:
    return [Column(_("Mã đăng ký"), "code", 12), Column(_("Họ và tên"), "name", 26),
            Column(_("Cơ quan / cơ sở"), "name", 30), Column(_("Đối tượng"), "text", 18),
            Column(_("Trạng thái"), "text", 14)] + [
        Column(_session_label(s), "datetime", 18) for s in sessions
    ] + [Column(_("Số buổi có mặt"), "int")]


def attendance_rows(registrations: Iterable[Registration], sessions: Sequence[Session]) -> Iterator[list[Any]]:
    for r in registrations:
        present = {a.session_id: a.checked_in_at for a in r.attendances.all()}
        marks = [_local(present[s.pk]) if s.pk in present else "" for s in sessions]
        yield [r.code, r.full_name, r.organisation_name, r.get_audience_display(), r.get_status_display(),
               *marks, len(present)]


#: Organisations that are divisions of their unit's People's Committee (the committee heads their documents).
COMMITTEE_DIVISIONS = (OrganisationKind.ECONOMIC_DIVISION, OrganisationKind.DOIT)


def _header(event: Event, **kwargs: Any) -> AdministrativeHeader:
    """The organiser's header: its committee's own, or the organiser's name (under its committee if it is
    one of the committee's divisions)."""
    organiser = event.organiser
    own = organiser.kind == OrganisationKind.PEOPLES_COMMITTEE
    return official_header(organiser.unit, body="" if own else organiser.name,
                           under_committee=organiser.kind in COMMITTEE_DIVISIONS, **kwargs)


def certificate_header(registration: Registration, issued_on: date) -> AdministrativeHeader:
    """The certificate's header: the organiser, its number, the place of the organiser's unit and the signer."""
    event = registration.event
    header = _header(
        event, number=registration.certificate_number, issued_on=issued_on, document_type="GIẤY CHỨNG NHẬN", subject=event.title, signer_name=event.signer_name,
    )
    header.signing_authority = [line.strip() for line in (event.signer_title or header.issuing_body).upper().split("/")]
    return header


def certificate_lines(registration: Registration, co_organisers: Sequence[Any]) -> dict[str, str]:
    """The words of a certificate below its header, shared by the PDF and the DOCX."""
    event = registration.event
    starts, ends = timezone.localtime(event.starts_at).date(), timezone.localtime(event.ends_at).date() if event.ends_at else None
    when = starts.strftime("%d/%m/%Y") + (f" – {ends:%d/%m/%Y}" if ends and ends != starts else "")
    attended = {"training": _("đã tham gia lớp tập huấn"), "study_tour": _("đã tham gia chuyến tham quan học tập")}
    return {
        "who": " – ".join(p for p in (registration.position, registration.organisation_name) if p),
        "attended": attended.get(event.kind, _("đã tham dự hội thảo")),
        "when": " ".join([_("Thời gian:"), when, "·", _("Địa điểm:"), event.venue]),
        "with": " ".join([_("Đơn vị phối hợp:"), "; ".join(o.name for o in co_organisers)]) if co_organisers else "",
        "code": " ".join([_("Mã đăng ký:"), registration.code]),
    }


def certificate_docx(registration: Registration, header: AdministrativeHeader, co_organisers: Sequence[Any]) -> bytes:
    """The certificate in Word: A4 landscape like the PDF, the header block, the participant, the event, then
    the place and date, the signer's title and name."""
    lines = certificate_lines(registration, co_organisers)
    document = docxfile.blank(landscape=True, margins_mm=(18, 22, 14, 22))
    docxfile.head(document, header, widths_mm=(110.0, 143.0), with_date=False)
    docxfile.para(document, "", after=10)
    docxfile.para(document, header.document_type, bold=True, size=28, after=8)
    docxfile.para(document, _("Chứng nhận Ông/Bà"), size=14)
    docxfile.para(document, registration.full_name, bold=True, size=24, after=6)
    if lines["who"]:
        docxfile.para(document, lines["who"], size=12)
    docxfile.para(document, lines["attended"], size=14)
    docxfile.para(document, header.subject, bold=True, size=16, after=6)
    docxfile.para(document, lines["when"], size=12)
    if lines["with"]:
        docxfile.para(document, lines["with"], size=12)
    foot = document.add_table(rows=1, cols=2)
    docxfile.fixed(foot, (123.0, 130.0))
    code, sign = (docxfile.empty(c) for c in foot.rows[0].cells)
    docxfile.para(code, "\n\n" + lines["code"], center=False, size=10)
    docxfile.para(sign, header.place_and_date, italic=True, size=13)
    for line in header.signing_authority:
        docxfile.para(sign, line, bold=True, size=13)
    docxfile.para(sign, "\n\n\n" + header.signer_name, bold=True, size=13)
    return docxfile.to_bytes(document)


def certificate_sheet(registration: Registration, header: AdministrativeHeader, co_organisers: Sequence[Any]
                      ) -> Sheet:
    """The certificate as a sheet: the header block as title rows, then what the PDF says, line by line, down
    to the place and date, the signer's title and name."""
    lines = certificate_lines(registration, co_organisers)
    event = registration.event
    starts = timezone.localtime(event.starts_at).date()
    ends = timezone.localtime(event.ends_at).date() if event.ends_at else starts
    rows: list[tuple[str, Any]] = [
        (_("Số giấy chứng nhận"), registration.certificate_number),
        (_("Chứng nhận Ông/Bà"), registration.full_name),
        (_("Chức vụ, đơn vị"), lines["who"]),
        (_("Nội dung"), f"{lines['attended']} “{header.subject}”"),
        (_("Từ ngày"), starts), (_("Đến ngày"), ends),
        (_("Địa điểm"), event.venue),
        (_("Đơn vị phối hợp"), "; ".join(o.name for o in co_organisers)),
        (_("Mã đăng ký"), registration.code),
        (_("Nơi, ngày cấp"), header.place_and_date),
        (_("Chức danh người ký"), " / ".join(header.signing_authority)),
        (_("Người ký"), header.signer_name),
    ]
    return Sheet(_("Giấy chứng nhận"), [Column(_("Mục"), "text", 24), Column(_("Nội dung"), "name", 70)], rows,
                 heading=header.lines())


def attendance_header(event: Event, issued_on: date) -> AdministrativeHeader:
    """The attendance list of an event, issued by its organiser."""
    return _header(
        event, number="", issued_on=issued_on,
        document_type="DANH SÁCH ĐIỂM DANH", subject=event.title,
        signing_authority=[line.strip() for line in (event.signer_title or "NGƯỜI LẬP DANH SÁCH").upper().split("/")],
        signer_name=event.signer_name,
    )


def attendance_table(registrations: Iterable[Registration], sessions: Sequence[Session]
                     ) -> tuple[list[tuple[str, float]], list[list[Any]]]:
    """The attendance list of the PDF and DOCX: (header, width in mm) and text rows (check-in times)."""
    session_width = min(28.0, 80.0 / max(1, len(sessions)))
    columns = [("STT", 13.0), ("Họ và tên", 40.0), ("Cơ quan / cơ sở", 165.0 - 40 - 13 - 16 - session_width * len(sessions)),
               *[(_session_label(s), session_width) for s in sessions], ("Số buổi", 16.0)]
    rows = []
    for i, r in enumerate(registrations, start=1):
        present = {a.session_id: a.checked_in_at for a in r.attendances.all()}
        marks = [timezone.localtime(present[s.pk]).strftime("%H:%M") if s.pk in present else "" for s in sessions]
        rows.append([i, r.full_name, r.organisation_name, *marks, len(present)])
    return columns, rows


def attendance_docx(header: AdministrativeHeader, columns: list[tuple[str, float]], rows: list[list[Any]]) -> bytes:
    document = docxfile.new_document(header)
    docxfile.table(document, columns, rows, numeric=(0, len(columns) - 1))
    docxfile.para(document, f"Tổng số: {len(rows)} người.", center=False, before=6)
    docxfile.signature(document, header)
    return docxfile.to_bytes(document)
