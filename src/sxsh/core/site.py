"""The deployment's own wording: site name, the body that runs it, contact, footer and home-page text.

One row (``SiteSettings.current()``), edited by an administrator in the admin (audited like every
admin save). Nothing about a place is written in code or templates: an empty field falls back to a
neutral, translated default. Read through a per-process cache of one minute, cleared on save.
"""

from typing import Any

from django.core.cache import caches
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import BaseModel

CACHE_KEY = "sxsh:site-settings"
CACHE_SECONDS = 60


def _cache() -> Any:
    from django.conf import settings

    return caches["pages" if "pages" in settings.CACHES else "default"]


class SiteSettings(BaseModel):
    site_name = models.CharField(_("tên trang"), max_length=150, blank=True,
                                 help_text=_("Hiện ở đầu mọi trang và trong tiêu đề tin RSS."))
    operator_name = models.CharField(_("cơ quan quản lý trang"), max_length=255, blank=True,
                                     help_text=_("Ví dụ: Ủy ban nhân dân …, Sở Công Thương …"))
    contact_address = models.CharField(_("địa chỉ liên hệ"), max_length=255, blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=50, blank=True)
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    footer_text = models.CharField(_("dòng cuối trang"), max_length=500, blank=True)
    home_text = models.TextField(_("lời giới thiệu ở trang chủ"), blank=True)

    role_permissions: dict[str, frozenset[str]] = {"view": frozenset(), "add": frozenset(), "change": frozenset(),
                                                 "delete": frozenset()}  # the admin only

    class Meta:
        verbose_name = _("thông tin trang")
        verbose_name_plural = _("thông tin trang")

    def __str__(self) -> str:
        return str(_("Thông tin trang"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1  # one row
        super().save(*args, **kwargs)
        _cache().delete(CACHE_KEY)

    @classmethod
    def current(cls) -> "SiteSettings":
        """The settings row (an unsaved one with empty fields until an administrator saves it)."""
        cached = _cache().get(CACHE_KEY)
        if cached is None:
            cached = cls.objects.unscoped("the site settings: one row, shown to everyone").filter(pk=1).first() or cls()
            _cache().set(CACHE_KEY, cached, CACHE_SECONDS)
        return cached  # type: ignore[no-any-return]

    @property
    def title(self) -> str:
        return self.site_name or str(_("Sản xuất sạch hơn trong công nghiệp"))

    @property
    def footer(self) -> str:
        return self.footer_text or str(
            _("SXSH – phần mềm nguồn mở phục vụ Kế hoạch hành động sản xuất sạch hơn trong công nghiệp."))

    @property
    def contact_line(self) -> str:
        """"<body> · <address> · <phone> · <email>", the parts that are given."""
        return " · ".join(p for p in (self.operator_name, self.contact_address, self.contact_phone,
                                      self.contact_email) if p)

    @property
    def introduction(self) -> str:
        if self.home_text:
            return self.home_text
        if self.operator_name:
            return str(_("Cổng thông tin của %(body)s về Kế hoạch hành động sản xuất sạch hơn trong công nghiệp: "
                         "tin tức, cẩm nang, hội thảo, tập huấn và hỗ trợ các cơ sở sản xuất áp dụng giải pháp sản "
                         "xuất sạch hơn.") % {"body": self.operator_name})
        return str(_("Cổng thông tin về Kế hoạch hành động sản xuất sạch hơn trong công nghiệp: tin tức, cẩm nang, "
                     "hội thảo, tập huấn và hỗ trợ các cơ sở sản xuất áp dụng giải pháp sản xuất sạch hơn."))
