"""Recompute indicator values for some years (cron-friendly)."""

from typing import Any

from django.core.management.base import BaseCommand

from sxsh.indicators import services


class Command(BaseCommand):
    help = "Recompute every indicator for each period (year, quarters, months) of the given years."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("years", nargs="+", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        stored = services.recompute(acting_user=None, years=options["years"])
        self.stdout.write(f"{stored} values stored")
