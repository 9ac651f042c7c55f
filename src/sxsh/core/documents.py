"""The header block of every official document (Decree 30/2020/NĐ-CP), built by one function.

:func:`official_header` takes the issuing unit and derives the wording (issuing body, the body above it,
the place of the date line) from the unit's fields; the PDF template (``documents/administrative.html``),
the DOCX writer (``core.docxfile``) and the XLSX title rows (:meth:`AdministrativeHeader.lines`) all render
what it returns. Where unit-kind wording comes from changes here only.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
COMMITTEE = "ỦY BAN NHÂN DÂN"
COMMUNE = "commune"  # directory.UnitLevel.COMMUNE (core imports no app)


def date_line(place: str, day: date) -> str:
    """"Hoàn Kiếm, ngày 08 tháng 8 năm 2019": a leading zero for days below 10 and months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def committee(unit: Any) -> str:
    """"ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM": the committee of the unit, named with its kind's word; "" for none."""
    if unit is None:
        return ""
    return f"{COMMITTEE} {unit.full_name}".upper()


def place_of(unit: Any) -> str:
    """The place of the date line: the official name of the unit where the issuing body sits (Decree
    30/2020/NĐ-CP, Appendix I, II.4.a), for a province, a district and a commune alike: "Hoàn Kiếm" for the
    district, "Hàng Bạc" for its ward in 2019, "Hoàn Kiếm" for the ward of that name under Hà Nội since
    1/7/2025 (never the province's name). A unit named by a number takes its full name ("Phường 12")."""
    name = str(unit.name)
    return str(unit.full_name) if name[:1].isdigit() else name


@dataclass
class AdministrativeHeader:
    """The parts of an administrative document that surround its body."""

    parent_body: str  # "ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM" or "" (the line above the issuing body)
    issuing_body: str  # "ỦY BAN NHÂN DÂN PHƯỜNG HÀNG BẠC"
    number: str  # "154/KH-UBND"
    place: str  # "Hoàn Kiếm" (see :func:`place_of`)
    issued_on: date
    document_type: str  # "KẾ HOẠCH", "BÁO CÁO"
    subject: str
    recipients: list[str] = field(default_factory=list)
    signing_authority: list[str] = field(default_factory=list)  # ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", ...]
    signer_name: str = ""

    @property
    def issuing_body_display(self) -> str:
        """The issuing body broken after "ỦY BAN NHÂN DÂN" as on signed documents."""
        body = self.issuing_body.upper()
        for head in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN "):
            if body.startswith(head) and "\n" not in body:
                return head.strip() + "\n" + body[len(head):]
        return body

    @property
    def number_line(self) -> str:
        """"Số: 15/BC-UBND"; "" for a document without a number (an attendance list)."""
        return f"Số: {self.number}" if self.number else ""

    @property
    def place_and_date(self) -> str:
        return date_line(self.place, self.issued_on)

    def lines(self) -> list[str]:
        """The header as title rows of a spreadsheet: bodies, number, national title, date line, title."""
        return [line for line in (
            self.parent_body, self.issuing_body, self.number_line, f"{NATIONAL_TITLE} – {MOTTO}", self.place_and_date,
            self.document_type, self.subject,
        ) if line]


def official_header(unit: Any, *, document_type: str, subject: str, number: str, issued_on: date,
                    body: str = "", under_committee: bool = True, recipients: Sequence[str] = (),
                    signing_authority: Sequence[str] = (), signer_name: str = "") -> AdministrativeHeader:
    """The header of a document issued by ``unit``'s People's Committee (the committee above it on the
    first line), or by ``body``, an organisation of that unit: a division of the committee (the committee
    above it) or, with ``under_committee`` False, an independent one such as a consultancy (no line above)."""
    own = committee(unit)
    parent = (own if under_committee else "") if body else committee(unit.parent if unit.parent_id else None)
    return AdministrativeHeader(
        parent_body=parent,
        issuing_body=body.upper() if body else own,
        number=number,
        place=place_of(unit),
        issued_on=issued_on,
        document_type=document_type,
        subject=subject,
        recipients=list(recipients),
        signing_authority=list(signing_authority),
        signer_name=signer_name,
    )
