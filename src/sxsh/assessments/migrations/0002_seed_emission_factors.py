"""Seed the emission-factor table from sxsh/calc/data/emission_factors.json (never overwrites edits)."""

from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    from sxsh.calc.emissions import OFFICIAL, default_data, grid_entry

    factor = apps.get_model("assessments", "EmissionFactor")
    data = default_data()
    source = data["grid"].get("source", "")[:500]
    for year, value in data["grid"]["values"].items():
        entry = grid_entry(value)
        if entry["status"] != OFFICIAL:
            continue  # estimates come with their status (0003)
        factor.objects.get_or_create(kind="grid", year=int(year),
                                     defaults={"value": Decimal(str(entry["value"])), "source": source})
    for code, fuel in data["fuels"].items():
        ncv = fuel.get("ncv_tj_per_gg")
        factor.objects.get_or_create(kind="fuel", fuel=code, defaults={
            "value": Decimal(str(fuel["co2_kg_per_tj"])),
            "ncv_tj_per_gg": None if ncv is None else Decimal(str(ncv)),
            "source": fuel.get("source", "")[:500],
        })


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
