"""Reference data: unit kinds, Hà Nội → Hoàn Kiếm → 18 wards (hanoi.gov.vn, 2018) and VSIC 2018 divisions
of section C. The 2025 reorganisation is data too: ``data/ha-noi-2025.json``."""

from datetime import date
from pathlib import Path

from .models import KeySector, UnitLevel

#: (code, name, title: the word written before a unit's name, level)
UNIT_KINDS = (
    ("tinh", "tỉnh", "tỉnh", UnitLevel.PROVINCE),
    ("thanh-pho-truc-thuoc-trung-uong", "thành phố trực thuộc trung ương", "thành phố", UnitLevel.PROVINCE),
    ("quan", "quận", "quận", UnitLevel.DISTRICT),
    ("huyen", "huyện", "huyện", UnitLevel.DISTRICT),
    ("thi-xa", "thị xã", "thị xã", UnitLevel.DISTRICT),
    ("thanh-pho-thuoc-tinh", "thành phố thuộc tỉnh", "thành phố", UnitLevel.DISTRICT),
    ("phuong", "phường", "phường", UnitLevel.COMMUNE),
    ("xa", "xã", "xã", UnitLevel.COMMUNE),
    ("thi-tran", "thị trấn", "thị trấn", UnitLevel.COMMUNE),
    ("dac-khu", "đặc khu", "đặc khu", UnitLevel.COMMUNE),
)
#: (name, path code, kind code, official code: Hà Nội = 01 in Decision 19/2025/QĐ-TTg; the others are not
#: confirmed in the sources kept, so they stay empty)
PROVINCE = ("Hà Nội", "ha-noi", "thanh-pho-truc-thuoc-trung-uong", "01")
DISTRICT = ("Hoàn Kiếm", "hoan-kiem", "quan", "")
WARDS = (
    "Cửa Đông", "Cửa Nam", "Chương Dương", "Đồng Xuân", "Hàng Bài", "Hàng Bạc", "Hàng Bồ", "Hàng Bông",
    "Hàng Buồm", "Hàng Đào", "Hàng Gai", "Hàng Mã", "Hàng Trống", "Lý Thái Tổ", "Phan Chu Trinh",
    "Phúc Tân", "Tràng Tiền", "Trần Hưng Đạo",
)
#: The 2019 plan's wards (official codes not confirmed here: left empty); the 2025 reorganisation
#: (``load_reorganisation``) closes them on 30/6/2025.
WARDS_VALID_FROM = date(2008, 8, 1)

#: The 2025 reorganisation of the old Hoàn Kiếm wards (domain note §2), with its sources.
HA_NOI_2025 = Path(__file__).resolve().parent / "data" / "ha-noi-2025.json"

SECTION_C = ("C", "Công nghiệp chế biến, chế tạo")
DIVISIONS = (
    ("C10", "Sản xuất, chế biến thực phẩm", KeySector.FOOD),
    ("C11", "Sản xuất đồ uống", KeySector.BEVERAGES),
    ("C12", "Sản xuất sản phẩm thuốc lá", ""),
    ("C13", "Dệt", KeySector.TEXTILE_FOOTWEAR),
    ("C14", "Sản xuất trang phục", KeySector.TEXTILE_FOOTWEAR),
    ("C15", "Sản xuất da và các sản phẩm có liên quan", KeySector.TEXTILE_FOOTWEAR),
    ("C16", "Chế biến gỗ và sản xuất sản phẩm từ gỗ, tre, nứa", ""),
    ("C17", "Sản xuất giấy và sản phẩm từ giấy", ""),
    ("C18", "In, sao chép bản ghi các loại", ""),
    ("C19", "Sản xuất than cốc, sản phẩm dầu mỏ tinh chế", ""),
    ("C20", "Sản xuất hoá chất và sản phẩm hoá chất", ""),
    ("C21", "Sản xuất thuốc, hoá dược và dược liệu", ""),
    ("C22", "Sản xuất sản phẩm từ cao su và plastic", ""),
    ("C23", "Sản xuất sản phẩm từ khoáng phi kim loại khác", KeySector.CONSTRUCTION_MATERIALS),
    ("C24", "Sản xuất kim loại", ""),
    ("C25", "Sản xuất sản phẩm từ kim loại đúc sẵn (trừ máy móc, thiết bị)", KeySector.MECHANICAL),
    ("C26", "Sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học", KeySector.ELECTRONICS),
    ("C27", "Sản xuất thiết bị điện", KeySector.ELECTRONICS),
    ("C28", "Sản xuất máy móc, thiết bị chưa được phân vào đâu", KeySector.MECHANICAL),
    ("C29", "Sản xuất xe có động cơ", KeySector.MECHANICAL),
    ("C30", "Sản xuất phương tiện vận tải khác", KeySector.MECHANICAL),
    ("C31", "Sản xuất giường, tủ, bàn, ghế", ""),
    ("C32", "Công nghiệp chế biến, chế tạo khác", ""),
    ("C33", "Sửa chữa, bảo dưỡng và lắp đặt máy móc và thiết bị", ""),
)
