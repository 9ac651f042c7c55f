"""Record a reorganisation of administrative units from a data file; ``--apply`` also applies it."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sxsh.directory import reorganising, services
from sxsh.directory.reference import HA_NOI_2025 as DEFAULT


class Command(BaseCommand):
    help = "Record (and with --apply apply) a reorganisation of units from a JSON data file (default: the reference data shipped with SXSH)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT))
        parser.add_argument("--apply", action="store_true", help="apply it after recording (all or nothing)")

    def handle(self, *args: Any, **options: Any) -> None:
        data = json.loads(Path(options["path"]).read_text(encoding="utf-8"))
        reorganisation, created = services.record_reorganisation(acting_user=None, data=data)
        self.stdout.write(f"{'recorded' if created else 'already recorded'}: {reorganisation}")
        plan = reorganising.preview(reorganisation)
        if not options["apply"]:
            self.stdout.write(f"preview: {plan.facilities_moved} facilities move, {plan.facilities_to_place} to place, "
                              f"{len(plan.errors)} errors")
            for error in plan.errors:
                self.stdout.write(f"  {error}")
            return
        if reorganisation.applied_at is not None:
            self.stdout.write("already applied")
            return
        try:
            plan = services.apply_reorganisation(acting_user=None, reorganisation=reorganisation)
        except services.ReorganisationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"applied: {plan.facilities_moved} facilities moved, {plan.facilities_to_place} to place")
