"""Overview, forms and bad input."""

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sxsh.plans.models import Activity, EvidenceFile, EvidenceLink, Plan, ProgressUpdate, Workstream

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx_bytes() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_overview_shows_progress_counts_overdue_and_spend(
    members: dict[str, Any], plan: Plan, workstream: Workstream, activity: Activity, orgs: Any, client_for: Any,
) -> None:
    late = Activity.objects.create(workstream=workstream, order=2, title="Hoạt động trễ hạn", responsible=orgs["econ"],
                                   start_date=date(2019, 8, 1), due_date=date(2019, 9, 1), budget=Decimal(40_000_000),
                                   status="in_progress", percent_complete=50, spent=Decimal(10_000_000), weight=3)
    page = client_for(members["district"]).get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    # (0 × 1 + 50 × 3) / 4 = 37,5 %
    assert "37,5%" in page
    assert 'class="pct-38"' in page or "pct-38" in page
    assert "Hoạt động quá hạn" in page and late.title in page
    assert "10.000.000 ₫ / 100.000.000 ₫" in page
    assert "Quá hạn: 1" in page and "Chưa bắt đầu: 1" in page


def test_overview_query_budget(
    members: dict[str, Any], plan: Plan, orgs: Any, client_for: Any, django_assert_max_num_queries: Any,
) -> None:
    for w in range(4):
        ws = Workstream.objects.create(plan=plan, order=w + 1, title=f"Nhóm {w + 1}")
        for i in range(6):
            a = Activity.objects.create(workstream=ws, order=i, title=f"Hoạt động {w}.{i}", responsible=orgs["econ"],
                                        start_date=date(2019, 8, 1), due_date=date(2099, 12, 1))
            a.coordinating.set([orgs["hang_bac"], orgs["doit"]])
    client = client_for(members["district"])
    client.get(reverse("plans:plan_detail", args=[plan.pk]))
    with django_assert_max_num_queries(15):  # + stages, budget lines, owners, the menu's count of facilities to place and the header's unread notices
        response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.content.decode().count("Hoạt động 3.5") == 1
    with django_assert_max_num_queries(15):
        client.get(reverse("plans:plan_timeline", args=[plan.pk]))


def test_timeline_draws_a_bar_per_activity(members: dict[str, Any], plan: Plan, activity: Activity,
                                           client_for: Any) -> None:
    page = client_for(members["ward"]).get(reverse("plans:plan_timeline", args=[plan.pk])).content.decode()
    assert "<svg" in page and "Phát hành cẩm nang" in page
    assert page.count('<rect class="bar-') == 1
    assert 'x="5.' in page or 'x="4.' in page  # 20/08 is ~8 % into Aug–Nov 2099's span… position in percent, dot


def test_activity_due_before_start_is_refused(members: dict[str, Any], plan: Plan, workstream: Workstream,
                                              client_for: Any) -> None:
    response = client_for(members["district"]).post(reverse("plans:activity_create", args=[plan.pk]), {
        "workstream": workstream.pk, "order": 1, "title": "Sai ngày", "responsible": members["district"].organisation_id,
        "start_date": "2019-10-01", "due_date": "2019-09-01", "weight": "1",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hạn hoàn thành không được trước ngày bắt đầu." in page
    assert 'value="Sai ngày"' in page  # entries kept
    assert not Activity.objects.filter(title="Sai ngày").exists()


@pytest.mark.parametrize("percent", ["-5", "101", "150"])
def test_percent_outside_0_100_is_refused(percent: str, members: dict[str, Any], activity: Activity,
                                          client_for: Any) -> None:
    response = client_for(members["district"]).post(reverse("plans:update_create", args=[activity.pk]), {
        "reported_on": "2019-09-30", "percent_complete": percent, "status": "in_progress", "narrative": "x",
    })
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_done_needs_100_percent(members: dict[str, Any], activity: Activity, client_for: Any) -> None:
    response = client_for(members["district"]).post(reverse("plans:update_create", args=[activity.pk]), {
        "reported_on": "2019-09-30", "percent_complete": "80", "status": "done"})
    assert "tiến độ phải là 100%" in response.content.decode()


def test_plan_document_must_be_pdf_or_docx(members: dict[str, Any], plan: Plan, client_for: Any,
                                           settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(members["district"])
    url = reverse("plans:plan_edit", args=[plan.pk])
    base = {"number": plan.number, "title": plan.title, "issuer": plan.issuer_id, "issued_on": "2019-08-08",
            "period_start": "2019-08-08", "period_end": "2019-12-31", "status": "in_force"}
    fake = SimpleUploadedFile("ke-hoach.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(url, {**base, "document": fake})
    assert response.status_code == 200
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.document
    good = SimpleUploadedFile("ke-hoach.docx", _docx_bytes())
    assert client.post(url, {**base, "document": good}).status_code == 302
    plan.refresh_from_db()
    assert plan.document.name.endswith(".docx")
    download = client.get(reverse("plans:plan_document", args=[plan.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")


def test_period_end_before_start_is_refused(members: dict[str, Any], orgs: Any, client_for: Any) -> None:
    response = client_for(members["district"]).post(reverse("plans:plan_create"), {
        "number": "1/KH-UBND", "title": "Kế hoạch 2020", "issuer": orgs["ubnd"].pk, "issued_on": "2020-01-02",
        "period_start": "2020-12-31", "period_end": "2020-01-01", "status": "draft"})
    assert "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu." in response.content.decode()
    assert not Plan.objects.filter(number="1/KH-UBND").exists()


def test_update_with_evidence_and_escaped_narrative(members: dict[str, Any], activity: Activity, client_for: Any,
                                                    settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(members["ward"])
    response = client.post(reverse("plans:update_create", args=[activity.pk]), {
        "reported_on": "2019-10-01", "percent_complete": "70", "status": "in_progress",
        "narrative": "<script>alert('x')</script><b>đậm</b>", "spent_to_date": "15000000",
        "evidence_files": [SimpleUploadedFile("bien-ban.pdf", PDF_BYTES)],
        "evidence_links": "Bài viết trên cổng thông tin | https://hoankiem.hanoi.gov.vn/tin/1\nhttps://example.org/su-kien",
    })
    assert response.status_code == 302
    assert EvidenceFile.objects.get().kind == "pdf"
    assert list(EvidenceLink.objects.values_list("title", flat=True)) == [
        "Bài viết trên cổng thông tin", "https://example.org/su-kien"]
    page = client.get(reverse("plans:activity_detail", args=[activity.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<b>đậm</b>" not in page
    assert "15.000.000 ₫" in page
    file_url = reverse("plans:evidence_file", args=[EvidenceFile.objects.get().pk])
    assert file_url in page
    assert client.get(file_url).status_code == 200


def test_evidence_that_is_not_an_allowed_type_saves_nothing(members: dict[str, Any], activity: Activity,
                                                            client_for: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = client_for(members["district"]).post(reverse("plans:update_create", args=[activity.pk]), {
        "reported_on": "2019-10-01", "percent_complete": "70", "status": "in_progress",
        "evidence_files": [SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary")],
        "evidence_links": "Tiêu đề | javascript:alert(1)",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "virus.exe: Loại tệp không được chấp nhận" in page
    assert "Dòng 1: đường dẫn không hợp lệ" in page
    assert not ProgressUpdate.objects.exists() and not EvidenceFile.objects.exists()


def test_latest_update_by_date_drives_the_activity(members: dict[str, Any], activity: Activity) -> None:
    from sxsh.plans import services

    user = members["district"]
    services.add_progress_update(acting_user=user, activity=activity, data={
        "reported_on": date(2019, 11, 1), "percent_complete": 100, "status": "done", "narrative": "Xong"})
    services.add_progress_update(acting_user=user, activity=activity, data={
        "reported_on": date(2019, 10, 1), "percent_complete": 40, "status": "in_progress", "narrative": "Cũ"})
    activity.refresh_from_db()
    assert (activity.status, activity.percent_complete, activity.last_update_on) == ("done", 100, date(2019, 11, 1))


def test_evidence_too_large_is_refused(members: dict[str, Any], activity: Activity, client_for: Any,
                                      settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.SXSH_UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("lon.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 1))
    response = client_for(members["district"]).post(reverse("plans:update_create", args=[activity.pk]), {
        "reported_on": "2019-10-01", "percent_complete": "70", "status": "in_progress", "narrative": "Giữ lại",
        "evidence_files": [big]})
    page = response.content.decode()
    assert "lon.pdf: Tệp quá lớn: tối đa 1 MB." in page
    assert "Giữ lại" in page
    assert not ProgressUpdate.objects.exists()


def test_evidence_is_stored_and_served_by_its_checked_kind(members: dict[str, Any], activity: Activity,
                                                          client_for: Any, settings: Any, tmp_path: Any) -> None:
    """A PDF uploaded as ``trang.html`` is stored as ``.pdf`` and sent as a PDF; nothing is on an open /media/."""
    settings.MEDIA_ROOT = tmp_path
    client = client_for(members["ward"])
    client.post(reverse("plans:update_create", args=[activity.pk]), {
        "reported_on": "2019-10-01", "percent_complete": "70", "status": "in_progress",
        "evidence_files": [SimpleUploadedFile("Biên bản <họp>.html", PDF_BYTES, content_type="text/html")]})
    item = EvidenceFile.objects.get()
    assert item.file.name.endswith("/bien-ban-hop.pdf")
    response = client.get(reverse("plans:evidence_file", args=[item.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert Client().get(f"/media/{item.file.name}").status_code == 404
    assert client.get(f"/media/{item.file.name}").status_code == 404


def test_a_stored_html_file_is_downloaded_never_rendered(members: dict[str, Any], activity: Activity,
                                                        client_for: Any, settings: Any, tmp_path: Any) -> None:
    """Files stored before the check kept the user's extension: they are served as opaque attachments."""
    from django.core.files.base import ContentFile

    from sxsh.plans import services

    settings.MEDIA_ROOT = tmp_path
    update = services.add_progress_update(acting_user=members["district"], activity=activity, data={
        "reported_on": date(2019, 10, 1), "percent_complete": 10, "status": "in_progress", "narrative": ""})
    item = EvidenceFile(update=update, title="cu.html", kind="pdf")
    item.file.save("cu.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    response = client_for(members["ward"]).get(reverse("plans:evidence_file", args=[item.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
