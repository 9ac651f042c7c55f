"""Upload checks by content (magic bytes), not by file name, with a size limit.

A checked upload is renamed to carry its kind's extension (``bao-cao.pdf``, never the user's ``.html``),
so a stored file's extension always names a kind of ``ALL`` and is served with that kind's content type
(``core.downloads.stored_file_response``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from sxsh.calc.text import slugify_vi


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extension: str
    content_type: str


PDF = FileKind("pdf", "PDF", "pdf", "application/pdf")
DOCX = FileKind("docx", "Word (DOCX)", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("xlsx", "Excel (XLSX)", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileKind("pptx", "PowerPoint (PPTX)", "pptx",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation")
PNG = FileKind("png", "PNG", "png", "image/png")
JPEG = FileKind("jpeg", "JPEG", "jpg", "image/jpeg")
DOCUMENTS = (PDF, DOCX, XLSX, PPTX)
IMAGES = (PNG, JPEG)
ALL = (*DOCUMENTS, *IMAGES)
SHOWN_INLINE = (PDF, *IMAGES)  # everything else is sent as an attachment


def kind_of_name(name: str) -> FileKind | None:
    """The kind a stored file's extension names (None for an extension no kind has)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((k for k in ALL if extension in (k.extension, k.code)), None)


def safe_name(name: str, kind: FileKind) -> str:
    """``Báo cáo tháng 9.HTML`` checked as a PDF -> ``bao-cao-thang-9.pdf``."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{(slugify_vi(stem) or 'tep')[:100]}.{kind.extension}"


def sniff(head: bytes, zip_names: list[str] | None = None) -> FileKind | None:
    """The kind of a file from its first bytes (and, for Office files, the names inside the zip)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04") and zip_names is not None:
        if any(n.startswith("word/") for n in zip_names):
            return DOCX
        if any(n.startswith("xl/") for n in zip_names):
            return XLSX
        if any(n.startswith("ppt/") for n in zip_names):
            return PPTX
    return None


def validate_upload(upload: UploadedFile, allowed: tuple[FileKind, ...], max_bytes: int | None = None) -> FileKind:
    """Return the file's kind and give the upload a safe name with that kind's extension, or raise a
    ValidationError with a Vietnamese message."""
    import zipfile

    limit = max_bytes or settings.SXSH_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(_("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": limit // (1024 * 1024)}, code="too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    names = None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            names = None
        upload.seek(0)
    kind = sniff(head, names)
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("Loại tệp không được chấp nhận. Chấp nhận: %(kinds)s.") % {"kinds": ", ".join(k.label for k in allowed)},
            code="bad_type",
        )
    upload.name = safe_name(upload.name or "", kind)
    return kind
