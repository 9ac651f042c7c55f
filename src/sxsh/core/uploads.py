"""Upload checks by content (magic bytes), not by file name, with a size limit."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _


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
    """Return the file's kind, or raise a ValidationError with a Vietnamese message."""
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
    return kind
