"""The outreach app's periodic job: article views counted in the shared cache reach the articles."""

from django.conf import settings

from sxsh.tasks import periodic

from . import services


@periodic.every(settings.SXSH_VIEW_FLUSH_SECONDS)
def flush_view_counts() -> None:
    services.flush_view_counts()
