"""Demo data of the core app: the wording of the demo portal (run by the People's Committee of Hoàn Kiếm)."""

from .site import SiteSettings

DEMO_SITE = {
    "site_name": "Sản xuất sạch hơn – Hoàn Kiếm",
    "operator_name": "Ủy ban nhân dân phường Hoàn Kiếm",
    "contact_address": "126 Hàng Trống, phường Hoàn Kiếm, thành phố Hà Nội",
    "home_text": ("Cổng thông tin về Kế hoạch hành động sản xuất sạch hơn trong công nghiệp trên địa bàn Hoàn Kiếm "
                  "(quận Hoàn Kiếm đến 30/6/2025, phường Hoàn Kiếm từ 1/7/2025): tin tức, cẩm nang, hội thảo, tập "
                  "huấn và hỗ trợ các cơ sở sản xuất áp dụng giải pháp sản xuất sạch hơn."),
}


def load() -> None:
    """Set the demo's wording once; an administrator's later edits are kept."""
    if not SiteSettings.objects.exists():
        SiteSettings(**DEMO_SITE).save()
