"""Generate a deterministic city- or country-size synthetic dataset (benchmarks, load tests)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sxsh.core.request_context import reset_request_id, set_request_id
from sxsh.directory import synthetic


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu tổng hợp (tất định theo seed) ở quy mô thành phố: quận, phường, cơ sở sản xuất, lịch sử "
        "tình trạng SXSH, và dữ liệu của các phân hệ khác nếu có. Không dùng trên cơ sở dữ liệu thật."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=3, help="number of districts (each with 10–20 wards)")
        parser.add_argument("--facilities", type=int, default=1000)
        parser.add_argument("--years", type=int, default=2, help="years of monthly series")
        parser.add_argument("--seed", type=int, default=154)
        parser.add_argument("--end-year", type=int, default=2024)
        parser.add_argument("--flush", action="store_true", help="delete earlier synthetic data first")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["units"] < 1 or options["facilities"] < 0 or options["years"] < 1:
            raise CommandError("--units and --years must be at least 1, --facilities at least 0")
        token = set_request_id("synthetic-data")
        try:
            if options["flush"]:
                removed = synthetic.flush()
                self.stdout.write(f"synthetic: removed {removed} facilities")
            config = synthetic.SyntheticConfig(
                units=options["units"], facilities=options["facilities"], years=options["years"],
                seed=options["seed"], end_year=options["end_year"],
            )
            started = time.perf_counter()
            try:
                context = synthetic.generate(config, progress=lambda m: self.stdout.write(f"synthetic: {m}"))
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        finally:
            reset_request_id(token)
        counts = ", ".join(f"{k}={v}" for k, v in context.counts.items())
        self.stdout.write(f"synthetic: done in {time.perf_counter() - started:.1f}s: {counts}")
