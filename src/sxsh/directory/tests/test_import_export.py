"""Facility import (CSV and XLSX, preview, all-or-nothing) and export (open the files back)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from sxsh.core.models import AuditLog
from sxsh.directory.models import Facility

pytestmark = pytest.mark.django_db

HEADER = ["Tên cơ sở", "Mã số thuế", "Địa chỉ", "Phường", "Ngành VSIC", "Công nghiệp hỗ trợ", "Quy mô"]
GOOD_ROWS = [
    ["Xưởng may Hàng Bạc", "0100109106", "5 Hàng Bạc", "Hàng Bạc", "C14", "Không", "Nhỏ"],
    ["Cơ khí Hàng Bạc", "0300588569", "7 Hàng Bạc", "hang bac", "25", "Có", "Vừa"],
]


def _csv(rows, header=HEADER) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("co-so.csv", buffer.getvalue().encode("utf-8"), content_type="text/csv")


def _xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("co-so.xlsx", buffer.getvalue())


@pytest.mark.parametrize("make_file", [_csv, _xlsx])
def test_valid_file_previews_then_imports_on_confirmation(make_file, users, reference, client_for) -> None:
    client = client_for(users["ward"])
    preview = client.post("/danh-muc/co-so/nhap/", {"file": make_file(GOOD_ROWS)})
    html = preview.content.decode()
    assert "2 dòng hợp lệ" in html
    assert Facility.objects.count() == 1  # only the fixture's facility  # nothing saved before confirmation
    token = preview.context["token"]
    response = client.post("/danh-muc/co-so/nhap/", {"confirm": token}, follow=True)
    assert "Đã nhập 2 cơ sở mới" in response.content.decode()
    assert Facility.objects.filter(tax_code__in=["0100109106", "0300588569"]).count() == 2
    mechanical = Facility.objects.get(tax_code="0300588569")
    assert mechanical.sector.code == "C25" and mechanical.supporting_industry and mechanical.size == "medium"
    assert AuditLog.objects.filter(action="directory.facility.created").count() == 2
    assert AuditLog.objects.filter(action="directory.facility.imported").count() == 1


def test_any_bad_row_saves_nothing_and_every_error_is_listed(users, reference, client_for) -> None:
    rows = [
        *GOOD_ROWS,
        ["", "0100109107", "", "Phường Không Có", "C99", "Có lẽ", "Khổng lồ"],
        ["Trùng mã", "0100109106", "1 Hàng Bạc", "Hàng Bạc", "C10", "", ""],
    ]
    response = client_for(users["ward"]).post("/danh-muc/co-so/nhap/", {"file": _csv(rows)})
    html = response.content.decode()
    assert "Có 2 dòng lỗi" in html
    for message in ("Mã số thuế không hợp lệ", "Địa bàn “Phường Không Có” không có trong danh mục",
                    "Ngành VSIC “C99” không hợp lệ", "Công nghiệp hỗ trợ: ghi “Có” hoặc “Không”",
                    "Quy mô phải là một trong", "Mã số thuế trùng với dòng 2"):
        assert message in html
    assert "token" not in response.context or not response.context.get("token")
    assert Facility.objects.count() == 1  # only the fixture's facility


def test_ward_officer_cannot_import_into_another_ward(users, reference, client_for) -> None:
    rows = [["Xưởng Hàng Đào", "0100109106", "1 Hàng Đào", "Hàng Đào", "C10", "Không", "Nhỏ"]]
    html = client_for(users["ward"]).post("/danh-muc/co-so/nhap/", {"file": _csv(rows)}).content.decode()
    assert "ngoài phạm vi của bạn" in html
    assert Facility.objects.count() == 1  # only the fixture's facility


def test_existing_tax_code_updates_the_facility(users, facility, client_for) -> None:
    rows = [["Tên mới", facility.tax_code, "1 Hàng Bạc", "Hàng Bạc", "C13", "Không", "Lớn"]]
    client = client_for(users["district"])
    preview = client.post("/danh-muc/co-so/nhap/", {"file": _csv(rows)})
    assert "Cập nhật" in preview.content.decode()
    client.post("/danh-muc/co-so/nhap/", {"confirm": preview.context["token"]})
    facility.refresh_from_db()
    assert facility.name == "Tên mới" and facility.size == "large"


@pytest.mark.parametrize("payload,message", [
    (b"%PDF-1.4 not a table", "không phải CSV hoặc Excel"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "không phải CSV hoặc Excel"),
    (b"PK\x03\x04broken zip", "Không đọc được tệp Excel"),
    ("Tên cơ sở;Mã số thuế\n".encode("cp1258", errors="replace") + b"\xff\xfe\xfa" * 10, "UTF-8"),
    ("Tên cơ sở,Mã số thuế\n\n".encode(), "không có dòng dữ liệu nào"),
])
def test_files_that_are_not_tables_get_a_clear_message(payload, message, users, reference, client_for) -> None:
    upload = SimpleUploadedFile("co-so.csv", payload)
    html = client_for(users["district"]).post("/danh-muc/co-so/nhap/", {"file": upload}).content.decode()
    assert message in html
    assert Facility.objects.count() == 1  # only the fixture's facility


def test_missing_required_columns_are_named(users, reference, client_for) -> None:
    upload = _csv([["A", "B"]], header=["Tên cơ sở", "Ghi chú"])
    html = client_for(users["district"]).post("/danh-muc/co-so/nhap/", {"file": upload}).content.decode()
    assert "Thiếu cột bắt buộc: Mã số thuế, Địa chỉ, Địa bàn, Ngành VSIC" in html


def test_a_huge_xlsx_is_refused_with_the_row_limit(users, reference, client_for, settings) -> None:
    rows = [[f"Cơ sở {i}", "0100109106", "x", "Hàng Bạc", "C10", "Không", "Nhỏ"] for i in range(100_000)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("lon.xlsx", buffer.getvalue())
    html = client_for(users["district"]).post("/danh-muc/co-so/nhap/", {"file": upload}).content.decode()
    assert "Tệp có quá nhiều dòng: tối đa 20.000 dòng" in html
    assert Facility.objects.count() == 1  # only the fixture's facility


def test_confirmation_with_a_forged_token_saves_nothing(users, reference, client_for) -> None:
    response = client_for(users["district"]).post("/danh-muc/co-so/nhap/", {"confirm": "forged"}, follow=True)
    assert "Phiên nhập dữ liệu đã hết hạn" in response.content.decode()
    assert Facility.objects.count() == 1  # only the fixture's facility


def test_enterprise_cannot_import(users, client_for) -> None:
    assert client_for(users["enterprise"]).get("/danh-muc/co-so/nhap/").status_code == 404


def test_export_round_trips_through_import(users, facility, other_facility, client_for) -> None:
    client = client_for(users["district"])
    body = client.get("/danh-muc/co-so/xuat.xlsx", {"q": "det may"}).content
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Tên cơ sở", "Mã số thuế", "Địa chỉ", "Địa bàn", "Ngành VSIC")
    assert [r[0] for r in rows[1:]] == [facility.name]
    preview = client.post("/danh-muc/co-so/nhap/", {"file": SimpleUploadedFile("x.xlsx", body)})
    assert preview.context["preview"].is_valid
    assert preview.context["preview"].rows[0].existing_pk == facility.pk


def test_csv_export_is_utf8_with_bom_and_neutralises_formulas(users, hang_bac, client_for) -> None:
    from sxsh.testing.factories import FacilityFactory

    FacilityFactory(ward=hang_bac, name="=HYPERLINK(\"http://x\")")
    body = client_for(users["district"]).get("/danh-muc/co-so/xuat.csv").content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "Tên cơ sở" in text.splitlines()[0]


def test_exports_in_english_keep_tax_codes_as_text(users, hang_bac, client_for, settings) -> None:
    """Downloaded in the English interface: the XLSX has the tax code as text ("@") with its leading zero,
    the CSV marks it as text; both are named for download (RFC 6266)."""
    import csv

    from sxsh.testing.documents import table
    from sxsh.testing.factories import FacilityFactory

    FacilityFactory(ward=hang_bac, name="Công ty Mã Không", tax_code="0100109106")
    client = client_for(users["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/danh-muc/co-so/xuat.xlsx", {"q": "ma khong"})
    assert response.status_code == 200 and "filename*=UTF-8''co-so-san-xuat-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers, rows = table(sheet)
    column = headers.index("Tax code") + 1
    assert rows[0][column - 1] == "0100109106" and sheet.cell(row=2, column=column).number_format == "@"
    body = client.get("/danh-muc/co-so/xuat.csv", {"q": "ma khong"}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[1][lines[0].index("Tax code")] == "\t0100109106"


def test_row_checks_give_the_row_forms_messages(users, reference) -> None:
    """Rows are cleaned field by field (no form per row): the errors are the form's, word for word."""
    from sxsh.core.tabular import Table
    from sxsh.directory.importing import COLUMNS, FacilityRowForm, validate_table

    header = [*HEADER, "Số lao động", "Điện thoại", "Thư điện tử", "Người liên hệ"]
    bad = [
        ["<b>Xưởng</b>", "0100109106", "x" * 300, "Hàng Bạc", "C14", "Không", "Nhỏ", -3, "abc", "a@", "Bà\x07 Lan"],
        ["x" * 256, "12", "5 Hàng Bạc", "Hàng Bạc", "C14", "Không", "Nhỏ", "nhiều", "0912 345 678", "", ""],
    ]
    preview = validate_table(users["ward"], Table(header, bad))
    names = ["name", "tax_code", "address", "employees", "contact_phone", "contact_email", "contact_name"]
    for row, result in zip(bad, preview.rows, strict=True):
        values = dict(zip(["name", "tax_code", "address", "ward", "sector", "supporting_industry", "size",
                           "employees", "contact_phone", "contact_email", "contact_name"], row, strict=True))
        form = FacilityRowForm({k: str(v) for k, v in values.items()})
        assert not form.is_valid()
        expected = [f"{COLUMNS[n][0]}: {e}" for n in form.fields for e in form.errors.get(n, [])]
        assert [e for e in result.errors if e.split(":")[0] in {str(COLUMNS[n][0]) for n in names}] == expected
        assert expected


def test_a_large_import_is_saved_by_a_task_with_its_outcome(users, reference, client_for, settings, tmp_path) -> None:
    from sxsh.tasks.models import BackgroundTask, TaskStatus

    settings.SXSH_IMPORT_TASK_ROWS, settings.VAR_DIR = 1, tmp_path
    client = client_for(users["ward"])
    token = client.post("/danh-muc/co-so/nhap/", {"file": _xlsx(GOOD_ROWS)}).context["token"]
    response = client.post("/danh-muc/co-so/nhap/", {"confirm": token}, follow=True)
    record = BackgroundTask.objects.get()
    assert response.redirect_chain[0][0] == f"/cong-viec/{record.pk}/"
    html = response.content.decode()
    assert "được lưu trong nền" in html and "Đã nhập 2 cơ sở mới và cập nhật 0 cơ sở." in html
    assert record.status == TaskStatus.DONE and record.created_by == users["ward"]
    assert Facility.objects.filter(tax_code__in=["0100109106", "0300588569"]).count() == 2
    assert AuditLog.objects.filter(action="directory.facility.imported").count() == 1
    assert not list((tmp_path / "imports").iterdir())  # the stored file is gone once saved


def test_a_task_import_whose_data_changed_saves_nothing_and_says_why(users, hang_dao, client_for, settings,
                                                                     tmp_path) -> None:
    from sxsh.tasks.models import BackgroundTask, TaskStatus
    from sxsh.testing.factories import FacilityFactory

    settings.SXSH_IMPORT_TASK_ROWS, settings.VAR_DIR = 1, tmp_path
    client = client_for(users["ward"])
    token = client.post("/danh-muc/co-so/nhap/", {"file": _xlsx(GOOD_ROWS)}).context["token"]
    FacilityFactory(ward=hang_dao, tax_code="0300588569")  # meanwhile the code was taken by a facility the officer may not edit
    before = Facility.objects.count()
    html = client.post("/danh-muc/co-so/nhap/", {"confirm": token}, follow=True).content.decode()
    record = BackgroundTask.objects.get()
    assert record.status == TaskStatus.FAILED
    assert "Dữ liệu đã thay đổi kể từ lúc xem trước; vui lòng tải tệp lên lại." in html
    assert Facility.objects.count() == before and not AuditLog.objects.filter(
        action="directory.facility.imported").exists()
