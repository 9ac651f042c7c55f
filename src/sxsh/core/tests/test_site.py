"""The site's wording comes from SiteSettings, which an administrator edits in the admin (audited)."""

from typing import Any

import pytest
from django.urls import reverse

from sxsh.core.models import AuditLog
from sxsh.core.site import SiteSettings

pytestmark = pytest.mark.django_db


def test_defaults_name_no_place(client: Any, reference: None) -> None:
    html = client.get("/").content.decode()
    assert "Sản xuất sạch hơn trong công nghiệp" in html
    assert 'id="site-contact"' not in html  # nothing to say until an administrator says it
    assert "Cổng thông tin về Kế hoạch hành động sản xuất sạch hơn" in html


def test_administrator_edits_the_wording_in_the_admin(client_for: Any, users: dict[str, Any], client: Any) -> None:
    admin = client_for(users["admin"])
    add_url = reverse("admin:core_sitesettings_add")
    response = admin.post(add_url, {
        "site_name": "Sản xuất sạch hơn – Quảng Trị", "operator_name": "Sở Công Thương tỉnh Quảng Trị",
        "contact_address": "Đông Hà, Quảng Trị", "contact_phone": "", "contact_email": "",
        "footer_text": "Chương trình sản xuất sạch hơn tỉnh Quảng Trị", "home_text": "Cổng thông tin của Sở.",
    })
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert admin.get(add_url).status_code == 403  # one row only
    home = client.get("/").content.decode()
    assert "<title>Sản xuất sạch hơn – Quảng Trị</title>" in home
    assert "Sở Công Thương tỉnh Quảng Trị · Đông Hà, Quảng Trị" in home
    assert "Chương trình sản xuất sạch hơn tỉnh Quảng Trị" in home and "Cổng thông tin của Sở." in home
    feed = client.get(reverse("outreach:rss")).content.decode()
    assert "<title>Sản xuất sạch hơn – Quảng Trị: tin mới</title>" in feed
    log = AuditLog.objects.get(action="core.sitesettings.created.admin")
    assert log.after["operator_name"] == "Sở Công Thương tỉnh Quảng Trị"
    change_url = reverse("admin:core_sitesettings_change", args=[1])
    response = admin.post(change_url, {"site_name": "SXSH Quảng Trị", "operator_name": "", "contact_address": "",
                                       "contact_phone": "", "contact_email": "", "footer_text": "", "home_text": ""})
    assert response.status_code == 302
    assert "<title>SXSH Quảng Trị</title>" in client.get("/").content.decode()
    assert AuditLog.objects.get(action="core.sitesettings.changed.admin").before["site_name"] == \
        "Sản xuất sạch hơn – Quảng Trị"


def test_a_bad_contact_email_is_refused_next_to_the_field(client_for: Any, users: dict[str, Any]) -> None:
    response = client_for(users["admin"]).post(reverse("admin:core_sitesettings_add"), {
        "site_name": "X", "contact_email": "không-phải-thư"})
    assert response.status_code == 200 and "email" in response.content.decode().lower()
    assert not SiteSettings.objects.exists()


def test_demo_sets_its_own_wording_once(reference: None) -> None:
    from sxsh.core import demo

    demo.load()
    assert SiteSettings.current().operator_name == demo.DEMO_SITE["operator_name"]
    site = SiteSettings.current()
    site.site_name = "Đã sửa"
    site.save()
    demo.load()  # an administrator's edits are kept
    assert SiteSettings.current().site_name == "Đã sửa"
