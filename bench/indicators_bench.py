"""Indicators figures: recomputation for the synthetic city against one hand-written SQL aggregate.

* ``indicators_applying_share_<db>``: one indicator (share of facilities applying CP) for one year,
  through ``services.recompute_period`` (facts from the CP status history, summed by the engine into
  every unit × sector, stored) against a single SQL statement computing the same ward × sector cells
  from the same rows (latest status per facility on the period's last day). The cells are compared.
* ``indicator_export_<db>``: rows/s of the data export (the values listing's export, ``tables.VALUES`` →
  ``core.tables.export_file``, what the "Dữ liệu chi tiết" job writes) for the whole city's year values, against openpyxl's own
  write-only workbook of the same, already materialised rows.
* ``indicators_recompute_<db>``: the full recomputation (every catalogue indicator × the 17 periods
  of the year: year, 4 quarters, 12 months) against the same aggregate run once for every indicator ×
  period stored (what a hand-written SQL implementation spends at least, if each indicator-period cost
  one such statement; the status history is the largest source, so this floor is generous to SQL).
"""

import time
from decimal import Decimal
from typing import Any

from django.db import connection

from sxsh.directory.synthetic import SyntheticConfig

from . import report
from .config import Config
from .figures import bench_user, export_figure, timed

try:
    from sxsh.directory.models import AdministrativeUnit
    from sxsh.indicators import services
    from sxsh.indicators.models import Indicator, IndicatorValue
    from sxsh.indicators.periods import Period
except ImportError as exc:  # the app has not landed: bench.figures reports the figure as skipped
    raise ImportError(str(exc)) from exc

CODE = "cp_applying_share"
APPLYING = ("applying", "sustaining")

SQL = """
WITH latest AS (
    SELECT c.facility_id, c.status,
           ROW_NUMBER() OVER (PARTITION BY c.facility_id ORDER BY c.effective_date DESC, c.id DESC) AS rn
    FROM directory_cpstatuschange c
    WHERE c.effective_date <= %s
)
SELECT f.ward_id, f.sector_id,
       SUM(CASE WHEN l.status IN (%s, %s) THEN 1 ELSE 0 END) AS applying,
       COUNT(*) AS known
FROM latest l
JOIN directory_facility f ON f.id = l.facility_id
WHERE l.rn = 1
GROUP BY f.ward_id, f.sector_id
"""


#: The same aggregate in PostgreSQL's own idiom for "latest row per facility" (the form the engine's
#: status query uses there), reported beside the baseline so the ratio can be read against both.
SQL_DISTINCT_ON = """
WITH latest AS (
    SELECT DISTINCT ON (c.facility_id) c.facility_id, c.status
    FROM directory_cpstatuschange c
    WHERE c.effective_date <= %s
    ORDER BY c.facility_id, c.effective_date DESC, c.id DESC
)
SELECT f.ward_id, f.sector_id,
       SUM(CASE WHEN l.status IN (%s, %s) THEN 1 ELSE 0 END) AS applying,
       COUNT(*) AS known
FROM latest l
JOIN directory_facility f ON f.id = l.facility_id
GROUP BY f.ward_id, f.sector_id
"""


def sql_aggregate(period: Any, sql: str = SQL) -> dict[tuple[int, int], tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.end, *APPLYING])
        return {(ward, sector): (int(a), int(k)) for ward, sector, a, k in cursor.fetchall()}


def run(config: Config, label: str) -> None:
    year = SyntheticConfig().end_year  # the bench generates the city with the default end year
    period = Period("year", year)
    indicator = Indicator.objects.filter(code=CODE).first()
    if indicator is None:
        from sxsh.indicators.catalogue import load_catalogue

        load_catalogue()
        indicator = Indicator.objects.get(code=CODE)

    best_sql, cells = timed(lambda: sql_aggregate(period), repeat=3)
    best_one, stored = timed(lambda: services.recompute_period(indicator, period, {}), repeat=3)

    # The engine's ward × sector cells must equal the aggregate's: the restated view counts each facility in
    # its current ward like the aggregate (the wards closed by the demo's 2025 reorganisation have none).
    engine: dict[tuple[int, int], tuple[Decimal, Decimal]] = {}
    for ward, sector, num, den in IndicatorValue.objects.filter(view="restated",
        indicator=indicator, period_kind="year", year=year, unit__level="commune", sector__isnull=False,
    ).values_list("unit_id", "sector_id", "numerator", "denominator"):
        engine[(ward, sector)] = (num or Decimal(0), den or Decimal(0))
    closed = set(AdministrativeUnit.objects.filter(valid_to__isnull=False).values_list("pk", flat=True))
    mismatched = [k for k, (a, n) in cells.items()
                  if k[0] not in closed and engine.get(k, (Decimal(0), Decimal(0))) != (a, n)]
    if mismatched:
        report.note(f"indicators: {len(mismatched)} of {len(cells)} ward × sector cells differ from the SQL "
                    f"aggregate, e.g. {mismatched[:3]}")
    report.figure(f"indicators_applying_share_{label}", best_one, "s", best_one / best_sql, "sql_aggregate", best_sql)
    report.note(f"indicators_applying_share_{label}: {stored} values stored (every unit × sector) from "
                f"{sum(k for _a, k in cells.values())} facilities; SQL gives {len(cells)} ward × sector cells")
    if connection.vendor == "postgresql":
        best_distinct, same = timed(lambda: sql_aggregate(period, SQL_DISTINCT_ON), repeat=3)
        assert same == cells
        report.note(f"indicators_applying_share_{label}: the aggregate written with DISTINCT ON takes "
                    f"{best_distinct:.4f} s (ratio {best_one / best_distinct:.3f} against that form)")

    started = time.perf_counter()
    total = services.recompute(acting_user=None, years=[year])
    full = time.perf_counter() - started
    runs = Indicator.objects.count() * 17
    report.figure(f"indicators_recompute_{label}", full, "s", full / (best_sql * runs),
                  f"sql_aggregate_x{runs}", best_sql * runs)
    report.note(f"indicators_recompute_{label}: {total} values, {Indicator.objects.count()} indicators × 17 periods "
                f"of {year} ({full / runs * 1000:.0f} ms per indicator-period against {best_sql * 1000:.0f} ms for one "
                f"aggregate; {full / best_sql:.0f}× a single aggregate)")
    export(year, label)


def export(year: int, label: str) -> None:
    from django.http import HttpRequest, QueryDict

    from sxsh.core.tables import export_file
    from sxsh.directory.models import AdministrativeUnit
    from sxsh.indicators.tables import VALUES

    city = AdministrativeUnit.objects.get(parent=None, code="ha-noi")
    request = HttpRequest()
    request.user = bench_user("doit")
    request.GET = QueryDict(f"unit={city.pk}&year={year}&period=year")
    selection = VALUES.select(request, request.GET)  # what the "Dữ liệu chi tiết" task writes, every column
    n = export_figure(f"indicator_export_{label}", [c.header for c in selection.export_columns()],
                      list(selection.values(selection.queryset)), lambda: len(export_file(selection, "xlsx")[1]))
    report.note(f"indicator_export_{label}: {n} values (every indicator, unit and sector of the city for {year}), "
                "read through the DoIT scope and written as XLSX")
