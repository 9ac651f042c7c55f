"""Certificates (numbered, signed, dated at the organiser's place) and the attendance list as official documents."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sxsh.core.models import AuditLog
from sxsh.events import services
from sxsh.testing.documents import (
    assert_official_fonts,
    docx_text,
    docx_to_pdf,
    first_page_png,
    ink_share,
    pdf_text,
    table,
    workbook,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(running_event: Any, person: Any, users: Any) -> Any:
    event = running_event(kind="training", title="Lớp tập huấn chuyên sâu về sản xuất sạch hơn",
                          signer_title="KT. TRƯỞNG PHÒNG / PHÓ TRƯỞNG PHÒNG", signer_name="Trần Văn Ánh")
    regs = [services.register(acting_user=None, event_id=event.pk, participant=person(full_name=name))
            for name in ("Nguyễn Thị Hồng Nhung", "Lê Văn Đức")]
    services.check_in(acting_user=users["district"], event=event, code=regs[0].code,
                      session_id=event.sessions.get(title="Buổi 1").pk)
    return event, regs


def test_certificates_are_numbered_per_organiser_and_year_and_signed(attended: Any, client: Any, person: Any,
                                                                     users: Any, tmp_path: Any) -> None:
    event, (nhung, _duc) = attended
    response = client.get(reverse("events:certificate", args=[nhung.code]))
    assert response["Content-Disposition"].startswith(f'inline; filename="chung-nhan-{nhung.code.lower()}.pdf"')
    assert_official_fonts(response.content, tmp_path)
    text = " ".join(pdf_text(response.content, tmp_path).split())
    issued = timezone.localtime(event.ends_at).date()
    month = f"{issued.month:02d}" if issued.month < 3 else str(issued.month)
    for needle in ("ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "PHÒNG KINH TẾ QUẬN HOÀN KIẾM", "Số: 1/GCN", "GIẤY CHỨNG NHẬN",
                   f"Hoàn Kiếm, ngày {issued.day:02d} tháng {month} năm {issued.year}", "KT. TRƯỞNG PHÒNG",
                   "PHÓ TRƯỞNG PHÒNG", "Trần Văn Ánh", "Nguyễn Thị Hồng Nhung",
                   "Lớp tập huấn chuyên sâu về sản xuất sạch hơn"):
        assert needle in text, needle
    again = " ".join(pdf_text(client.get(reverse("events:certificate", args=[nhung.code])).content, tmp_path).split())
    assert "Số: 1/GCN" in again  # the same number on every download
    other = services.register(acting_user=None, event_id=event.pk, participant=person(full_name="Phạm Thu Hà"))
    services.check_in(acting_user=users["district"], event=event, code=other.code,
                      session_id=event.sessions.get(title="Buổi 1").pk)
    text = " ".join(pdf_text(client.get(reverse("events:certificate", args=[other.code])).content, tmp_path).split())
    assert "Số: 2/GCN" in text
    assert AuditLog.objects.filter(action="events.registration.certificate_issued").count() == 2


def test_certificate_in_word_has_the_pdf_number_header_and_signer(attended: Any, client: Any, tmp_path: Any,
                                                                  settings: Any) -> None:
    """The DOCX certificate (for a reader of the English interface too): the same number as the PDF, the
    organiser's header, the participant and event, the place and date, the signer; one page in Liberation Serif."""
    from docx import Document

    event, (nhung, _duc) = attended
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pdf_body = client.get(reverse("events:certificate", args=[nhung.code])).content
    assert ink_share(first_page_png(pdf_body, tmp_path), (0.1, 0.03, 0.9, 0.2)) > 0.02  # the header at the top
    pdf = " ".join(pdf_text(pdf_body, tmp_path).split())
    response = client.get(reverse("events:certificate_docx", args=[nhung.code]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="chung-nhan-{nhung.code.lower()}.docx"')
    text, tables = docx_text(response.content)
    left, right = tables[0][0]
    assert "PHÒNG KINH TẾ QUẬN HOÀN KIẾM" in left and "Số: 1/GCN" in left and "Số: 1/GCN" in pdf
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    issued = timezone.localtime(event.ends_at).date()
    month = f"{issued.month:02d}" if issued.month < 3 else str(issued.month)
    for needle in ("GIẤY CHỨNG NHẬN", "Chứng nhận Ông/Bà", "Nguyễn Thị Hồng Nhung", "đã tham gia lớp tập huấn",
                   "Lớp tập huấn chuyên sâu về sản xuất sạch hơn"):
        assert needle in text and needle in pdf, needle
    _code, sign = tables[1][0]
    for needle in (f"Hoàn Kiếm, ngày {issued.day:02d} tháng {month} năm {issued.year}", "KT. TRƯỞNG PHÒNG",
                   "PHÓ TRƯỞNG PHÒNG", "Trần Văn Ánh"):
        assert needle in sign and needle in pdf, needle
    assert f"Mã đăng ký: {nhung.code}" in _code
    section = Document(__import__("io").BytesIO(response.content)).sections[0]
    assert section.page_width > section.page_height  # landscape, like the PDF
    converted = docx_to_pdf(response.content, tmp_path)
    assert_official_fonts(converted, tmp_path)
    assert pdf_text(converted, tmp_path).count("\f") == 1  # one page
    page = first_page_png(converted, tmp_path)
    assert ink_share(page, (0.3, 0.25, 0.7, 0.55)) > 0.01  # the title and the name are drawn in the middle


@pytest.mark.parametrize("language", ["vi", "en"])
def test_certificate_in_excel_has_the_header_number_participant_and_signer(
        attended: Any, client: Any, settings: Any, language: str) -> None:
    """The XLSX certificate: the organiser's header as title rows, then the same number, participant, event,
    dates (as dates), place and date line and signer as the PDF, in Vietnamese whatever the interface."""
    from datetime import datetime

    event, (nhung, _duc) = attended
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("events:certificate_xlsx", args=[nhung.code]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="chung-nhan-{nhung.code.lower()}.xlsx"')
    sheet = workbook(response.content).active
    heading = [sheet.cell(row=i, column=1).value for i in range(1, 8)]
    assert heading[:3] == ["ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "PHÒNG KINH TẾ QUẬN HOÀN KIẾM", "Số: 1/GCN"]
    assert "GIẤY CHỨNG NHẬN" in heading
    headers, rows = table(sheet)
    assert headers == ["Mục", "Nội dung"]
    by_field = dict(rows)
    issued = timezone.localtime(event.ends_at).date()
    month = f"{issued.month:02d}" if issued.month < 3 else str(issued.month)
    assert by_field["Số giấy chứng nhận"] == "1/GCN"
    assert by_field["Chứng nhận Ông/Bà"] == "Nguyễn Thị Hồng Nhung"
    assert by_field["Nội dung"] == "đã tham gia lớp tập huấn “Lớp tập huấn chuyên sâu về sản xuất sạch hơn”"
    assert by_field["Từ ngày"] == datetime.combine(timezone.localtime(event.starts_at).date(), datetime.min.time())
    assert by_field["Nơi, ngày cấp"] == f"Hoàn Kiếm, ngày {issued.day:02d} tháng {month} năm {issued.year}"
    assert by_field["Chức danh người ký"] == "KT. TRƯỞNG PHÒNG / PHÓ TRƯỞNG PHÒNG"
    assert by_field["Người ký"] == "Trần Văn Ánh" and by_field["Mã đăng ký"] == nhung.code
    assert sheet.freeze_panes and sheet.page_setup.fitToWidth == 1 and sheet.print_title_rows
    date_cell = next(row[1] for row in sheet.iter_rows() if row[0].value == "Từ ngày")
    assert date_cell.number_format.lower() == "dd/mm/yyyy"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_attendance_list_in_pdf_docx_and_xlsx(attended: Any, users: Any, client_for: Any, tmp_path: Any,
                                              language: str, settings: Any) -> None:
    event, _regs = attended
    client = client_for(users["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pdf = client.get(reverse("events:attendance_document", args=[event.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert_official_fonts(pdf.content, tmp_path)
    text = " ".join(pdf_text(pdf.content, tmp_path).split())
    for needle in ("PHÒNG KINH TẾ QUẬN HOÀN KIẾM", "DANH SÁCH ĐIỂM DANH", "Lớp tập huấn chuyên sâu", "Họ và tên",
                   "Nguyễn Thị Hồng Nhung", "Lê Văn Đức", "Tổng số: 2 người.", "Trần Văn Ánh"):
        assert needle in text, needle
    _text, tables = docx_text(client.get(reverse("events:attendance_document", args=[event.pk, "docx"])).content)
    assert "DANH SÁCH ĐIỂM DANH" in _text and "PHÒNG KINH TẾ QUẬN HOÀN KIẾM" in tables[0][0][0]
    assert "Tổng số: 2 người." in _text
    by_name = {row[1]: row for row in tables[1][1:]}
    assert by_name["Nguyễn Thị Hồng Nhung"][-1] == "1" and by_name["Lê Văn Đức"][-1] == "0"
    book = workbook(client.get(reverse("events:export_attendance", args=[event.pk])).content)
    sheet = book.active
    assert sheet.cell(row=1, column=1).value == "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM"
    _headers, rows = table(sheet)
    present = {r[1]: r for r in rows}["Nguyễn Thị Hồng Nhung"]
    assert present[-1] == 1 and present[5] is not None
    assert sheet.cell(row=sheet.max_row - len(rows) + 1, column=6).number_format in ("DD/MM/YYYY HH:MM", "General")
    assert client.get(reverse("events:attendance_document", args=[event.pk, "odt"])).status_code == 404

