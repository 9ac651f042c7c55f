"""The unit of every audit entry, so that the log can be scoped; existing rows are back-filled.

An entry's unit is its object's (through the model's ``scope.unit`` lookup, read from the current model
class since historical models carry no class attributes). For a deleted object the first step of the
lookup is read from the values recorded before the deletion (``ward_id``, ``event_id``…). Entries whose
unit cannot be found keep an empty path: only administrators see them.
"""

from typing import Any

from django.apps import apps as current_apps
from django.db import migrations, models

BATCH = 500


def _lookup(app_label: str, model_name: str) -> str:
    try:
        model = current_apps.get_model(app_label, model_name)
    except LookupError:
        return ""
    scope = getattr(model, "scope", None)
    if scope is not None and scope.unit:
        return str(scope.unit)
    return "unit__path" if any(f.name == "unit" for f in model._meta.fields) else ""


def _from_values(model: Any, lookup: str, values: dict[str, Any]) -> str:
    """The unit path of a deleted object from its recorded values (its first relation, then the rest)."""
    first, _sep, rest = lookup.partition("__")
    if not rest:
        return str(values.get(first) or "")
    related_id = values.get(f"{first}_id")
    if related_id is None:
        return ""
    related = model._meta.get_field(first).related_model
    found = related._base_manager.filter(pk=related_id).values_list(rest, flat=True).first()
    return str(found or "")


def backfill(apps: Any, schema_editor: Any) -> None:
    audit_log = apps.get_model("core", "AuditLog")
    content_type = apps.get_model("contenttypes", "ContentType")
    for ct in content_type.objects.filter(pk__in=audit_log.objects.values("content_type_id")):
        lookup = _lookup(ct.app_label, ct.model)
        try:
            model = apps.get_model(ct.app_label, ct.model)
        except LookupError:
            continue
        if not lookup:
            continue
        pks = list(audit_log.objects.filter(content_type_id=ct.pk, unit_path="").exclude(object_id="").order_by(
            "pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            batch = list(audit_log.objects.filter(pk__in=pks[start:start + BATCH]))
            ids = {e.object_id for e in batch if e.object_id.isdigit()}
            paths = dict(model._base_manager.filter(pk__in=ids).values_list("pk", lookup))
            for entry in batch:
                path = paths.get(int(entry.object_id)) if entry.object_id.isdigit() else None
                if path is None:
                    path = _from_values(model, lookup, entry.before or entry.after or {})
                entry.unit_path = str(path or "")[:255]
            audit_log.objects.bulk_update(batch, ["unit_path"])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_site_operator_example"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditlog",
            name="unit_path",
            field=models.CharField(blank=True, db_index=True, max_length=255, verbose_name="địa bàn"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
