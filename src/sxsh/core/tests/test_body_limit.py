"""Request bodies are capped per route from Content-Length, before any of the body is read."""

import socket
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client


@pytest.mark.django_db(transaction=True)
def test_a_200_mb_upload_is_refused_before_its_body_is_sent(live_server: Any, reference: None) -> None:
    """Only the headers are sent: a server that read the body first would wait for it and never answer."""
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=60) as conn:
        conn.sendall(
            b"POST /danh-muc/co-so/nhap/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 209715200\r\n\r\n--x\r\n")
        received = b""
        while b"MB." not in received and (chunk := conn.recv(65536)):
            received += chunk
    answer = received.decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert "Dữ liệu gửi lên quá lớn: tối đa 21 MB." in answer


def test_routes_without_uploads_have_a_small_limit(reference: None, settings: Any) -> None:
    settings.SXSH_BODY_MAX_BYTES = 1024 * 1024
    body = '{"username": "' + "a" * (1024 * 1024) + '", "password": "x"}'
    response = Client().post("/api/auth/token", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["message"] == "Dữ liệu gửi lên quá lớn: tối đa 1 MB."
    page = Client().post("/tai-khoan/dang-nhap/", {"username": "a" * (1024 * 1024), "password": "x"})
    assert page.status_code == 413


def test_an_upload_route_accepts_a_file_within_the_upload_limit(users: dict[str, Any], client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "Tên cơ sở,Mã số thuế\n" + "x,y\n" * 900_000  # 3.6 MB: over the small limit, within the upload one
    response = client_for(users["district"]).post("/danh-muc/co-so/nhap/", {
        "file": SimpleUploadedFile("co-so.csv", csv.encode())})
    assert response.status_code == 200
