"""RSS and Atom feeds of published articles (for the wards' information systems)."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors
from .models import Article

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    link = reverse_lazy("outreach:article_list")
    description = gettext_lazy("Tin tức, chính sách và điển hình áp dụng sản xuất sạch hơn trong công nghiệp.")
    language = "vi"

    def title(self) -> str:
        from sxsh.core.site import SiteSettings

        return _("%(site)s: tin mới") % {"site": SiteSettings.current().title}

    def items(self) -> QuerySet[Article]:
        return selectors.published_articles().defer("body")[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Article) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.author_name

    def item_categories(self, item: Article) -> list[str]:
        return [str(item.get_category_display())]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
