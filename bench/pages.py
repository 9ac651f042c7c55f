"""Public pages of the apps that have landed, for the portal figures (run inside ``bench.figures``)."""


def find() -> dict[str, str]:
    pages: dict[str, str] = {}
    try:
        from django.urls import reverse

        from sxsh.outreach import selectors
    except ImportError:
        return pages
    pages["news_list"] = reverse("outreach:article_list")
    article = selectors.published_articles().order_by("-publish_at", "-id").first()
    if article is not None:
        url = article.get_absolute_url()
        pages["article"] = url
        # What a reader's browser also requests: the view beacon (the GET of the <noscript> image; after the
        # first request of the day it only reads), and the page with the CAPTCHA rendered in place (the
        # no-JavaScript fallback, never cached: one stored CAPTCHA per request, as every read was before).
        pages["article_beacon"] = reverse("outreach:article_seen", args=[article.slug])
        pages["article_with_captcha"] = url + "?ma-xac-nhan=1"
    return pages
