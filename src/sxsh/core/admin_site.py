"""The admin site under the deployment's own name (``SiteSettings``), in Vietnamese."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class SiteAdmin(admin.AdminSite):
    index_title = _("Quản trị hệ thống")

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        from .site import SiteSettings

        context = super().each_context(request)
        title = SiteSettings.current().title
        context.update(site_title=_("Quản trị · %(site)s") % {"site": title}, site_header=title)
        return context


class SiteAdminConfig(AdminConfig):
    """``django.contrib.admin`` with :class:`SiteAdmin` as ``admin.site``."""

    default_site = "sxsh.core.admin_site.SiteAdmin"
