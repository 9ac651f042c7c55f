"""Report numbers per issuing unit and year: keep every number a report had (a blank one showed as
"<id>/BC-UBND"; it is now stored), and start each unit's yearly sequence after the numbers already used."""

import re

from django.db import migrations

KIND = "BC"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Report = apps.get_model("indicators", "Report")
    Sequence = apps.get_model("core", "DocumentSequence")
    last: dict[tuple[str, int], int] = {}
    for report in Report.objects.select_related("unit").order_by("pk"):
        if not report.number:
            report.number = f"{report.pk}/{KIND}-UBND"
            report.save(update_fields=["number"])
        match = re.match(r"\s*(\d+)\s*/", report.number)
        if match:
            key = (report.unit.path, report.year)
            last[key] = max(last.get(key, 0), int(match.group(1)))
    for (body, year), number in last.items():
        Sequence.objects.update_or_create(body=body, kind=KIND, year=year, defaults={"last": number})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_document_sequence"),
        ("indicators", "0007_value_view"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
