"""Reference data: Hà Nội → Hoàn Kiếm → 18 wards (hanoi.gov.vn, 2018) and VSIC 2018 divisions of section C."""

from datetime import date

from .models import KeySector

PROVINCE = ("Thành phố Hà Nội", "ha-noi")
DISTRICT = ("Quận Hoàn Kiếm", "hoan-kiem")
WARDS = (
    "Cửa Đông", "Cửa Nam", "Chương Dương", "Đồng Xuân", "Hàng Bài", "Hàng Bạc", "Hàng Bồ", "Hàng Bông",
    "Hàng Buồm", "Hàng Đào", "Hàng Gai", "Hàng Mã", "Hàng Trống", "Lý Thái Tổ", "Phan Chu Trinh",
    "Phúc Tân", "Tràng Tiền", "Trần Hưng Đạo",
)
#: The 2019 plan's wards were valid until the 2025 reorganisation; their end date is left open.
WARDS_VALID_FROM = date(2008, 8, 1)

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
