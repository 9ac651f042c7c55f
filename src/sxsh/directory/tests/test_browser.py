"""Key journey in headless Chromium: log in, import facilities, find one without diacritics, edit it."""

import csv
from pathlib import Path

import pytest

from sxsh.directory.models import Facility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ward_officer_imports_searches_and_edits(page, live_server, login, users, tmp_path: Path) -> None:
    upload = tmp_path / "co-so.csv"
    with upload.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tên cơ sở", "Mã số thuế", "Địa chỉ", "Phường", "Ngành VSIC", "Công nghiệp hỗ trợ", "Quy mô"])
        writer.writerow(["Công ty Đồ uống Hàng Bạc", "0100109106", "8 Hàng Bạc", "Hàng Bạc", "C11", "Không", "Nhỏ"])
        writer.writerow(["Xưởng Bánh kẹo Hàng Bạc", "0300588569", "9 Hàng Bạc", "Hàng Bạc", "C10", "Không", "Vừa"])

    login("phuong")
    page.goto(f"{live_server.url}/danh-muc/co-so/nhap/")
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Xem trước')")
    page.wait_for_selector("text=2 dòng hợp lệ")
    page.click("button:has-text('Xác nhận nhập')")
    page.wait_for_selector("text=Đã nhập 2 cơ sở mới")

    page.fill("input[name=q]", "do uong hang bac")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("table >> text=Công ty Đồ uống Hàng Bạc")
    assert page.locator("table >> text=Xưởng Bánh kẹo Hàng Bạc").count() == 0

    page.click("text=Công ty Đồ uống Hàng Bạc")
    page.click("a:has-text('Sửa')")
    page.fill("#id_address", "18 Hàng Bạc")
    page.fill("#id_employees", "42")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("text=Đã lưu thay đổi.")
    assert page.locator("text=18 Hàng Bạc").count() >= 1

    facility = Facility.objects.get(tax_code="0100109106")
    assert facility.address == "18 Hàng Bạc" and facility.employees == 42
