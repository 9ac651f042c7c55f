"""Public pages of the apps that have landed, for the portal figures (run inside ``bench.figures``)."""


def find() -> dict[str, str]:
    pages: dict[str, str] = {}
    try:
        from sxsh.outreach import selectors
    except ImportError:
        return pages
    article = selectors.published_articles().order_by("-publish_at", "-id").first()
    if article is not None:
        pages["article"] = article.get_absolute_url()
    return pages
