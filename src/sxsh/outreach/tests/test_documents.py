import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sxsh.core.models import AuditLog
from sxsh.core.pdf import render_pdf
from sxsh.outreach.models import Document, DocumentAccess, DocumentKind

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return render_pdf("outreach/demo_handbook.html", {
        "title": "Cẩm nang sản xuất sạch hơn", "subtitle": "Thử nghiệm", "sections": [("Mục", ["Quản lý nội vi"])],
        "issuer": "UBND quận Hoàn Kiếm", "place_year": "Hà Nội, 2019", "note": "",
    })


@pytest.fixture
def make_document(district: Any, pdf_bytes: bytes) -> Callable[..., Document]:
    def make(title: str, access: str = DocumentAccess.PUBLIC, **kwargs: Any) -> Document:
        doc = Document(title=title, access=access, unit=district, kind=kwargs.pop("kind", DocumentKind.HANDBOOK),
                       file_type="pdf", file_size=len(pdf_bytes), **kwargs)
        doc.file.save("tai-lieu.pdf", ContentFile(pdf_bytes), save=False)
        doc.save()
        return doc

    return make


def test_public_document_download_counts_and_is_safe(client: Client, make_document: Callable[..., Document],
                                                     tmp_path: Path) -> None:
    doc = make_document('Cẩm nang "sản xuất" sạch hơn; rm -rf')
    response = client.get(reverse("outreach:document_download", args=[doc.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition == ('attachment; filename="cam-nang-san-xuat-sach-hon-rm-rf.pdf"; '
                           "filename*=UTF-8''cam-nang-san-xuat-sach-hon-rm-rf.pdf")
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    (tmp_path / "d.pdf").write_bytes(body)
    text = subprocess.run(["/usr/bin/pdftotext", str(tmp_path / "d.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Cẩm nang sản xuất sạch hơn" in text
    doc.refresh_from_db()
    assert doc.download_count == 1


def test_logged_in_only_document(client: Client, users: Any, client_for: Callable[..., Client],
                                 make_document: Callable[..., Document]) -> None:
    secret = make_document("Bộ công cụ đào tạo nội bộ", access=DocumentAccess.LOGGED_IN)
    make_document("Cẩm nang công khai")
    listing = client.get(reverse("outreach:document_list")).content.decode()
    assert "Cẩm nang công khai" in listing and "Bộ công cụ đào tạo nội bộ" not in listing
    response = client.get(reverse("outreach:document_download", args=[secret.pk]))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
    assert client.get(reverse("outreach:document_download", args=[99999])).status_code == 404
    api = client.get("/api/outreach/documents").json()
    assert [d["title"] for d in api["items"]] == ["Cẩm nang công khai"]
    assert client.get(f"/api/outreach/documents/{secret.pk}").status_code == 404
    member = client_for(users["enterprise"])
    assert "Bộ công cụ đào tạo nội bộ" in member.get(reverse("outreach:document_list")).content.decode()
    assert member.get(reverse("outreach:document_download", args=[secret.pk])).status_code == 200
    secret.refresh_from_db()
    assert secret.download_count == 1


def test_document_search_ignores_diacritics(client: Client, make_document: Callable[..., Document]) -> None:
    make_document("Sổ tay hướng dẫn kỹ thuật ngành đồ uống")
    make_document("Cẩm nang dệt may")
    page = client.get(reverse("outreach:document_list"), {"q": "so tay do uong"}).content.decode()
    assert "Sổ tay hướng dẫn kỹ thuật ngành đồ uống" in page and "Cẩm nang dệt may" not in page


def _upload(client: Client, district: Any, name: str, content: bytes) -> Any:
    return client.post(reverse("outreach:manage_document_create"), {
        "title": "Tài liệu tải lên", "kind": DocumentKind.TECHNICAL, "access": DocumentAccess.PUBLIC,
        "unit": district.pk, "issued_on": "2019-09-01",
        "upload": SimpleUploadedFile(name, content, content_type="application/pdf"),
    })


@pytest.mark.parametrize("content", [PNG, b"Day la van ban thuong, khong phai PDF.", b"MZ\x90\x00\x03 exe"])
def test_upload_refuses_files_that_are_not_what_they_claim(users: Any, client_for: Callable[..., Client],
                                                         district: Any, content: bytes) -> None:
    response = _upload(client_for(users["district"]), district, "cam-nang.pdf", content)
    assert response.status_code == 200
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not Document.objects.exists()


def test_upload_size_limit(users: Any, client_for: Callable[..., Client], district: Any, settings: Any,
                           pdf_bytes: bytes) -> None:
    settings.SXSH_DOCUMENT_MAX_BYTES = 1024 * 1024
    response = _upload(client_for(users["district"]), district, "lon.pdf", pdf_bytes + b"0" * (1024 * 1024))
    assert "Tệp quá lớn" in response.content.decode()
    assert not Document.objects.exists()


def test_upload_real_pdf_with_audit(users: Any, client_for: Callable[..., Client], district: Any,
                                    pdf_bytes: bytes) -> None:
    response = _upload(client_for(users["district"]), district, "ten file la.PDF", pdf_bytes)
    assert response.status_code == 302
    doc = Document.objects.get()
    assert doc.file_type == "pdf" and doc.file_size == len(pdf_bytes)
    assert AuditLog.objects.filter(action="outreach.document.created", object_id=str(doc.pk)).exists()
    assert client_for(users["enterprise"]).get(reverse("outreach:manage_document_create")).status_code == 404


def test_another_district_cannot_edit_move_or_publish_a_document(users: Any, make_user: Callable[..., Any],
                                                                 client_for: Callable[..., Client], district: Any,
                                                                 make_document: Callable[..., Document]) -> None:
    """A logged-in-only document of Hoàn Kiếm is out of another district's scope: 404 to read or change it."""
    from sxsh.directory.models import AdministrativeUnit, UnitKind, UnitLevel

    secret = make_document("Hồ sơ nội bộ Hoàn Kiếm", access=DocumentAccess.LOGGED_IN)
    other_unit = AdministrativeUnit.objects.create(name="Quận Ba Đình", level=UnitLevel.DISTRICT, code="ba-dinh",
                                                   kind=UnitKind.objects.get(code="quan"), parent=district.parent)
    other = client_for(make_user("district", username="quan-ba-dinh", unit=other_unit))
    edit = reverse("outreach:manage_document_edit", args=[secret.pk])
    assert other.get(edit).status_code == 404
    posted = other.post(edit, {"title": "Đã bị sửa", "kind": DocumentKind.HANDBOOK, "access": DocumentAccess.PUBLIC,
                               "unit": other_unit.pk})
    assert posted.status_code == 404
    secret.refresh_from_db()
    assert (secret.title, secret.access, secret.unit_id) == ("Hồ sơ nội bộ Hoàn Kiếm", DocumentAccess.LOGGED_IN,
                                                            district.pk)
    assert "Hồ sơ nội bộ Hoàn Kiếm" not in other.get(reverse("outreach:manage_documents")).content.decode()
    assert "Hồ sơ nội bộ Hoàn Kiếm" not in other.get(reverse("outreach:document_list")).content.decode()
    assert other.get(reverse("outreach:document_download", args=[secret.pk])).status_code == 404
    # Control: the district that keeps it edits it; a ward below reads it.
    own = client_for(users["district"])
    assert own.get(edit).status_code == 200
    assert client_for(users["ward"]).get(reverse("outreach:document_download", args=[secret.pk])).status_code == 200
