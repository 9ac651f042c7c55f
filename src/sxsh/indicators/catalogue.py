"""The seeded indicator catalogue and its national targets (idempotent; also run by a data migration).

Targets come only from documents: Decision 1419/QĐ-TTg (strategy to 2020) and Decision 889/QĐ-TTg
(programme 2021–2030). The plan 154/KH-UBND (2019) states no numbers in the published text, so plan
targets come from the ``plans`` app (targets that carry an ``indicator_code``), never from here.
"""

from decimal import Decimal
from typing import Any

D1419 = "Quyết định 1419/QĐ-TTg ngày 07/9/2009 (Chiến lược sản xuất sạch hơn trong công nghiệp đến năm 2020)"
D889 = "Quyết định 889/QĐ-TTg ngày 24/6/2020 (Chương trình quốc gia về sản xuất và tiêu dùng bền vững 2021–2030)"
PLAN = "Kế hoạch 154/KH-UBND ngày 08/8/2019 của UBND quận Hoàn Kiếm"

FACILITIES_KNOWN = (
    "Số cơ sở sản xuất công nghiệp trên địa bàn đã có trong danh mục (có ít nhất một bản ghi tình trạng SXSH) "
    "tính đến cuối kỳ"
)

#: code, short name, name, unit, numerator, denominator, factor, source, legal basis, higher_is_better,
#: level, decimals
INDICATORS: tuple[dict[str, Any], ...] = (
    {
        "code": "cp_aware_share", "short_name": "Tỷ lệ cơ sở nhận thức SXSH",
        "name": "Tỷ lệ cơ sở sản xuất công nghiệp nhận thức được lợi ích của sản xuất sạch hơn",
        "unit": "%",
        "numerator": "Số cơ sở có tình trạng SXSH cuối kỳ là đã nhận thức, đã cam kết, đang áp dụng hoặc duy trì",
        "denominator": FACILITIES_KNOWN, "factor": Decimal(100),
        "source_description": "Danh mục cơ sở sản xuất – lịch sử tình trạng SXSH (tình trạng tại ngày cuối kỳ)",
        "legal_basis": D1419, "level": "national", "decimals": 1, "order": 10,
    },
    {
        "code": "cp_applying_share", "short_name": "Tỷ lệ cơ sở áp dụng SXSH",
        "name": "Tỷ lệ cơ sở sản xuất công nghiệp áp dụng sản xuất sạch hơn",
        "unit": "%",
        "numerator": "Số cơ sở có tình trạng SXSH cuối kỳ là đang áp dụng hoặc duy trì",
        "denominator": FACILITIES_KNOWN, "factor": Decimal(100),
        "source_description": "Danh mục cơ sở sản xuất – lịch sử tình trạng SXSH (tình trạng tại ngày cuối kỳ)",
        "legal_basis": D1419, "level": "national", "decimals": 1, "order": 20,
    },
    {
        "code": "cp_savings_per_product", "short_name": "Mức tiết kiệm trên đơn vị sản phẩm",
        "name": "Mức tiết kiệm năng lượng, nguyên liệu, nhiên liệu trên một đơn vị sản phẩm tại các cơ sở áp dụng SXSH",
        "unit": "%",
        "numerator": "Tổng các mức tiết kiệm (%) của từng phân tích đo lường và kiểm chứng (M&V) hợp lệ: lượng tiết "
                     "kiệm ÷ mức tiêu thụ theo đường cơ sở điều chỉnh theo sản lượng × 100, trong các tháng của kỳ",
        "denominator": "Số phân tích M&V hợp lệ có tháng báo cáo trong kỳ (kết quả là mức tiết kiệm bình quân)",
        "factor": Decimal(1),
        "source_description": "Đánh giá SXSH – phân tích đo lường và kiểm chứng (M&V) hợp lệ (ứng dụng assessments)",
        "legal_basis": D1419, "level": "national", "decimals": 1, "order": 30,
    },
    {
        "code": "scp_savings_key_sectors", "short_name": "Giảm tiêu hao ở ngành trọng điểm",
        "name": "Mức giảm tiêu hao nhiên liệu, nguyên vật liệu của các cơ sở thuộc ngành trọng điểm",
        "unit": "%",
        "numerator": "Tổng các mức tiết kiệm (%) của từng phân tích M&V hợp lệ tại cơ sở thuộc nhóm ngành trọng điểm, "
                     "trong các tháng của kỳ",
        "denominator": "Số phân tích M&V hợp lệ đó (kết quả là mức tiết kiệm bình quân)",
        "factor": Decimal(1),
        "source_description": "Đánh giá SXSH – kết quả đo lường tiết kiệm, chỉ các cơ sở ngành trọng điểm",
        "legal_basis": D889, "level": "national", "decimals": 1, "order": 40,
    },
    {
        "code": "key_sector_facilities", "short_name": "Cơ sở thuộc ngành trọng điểm",
        "name": "Số cơ sở sản xuất thuộc các nhóm ngành trọng điểm (cơ khí, điện tử, vật liệu xây dựng, dệt may da giày, "
                "đồ uống, thực phẩm)",
        "unit": "cơ sở",
        "numerator": "Số cơ sở đã có trong danh mục đến cuối kỳ có ngành VSIC thuộc nhóm ngành trọng điểm",
        "denominator": "", "factor": Decimal(1),
        "source_description": "Danh mục cơ sở sản xuất (ngành VSIC, nhóm ngành trọng điểm)",
        "legal_basis": PLAN, "level": "plan", "decimals": 0, "order": 50,
    },
    {
        "code": "supporting_industry_facilities", "short_name": "Cơ sở sản xuất công nghiệp hỗ trợ",
        "name": "Số cơ sở sản xuất sản phẩm công nghiệp hỗ trợ",
        "unit": "cơ sở",
        "numerator": "Số cơ sở đã có trong danh mục đến cuối kỳ được đánh dấu sản xuất sản phẩm công nghiệp hỗ trợ "
                     "(Nghị định 111/2015/NĐ-CP)",
        "denominator": "", "factor": Decimal(1),
        "source_description": "Danh mục cơ sở sản xuất (cờ công nghiệp hỗ trợ)",
        "legal_basis": PLAN, "level": "plan", "decimals": 0, "order": 60,
    },
    {
        "code": "events_held", "short_name": "Hội thảo, tập huấn đã tổ chức",
        "name": "Số hội thảo, lớp tập huấn, chuyến tham quan về sản xuất sạch hơn đã tổ chức",
        "unit": "sự kiện",
        "numerator": "Số sự kiện (hội thảo, lớp tập huấn, tham quan) đã diễn ra trong kỳ, không tính sự kiện bị hủy",
        "denominator": "", "factor": Decimal(1),
        "source_description": "Sự kiện (ứng dụng events)",
        "legal_basis": PLAN, "level": "plan", "decimals": 0, "order": 70,
    },
    {
        "code": "workshops_held", "short_name": "Hội thảo chuyên đề đã tổ chức",
        "name": "Số hội thảo chuyên đề về sản xuất sạch hơn đã tổ chức",
        "unit": "hội thảo",
        "numerator": "Số sự kiện loại hội thảo đã diễn ra trong kỳ, không tính sự kiện bị hủy",
        "denominator": "", "factor": Decimal(1),
        "source_description": "Sự kiện, loại hội thảo (ứng dụng events)",
        "legal_basis": PLAN, "level": "plan", "decimals": 0, "order": 75,
    },
    {
        "code": "people_trained", "short_name": "Lượt người được tập huấn",
        "name": "Số lượt cán bộ quản lý, kỹ thuật được tập huấn, đào tạo về sản xuất sạch hơn",
        "unit": "lượt người",
        "numerator": "Số lượt người tham dự (đã điểm danh) các sự kiện diễn ra trong kỳ",
        "denominator": "", "factor": Decimal(1),
        "source_description": "Sự kiện – điểm danh người tham dự (ứng dụng events)",
        "legal_basis": PLAN, "level": "plan", "decimals": 0, "order": 80,
    },
    {
        "code": "handbooks_distributed", "short_name": "Cẩm nang, sổ tay đã phát",
        "name": "Số cẩm nang tuyên truyền, sổ tay hướng dẫn kỹ thuật về sản xuất sạch hơn đã phát hành",
        "unit": "bản",
        "numerator": "Tổng số bản cẩm nang và sổ tay hướng dẫn kỹ thuật đã phân phát trong kỳ (theo nhật ký phát tài liệu)",
        "denominator": "", "factor": Decimal(1),
        "source_description": "Thư viện tài liệu – phân phát tài liệu (ứng dụng outreach)",
        "legal_basis": PLAN, "level": "plan", "decimals": 0, "order": 90,
    },
    {
        "code": "facilities_supported", "short_name": "Cơ sở ngành trọng điểm được hỗ trợ",
        "name": "Số cơ sở thuộc nhóm ngành trọng điểm và cơ sở công nghiệp hỗ trợ được hỗ trợ, hướng dẫn áp dụng SXSH",
        "unit": "cơ sở",
        "numerator": "Số cơ sở (ngành trọng điểm hoặc công nghiệp hỗ trợ) có đợt đánh giá SXSH diễn ra trong kỳ "
                     "(bắt đầu trước cuối kỳ, chưa kết thúc trước đầu kỳ)",
        "denominator": "", "factor": Decimal(1),
        "source_description": "Đánh giá SXSH (ứng dụng assessments)",
        "legal_basis": PLAN, "level": "plan", "decimals": 0, "order": 100,
    },
    {
        "code": "money_saved", "short_name": "Số tiền tiết kiệm được",
        "name": "Số tiền tiết kiệm được nhờ các giải pháp sản xuất sạch hơn đã thực hiện",
        "unit": "đồng",
        "numerator": "Tổng số tiền tiết kiệm được: theo đo lường và kiểm chứng (M&V hợp lệ) trong các tháng của kỳ nếu "
                     "cơ sở có; nếu không, lợi ích hằng năm ước tính của các giải pháp thực hiện trong kỳ",
        "denominator": "", "factor": Decimal(1),
        "source_description": "Đánh giá SXSH – giải pháp đã thực hiện và kết quả tiết kiệm (ứng dụng assessments)",
        "legal_basis": PLAN, "level": "plan", "decimals": 0, "order": 110,
    },
    {
        "code": "tco2e_avoided", "short_name": "Phát thải khí nhà kính tránh được",
        "name": "Lượng phát thải khí nhà kính tránh được nhờ các giải pháp sản xuất sạch hơn",
        "unit": "tCO2e",
        "numerator": "Tổng lượng phát thải tránh được (điện × hệ số lưới điện của năm; nhiên liệu × hệ số IPCC): theo "
                     "M&V hợp lệ nếu cơ sở có, nếu không theo ước tính của các giải pháp thực hiện trong kỳ",
        "denominator": "", "factor": Decimal(1),
        "source_description": "Đánh giá SXSH – kết quả tiết kiệm quy đổi phát thải (ứng dụng assessments)",
        "legal_basis": PLAN, "level": "plan", "decimals": 1, "order": 120,
    },
)

#: code, year, value, value_high, source
NATIONAL_TARGETS: tuple[tuple[str, int, Decimal, Decimal | None, str], ...] = (
    ("cp_aware_share", 2015, Decimal(50), None, D1419),
    ("cp_aware_share", 2020, Decimal(90), None, D1419),
    ("cp_applying_share", 2015, Decimal(25), None, D1419),
    ("cp_applying_share", 2020, Decimal(50), None, D1419),
    ("cp_savings_per_product", 2015, Decimal(5), Decimal(8), D1419),
    ("cp_savings_per_product", 2020, Decimal(8), Decimal(13), D1419),
    ("scp_savings_key_sectors", 2025, Decimal(5), Decimal(8), D889),
    ("scp_savings_key_sectors", 2030, Decimal(7), Decimal(10), D889),
)


def load_catalogue(indicator_model: Any = None, target_model: Any = None) -> None:
    """Create or refresh the catalogue and the national targets (model classes may be historical)."""
    if indicator_model is None or target_model is None:
        from .models import Indicator, IndicatorTarget

        indicator_model, target_model = Indicator, IndicatorTarget
    for row in INDICATORS:
        data = dict(row)
        code = data.pop("code")
        data.setdefault("higher_is_better", True)
        indicator_model.objects.update_or_create(code=code, defaults=data)
    for code, year, value, high, source in NATIONAL_TARGETS:
        indicator = indicator_model.objects.get(code=code)
        target_model.objects.update_or_create(
            indicator=indicator, year=year, unit=None,
            defaults={"value": value, "value_high": high, "source": source},
        )
