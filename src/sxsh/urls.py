from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, URLResolver, include, path, register_converter

from .api import api
from .core import sitemaps as core_sitemaps
from .core.ids import IdConverter
from .core.views import captcha_refresh, robots_txt
from .events import sitemaps as event_sitemaps
from .outreach import sitemaps as outreach_sitemaps

register_converter(IdConverter, "id")  # before the apps' URLconfs are read

#: The public pages every app declares, in one sitemap.
SITEMAPS = {**core_sitemaps.SITEMAPS, **outreach_sitemaps.SITEMAPS, **event_sitemaps.SITEMAPS}

urlpatterns: list[URLPattern | URLResolver] = [
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("sxsh.core.urls")),
    path("tai-khoan/", include("sxsh.accounts.urls")),
    path("danh-muc/", include("sxsh.directory.urls")),
    path("ke-hoach/", include("sxsh.plans.urls")),
    path("", include("sxsh.outreach.urls")),
    path("su-kien/", include("sxsh.events.urls")),
    path("danh-gia/", include("sxsh.assessments.urls")),
    path("chi-tieu/", include("sxsh.indicators.urls")),
    path("cong-viec/", include("sxsh.tasks.urls")),
    path("thong-bao/", include("sxsh.notifications.urls")),
    path("captcha/refresh/", captcha_refresh),  # before the package's own, which has no budget
    path("captcha/", include("captcha.urls")),
    path("ngon-ngu/", include("django.conf.urls.i18n")),  # set_language: the switch in the header
    path("api/", api.urls),
    path("quan-tri/", admin.site.urls),
]
# No /media/ route, not even in development: stored files (evidence, signed plans, job exports, covers) are
# served only by views that check the reader's scope (core.downloads.stored_file_response).

# 400, 403 and 404 are Django's own views with the templates 400.html, 403.html and 404.html (the site's layout).
handler500 = "sxsh.core.views.server_error"
