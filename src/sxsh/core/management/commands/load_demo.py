"""Load the demo data of every app, in dependency order (idempotent)."""

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from sxsh.core.request_context import reset_request_id, set_request_id

DEMO_ORDER = ("core", "directory", "accounts", "plans", "outreach", "events", "assessments", "indicators")


class Command(BaseCommand):
    help = "Load the demo: site wording, units, facilities, one account per role and sample activity."

    def handle(self, *args: Any, **options: Any) -> None:
        token = set_request_id("demo-data-load")
        try:
            for app in DEMO_ORDER:
                with transaction.atomic():
                    import_module(f"sxsh.{app}.demo").load()
                self.stdout.write(f"demo: {app} ok")
        finally:
            reset_request_id(token)
