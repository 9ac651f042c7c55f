"""Drop the per-day reader marks of the view counter (only today's are needed); run daily from cron."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from sxsh.outreach import services


class Command(BaseCommand):
    help = "Delete view-counter marks older than yesterday (the counts themselves are kept)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = services.prune_views(before=timezone.localdate() - timedelta(days=1))
        self.stdout.write(f"outreach: {deleted} view marks deleted")
