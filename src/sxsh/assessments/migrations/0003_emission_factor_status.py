"""Emission factors carry a status (official or estimate); the estimated 2024 grid factor is seeded with it."""

from decimal import Decimal

from django.db import migrations, models


def seed_estimates(apps, schema_editor):
    from sxsh.calc.emissions import OFFICIAL, default_data, grid_entry

    factor = apps.get_model("assessments", "EmissionFactor")
    for year, value in default_data()["grid"]["values"].items():
        entry = grid_entry(value)
        if entry["status"] != OFFICIAL:  # never overwrites a row entered in the admin
            factor.objects.get_or_create(kind="grid", year=int(year), defaults={
                "value": Decimal(str(entry["value"])), "status": entry["status"], "source": entry["source"][:500]})


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_seed_emission_factors")]
    operations = [
        migrations.AddField(
            model_name="emissionfactor",
            name="status",
            field=models.CharField(choices=[("official", "Chính thức"), ("estimate", "Ước tính")], default="official",
                                   max_length=10, verbose_name="tình trạng"),
        ),
        migrations.RunPython(seed_estimates, migrations.RunPython.noop),
    ]
