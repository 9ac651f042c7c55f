"""Reading official documents back in tests: XLSX tables below their title rows, PDF text and fonts."""

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def table(sheet: Any) -> tuple[list[Any], list[tuple[Any, ...]]]:
    """(header values, data rows) of a sheet written by ``core.tabular.write_xlsx``: the header is the row
    just above the frozen pane, whatever title rows come first."""
    header_row = int(re.sub(r"\D", "", sheet.freeze_panes or "A2")) - 1
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
    return list(rows[0]), rows[1:]


def workbook(body: bytes) -> Any:
    return load_workbook(io.BytesIO(body))


def _tool(name: str) -> str:
    path = shutil.which(name) or f"/usr/bin/{name}"
    if not Path(path).exists():
        raise RuntimeError(f"{name} (poppler-utils) is needed: scripts/system-packages.sh test")
    return path


def pdf_text(body: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(body)
    args = [_tool("pdftotext"), *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603


def pdf_fonts(body: bytes, tmp_path: Path) -> set[str]:
    """The embedded font names without their subset prefix ("Liberation-Serif-Bold")."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(body)
    out = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return {line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()}


#: The only family an official PDF may embed (Liberation Serif 2.x, every style).
OFFICIAL_FONTS = {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic", "Liberation-Serif-Bold-Italic",
                  "LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}


def assert_official_fonts(body: bytes, tmp_path: Path) -> None:
    """Fail when the PDF embeds any family but Liberation Serif (a fallback inside Vietnamese words)."""
    fonts = pdf_fonts(body, tmp_path)
    assert fonts and fonts <= OFFICIAL_FONTS, f"fonts other than Liberation Serif embedded: {fonts - OFFICIAL_FONTS}"


def docx_text(body: bytes) -> tuple[str, list[list[list[str]]]]:
    """(the paragraphs' text, every table as rows of cell texts) of a DOCX."""
    from docx import Document

    document = Document(io.BytesIO(body))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return "\n".join(p.text for p in document.paragraphs), tables


def docx_to_pdf(body: bytes, tmp_path: Path) -> bytes:
    """A DOCX converted by LibreOffice (``soffice --headless --convert-to pdf``), as a reader opens it; the test
    is skipped where LibreOffice is not installed."""
    import pytest

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    source = tmp_path / "document.docx"
    source.write_bytes(body)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",  # noqa: S603
                    "--outdir", str(tmp_path), str(source)], capture_output=True, check=True, timeout=180)
    return (tmp_path / "document.pdf").read_bytes()


def first_page_png(body: bytes, tmp_path: Path) -> Path:
    """Page 1 of a PDF rendered to PNG (pdftoppm, 50 dpi), for a look and for a check that it is not blank."""
    source = tmp_path / "page.pdf"
    source.write_bytes(body)
    subprocess.run([_tool("pdftoppm"), "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", str(source),  # noqa: S603
                    str(tmp_path / "page")], check=True, capture_output=True)
    return tmp_path / "page.png"


def ink_share(png: Path, box: tuple[float, float, float, float] = (0, 0, 1, 1)) -> float:
    """The share of dark pixels in ``box`` (fractions of width and height) of a rendered page."""
    from PIL import Image

    image = Image.open(png).convert("L")
    w, h = image.size
    area = image.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))
    histogram = area.histogram()  # 256 counts of grey levels
    return sum(histogram[:128]) / max(1, sum(histogram))
