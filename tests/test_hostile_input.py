"""Hostile input: random files into the facility import, random text into forms, disguised uploads, rate limits."""

import io
import os
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sxsh.calc import taxcode
from sxsh.core import uploads
from sxsh.core.models import AuditLog
from sxsh.directory import importing, services
from sxsh.directory.models import Facility

HYPOTHESIS = settings(max_examples=int(os.environ.get("SXSH_HYPOTHESIS_EXAMPLES", "40")), deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
HEADER = "Tên cơ sở,Mã số thuế,Địa chỉ,Phường,Ngành VSIC,Quy mô,Số lao động,Email"

cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "Hàng Bạc", "hang bac", "C10", "10", "Nhỏ", "Lớn", "=1+1", "-5", "1e9", '"', ";", ",",
                     "\u0000", "\ufeff", "Có", "x" * 300]),
)


def _tax_code(n: int) -> str:
    while (code := taxcode.with_check_digit(f"05{n:07d}")) is None:
        n += 1
    return code


@pytest.fixture
def officer(users: dict[str, Any]) -> Any:
    return users["district"]


@HYPOTHESIS
@given(data=st.binary(max_size=3000))
def test_random_bytes_never_crash_the_import_preview(officer: Any, data: bytes) -> None:
    before = Facility.objects.count()
    preview = importing.preview_from_upload(officer, io.BytesIO(data))
    assert preview.file_errors or preview.rows is not None
    assert Facility.objects.count() == before


@HYPOTHESIS
@given(rows=st.lists(st.lists(cell, min_size=8, max_size=8), min_size=0, max_size=6), valid_rows=st.integers(0, 3))
def test_random_csv_rows_import_all_or_nothing(officer: Any, rows: list[list[str]], valid_rows: int) -> None:
    """Rows of junk mixed with valid rows: either every row is saved, or none is (and the preview says why)."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.split(","))
    start = Facility.objects.count()
    for i in range(valid_rows):
        writer.writerow([f"Cơ sở hợp lệ {start}-{i}", _tax_code(start * 10 + i), "1 Hàng Bạc", "Hàng Bạc", "C10",
                         "Nhỏ", "12", ""])
    for row in rows:
        writer.writerow(row)
    audit_before = AuditLog.objects.count()
    preview = importing.preview_from_upload(officer, io.BytesIO(buffer.getvalue().encode("utf-8", "surrogatepass")))
    if preview.is_valid and preview.rows:
        created, updated = services.import_facilities(acting_user=officer, preview=preview)
        assert created + updated == len(preview.rows)
        assert Facility.objects.count() == start + created
    else:
        with pytest.raises(ValueError):
            services.import_facilities(acting_user=officer, preview=preview)
        assert Facility.objects.count() == start
        assert AuditLog.objects.count() == audit_before
        assert preview.file_errors or any(r.errors for r in preview.rows)


@HYPOTHESIS
@given(data=st.binary(max_size=2000), name=st.sampled_from(["co-so.csv", "co-so.xlsx", "a.pdf", "x", "../../etc/passwd"]))
def test_random_uploads_to_the_import_page_never_500(client_for: Any, officer: Any, data: bytes, name: str) -> None:
    client = client_for(officer)
    before = Facility.objects.count()
    response = client.post("/danh-muc/co-so/nhap/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert Facility.objects.count() == before


@HYPOTHESIS
@given(fields=st.fixed_dictionaries({
    "name": st.text(max_size=300), "tax_code": st.one_of(st.text(max_size=25), st.just("0100109106")),
    "address": st.text(max_size=300), "employees": st.one_of(st.text(max_size=12), st.integers(-5, 10**12).map(str)),
    "contact_email": st.text(max_size=60), "contact_phone": st.text(max_size=30),
}))
def test_random_facility_form_input_saves_whole_or_nothing(client_for: Any, officer: Any, hang_bac: Any,
                                                          fields: dict[str, str]) -> None:
    from sxsh.directory.models import Sector

    client = client_for(officer)
    before = Facility.objects.count()
    data = {**fields, "ward": hang_bac.pk, "sector": Sector.objects.get(code="C10").pk, "size": "small"}
    data = {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in data.items()}
    response = client.post("/danh-muc/co-so/them/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert Facility.objects.count() == before + 1
        Facility.objects.filter(pk=Facility.objects.order_by("-pk")[0].pk).delete()  # keep tax codes free
    else:
        assert Facility.objects.count() == before
        assert "errorlist" in response.content.decode() or "error" in response.content.decode()


# --------------------------------------------------------------------------- upload type sniffing
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
HTML = b"<!doctype html><script>alert(1)</script>"
EXE = b"MZ\x90\x00\x03" + b"\x00" * 64


def _zip(names: dict[str, bytes]) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in names.items():
            # A fixed timestamp: the bytes (and so the test ids) must be the same in every xdist worker.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2019, 8, 8, 0, 0, 0)), content)
    return out.getvalue()


@pytest.mark.parametrize(("name", "content", "allowed", "accepted"), [
    ("report.pdf", PDF, uploads.DOCUMENTS, "pdf"),
    ("photo.pdf", PNG, uploads.DOCUMENTS, None),  # an image named .pdf is not a document
    ("page.pdf", HTML, uploads.DOCUMENTS, None),  # HTML (stored XSS vector) named .pdf
    ("setup.xlsx", EXE, uploads.DOCUMENTS, None),  # an executable named .xlsx
    ("archive.docx", _zip({"evil.sh": b"#!/bin/sh"}), uploads.DOCUMENTS, None),  # a zip that is not Office
    ("sheet.docx", _zip({"xl/workbook.xml": b"<x/>"}), uploads.DOCUMENTS, "xlsx"),  # kind by content, not name
    ("logo.png", PDF, uploads.IMAGES, None),
    ("logo.jpg", PNG, uploads.IMAGES, "png"),
    ("empty.pdf", b"", uploads.DOCUMENTS, None),
])
def test_uploads_are_typed_by_content(name: str, content: bytes, allowed: Any, accepted: str | None) -> None:
    upload = SimpleUploadedFile(name, content)
    if accepted is None:
        with pytest.raises(ValidationError):
            uploads.validate_upload(upload, allowed)
    else:
        assert uploads.validate_upload(upload, allowed).code == accepted


def test_oversized_upload_is_refused_before_reading(settings: Any) -> None:
    settings.SXSH_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        uploads.validate_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048), uploads.DOCUMENTS)
    assert caught.value.code == "too_large"


def test_disguised_file_in_the_facility_import_gets_a_vietnamese_message(client_for: Any, officer: Any) -> None:
    client = client_for(officer)
    for name, content in (("co-so.csv", PNG), ("co-so.xlsx", EXE), ("co-so.csv", PDF)):
        response = client.post("/danh-muc/co-so/nhap/", {"file": SimpleUploadedFile(name, content)})
        body = response.content.decode()
        assert response.status_code == 200
        assert "không phải CSV hoặc Excel" in body or "Loại tệp" in body or "không đọc được" in body.lower(), name


# --------------------------------------------------------------------------- rate limits
def test_token_endpoint_is_rate_limited(db: Any, users: dict[str, Any]) -> None:
    from django.core.cache import cache

    cache.clear()
    client = Client()
    statuses = [
        client.post("/api/auth/token", {"username": "quan", "password": f"sai-{i}"}, content_type="application/json")
        .status_code for i in range(25)
    ]
    assert statuses[0] == 401
    assert 429 in statuses, statuses
    assert statuses.index(429) <= 21
    cache.clear()


def test_nul_characters_are_refused_not_500(db: Any, users: dict[str, Any], client_for: Any) -> None:
    """Found by schemathesis on PostgreSQL (text cannot hold NUL): every such request answered 500."""
    from sxsh.accounts.services import issue_token

    api = Client(headers={"Authorization": f"Bearer {issue_token(acting_user=users['district'])[0]}"})
    assert api.get("/api/directory/organisations", {"q": "a\x00b"}).status_code == 422
    assert api.get("/api/directory/facilities", {"q": "\x00"}).json()["message"]
    body = '{"name": "a\\u0000", "tax_code": "0100109106", "address": "x", "ward_id": 1, "sector_code": "C10"}'
    assert api.post("/api/directory/facilities", body, content_type="application/json").status_code == 422
    page = client_for(users["district"]).get("/danh-muc/co-so/", {"q": "x\x00"})
    assert page.status_code == 400
    assert api.get("/api/directory/facilities", {"q": "bình thường"}).status_code == 200
    # a session cookie with NUL was looked up in the session table (500 on PostgreSQL)
    crafted = Client()
    crafted.cookies["sessionid"] = "abc\x00def"
    assert crafted.post("/api/notifications/notifications/1/read").status_code == 422
    assert crafted.get("/").status_code == 400


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart", "text"])
def test_nul_in_any_api_body_is_refused_not_500(db: Any, encoding: str) -> None:
    """A token request with NUL in a form-encoded, multipart or plain-text body: 422 with the message."""
    client = Client()
    if encoding == "urlencoded":
        response = client.post("/api/auth/token", "username=a%00b&password=x",
                               content_type="application/x-www-form-urlencoded")
    elif encoding == "multipart":
        response = client.post("/api/auth/token", {"username": "a\x00b", "password": "x"})
    else:
        response = client.post("/api/auth/token", '{"username": "a\x00b", "password": "x"}', content_type="text/plain")
    assert response.status_code == 422
    assert response.json()["message"] == "Yêu cầu chứa ký tự không hợp lệ (NUL)."


def test_comment_form_is_rate_limited_per_reader(db: Any, district: Any, settings: Any) -> None:
    """A reader (one address) posting many comments gets 429 after the limit; nothing more is stored."""
    import re
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import timezone

    from sxsh.outreach.models import Article, ArticleStatus, Comment

    settings.SXSH_FORM_MIN_SECONDS = 0
    settings.SXSH_COMMENT_RATE = (3, 600)
    cache.clear()
    article = Article.objects.create(title="Bài viết giới hạn", body="<p>x</p>", unit=district,
                                     status=ArticleStatus.PUBLISHED, publish_at=timezone.now() - timedelta(hours=1))
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 test")
    statuses = []
    for i in range(5):
        html = client.get(article.get_absolute_url()).content.decode()
        started = re.search(r'name="started" value="([^"]+)"', html)
        assert started is not None
        response = client.post(article.get_absolute_url(), {
            "name": "Bạn đọc", "title": f"Ý kiến {i}", "body": "Nội dung", "phone": "", "website": "",
            "started": started.group(1), "captcha_0": "x", "captcha_1": "PASSED",
        })
        statuses.append(response.status_code)
    assert statuses[:3] == [302, 302, 302], statuses
    assert statuses[3:] == [429, 429], statuses
    assert Comment.objects.filter(article=article).count() == 3
    cache.clear()


def test_ids_beyond_the_database_integer_are_not_found(client_for: Any, users: Any) -> None:
    """9223372036854775808 (2**63) and longer ids: 404 on pages, 422 in the API; never a server error."""
    huge = "9223372036854775808"
    officer = client_for(users["district"])
    for path in (f"/danh-muc/co-so/{huge}/", f"/ke-hoach/{huge}/", f"/su-kien/quan-ly/{huge}/",
                 f"/chi-tieu/gia-tri/{huge}/", f"/danh-gia/{huge}/", "/ke-hoach/99999999999999999999999/"):
        assert officer.get(path).status_code == 404, path
    for path in (f"/danh-muc/co-so/?ward={huge}&sector={huge}", f"/danh-gia/?facility={huge}&step={huge}",
                 f"/ke-hoach/1/hoat-dong/?organisation={huge}", f"/quan-ly/phan-phat/?document={huge}&ward={huge}",
                 f"/quan-ly/phan-phat/them/?document={huge}",
                 f"/chi-tieu/?unit={huge}&sector={huge}&year={huge}"):
        assert officer.get(path).status_code in (200, 404), path  # a filter id out of range is no filter
    from django.urls import reverse

    assert reverse("plans:plan_detail", args=[10**18 - 1])  # the largest id still routes
    api = client_for(users["admin"])
    for url in (f"/api/directory/facilities?sector={huge}", f"/api/directory/facilities?ward={huge}",
                f"/api/directory/facilities/{huge}", f"/api/plans/activities?organisation={huge}",
                f"/api/plans/plans/{huge}", f"/api/events/registrations/{huge}", f"/api/outreach/documents/{huge}",
                f"/api/indicators/values/{huge}", f"/api/indicators/values?unit={huge}"):
        response = api.get(url)
        assert response.status_code in (404, 422), (url, response.status_code)
