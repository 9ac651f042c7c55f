from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from sxsh.indicators.catalogue import load_catalogue

    load_catalogue(apps.get_model("indicators", "Indicator"), apps.get_model("indicators", "IndicatorTarget"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
