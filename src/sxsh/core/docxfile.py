"""Official documents as DOCX (python-docx) in the Decree 30/2020 layout, beside the PDF template.

A4 with the decree's margins; every style and the document defaults in Liberation Serif (ASCII, high
ANSI, east-Asian and complex-script slots alike, so no Vietnamese letter falls back to a theme font);
page numbers centred in the top margin from page 2 (a PAGE field in the header, a blank first-page
header); the header block of :class:`~sxsh.core.documents.AdministrativeHeader`; tables with real column
widths, a header row repeated on every page and rows that never split across pages.
"""

import io
from collections.abc import Sequence
from typing import Any

from .documents import MOTTO, NATIONAL_TITLE, AdministrativeHeader

FONT = "Liberation Serif"
#: Text width of a portrait A4 page with margins 30 mm left and 15 mm right.
TEXT_WIDTH_MM = 165.0
#: The two columns of the header block (issuing body | national title), in millimetres.
HEAD_WIDTHS_MM = (62.0, 103.0)


def _set_fonts(rpr: Any) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _use_font_everywhere(document: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is not None:
        _set_fonts(rpr)
    for style in document.styles:
        if getattr(style, "font", None) is not None:
            style.font.name = FONT
            _set_fonts(style.element.get_or_add_rPr())
    document.styles["Normal"].font.size = Pt(13)


def _field(paragraph: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def para(container: Any, text: str, *, bold: bool = False, italic: bool = False, underline: bool = False,
         center: bool = True, size: float | None = None, after: float | None = None, before: float = 0) -> Any:
    """A paragraph of one run in ``container`` (the document or a table cell); ``after`` and ``before`` are the
    space below (by default 4 points in the body, none in a cell) and above."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = container.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.space_after = Pt(after if after is not None else 4 if hasattr(container, "sections") else 0)
    if before:
        p.paragraph_format.space_before = Pt(before)
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return p


def fixed(table: Any, widths_mm: Sequence[float]) -> None:
    """Fixed layout with the given column widths (Word and LibreOffice both honour cell widths)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def empty(cell: Any) -> Any:
    """The cell without the blank paragraph python-docx puts in every new cell."""
    cell._element.remove(cell.paragraphs[0]._element)
    return cell


def blank(*, landscape: bool = False, margins_mm: tuple[float, float, float, float] = (20, 15, 20, 30)) -> Any:
    """An empty A4 document set in Liberation Serif; ``margins_mm`` are top, right, bottom, left."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = Document()
    _use_font_everywhere(document)
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    top, right, bottom, left = (Mm(m) for m in margins_mm)
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = top, right, bottom, left
    return document


def head(document: Any, header: AdministrativeHeader, *, widths_mm: Sequence[float] = HEAD_WIDTHS_MM,
         with_date: bool = True) -> None:
    """The two columns of the header block: issuing body and number | national title, motto (and the date line)."""
    grid = document.add_table(rows=1, cols=2)
    fixed(grid, widths_mm)
    left, right = (empty(c) for c in grid.rows[0].cells)
    if header.parent_body:
        para(left, header.parent_body, size=12)
    para(left, header.issuing_body_display.replace("\n", " "), bold=True, size=12)
    if header.number_line:
        para(left, header.number_line, size=13)
    para(right, NATIONAL_TITLE, bold=True, size=12)
    para(right, MOTTO, bold=True, underline=True, size=13)
    if with_date:
        para(right, header.place_and_date, italic=True, size=13)


def new_document(header: AdministrativeHeader, *, draft_note: str = "") -> Any:
    """A document with the page set-up, page numbers and the header block written."""
    from docx.shared import Mm, Pt

    document = blank()
    section = document.sections[0]
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = 1  # centred
    _field(number, "PAGE")
    for run in number.runs:
        run.font.size = Pt(13)
    head(document, header)
    para(document, header.document_type, bold=True, size=14)
    para(document, header.subject, bold=True, after=6)
    if draft_note:
        para(document, draft_note, italic=True, size=11)
    return document


def heading(document: Any, text: str) -> Any:
    """A section heading, with space above it (after a table too)."""
    return para(document, text, bold=True, center=False, after=3, before=6)


def table(document: Any, columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[Any]],
          numeric: Sequence[int] = (), size: float = 11) -> Any:
    """A bordered table: ``columns`` are (header, width in mm); header repeated on every page; rows kept whole;
    the ``numeric`` columns right-aligned; text in ``size`` points (10 for a wide table of money)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    grid = document.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    for cell, (text, _w) in zip(grid.rows[0].cells, columns, strict=True):
        cell.text = str(text)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        for index, (cell, value) in enumerate(zip(grid.add_row().cells, values, strict=True)):
            cell.text = "" if value is None else str(value)
            if index in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fixed(grid, [w for _t, w in columns])
    for index, row in enumerate(grid.rows):
        props = row._tr.get_or_add_trPr()
        keep = OxmlElement("w:cantSplit")
        props.append(keep)
        if index == 0:
            repeat = OxmlElement("w:tblHeader")
            props.append(repeat)
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(size)
    return grid


def signature(document: Any, header: AdministrativeHeader) -> None:
    """Recipients on the left, the signing block on the right, a blank line above them."""
    para(document, "", after=6)
    foot = document.add_table(rows=1, cols=2)
    fixed(foot, (TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2))
    rec, sign = (empty(c) for c in foot.rows[0].cells)
    if header.recipients:
        para(rec, "Nơi nhận:", bold=True, italic=True, center=False, size=12)
    for recipient in header.recipients:
        para(rec, f"- {recipient};", center=False, size=11)
    for line in header.signing_authority:
        para(sign, line, bold=True)
    para(sign, "\n\n\n" + header.signer_name, bold=True)


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
