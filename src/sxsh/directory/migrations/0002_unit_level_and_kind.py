"""Units get a level (province, historical district, commune) and a kind as data (UnitKind)."""

import django.db.models.deletion
from django.db import migrations, models

#: (code, name, title, level) as seeded on 1/12/2026; reference.UNIT_KINDS keeps them current.
KINDS = (
    ("tinh", "tỉnh", "tỉnh", "province"),
    ("thanh-pho-truc-thuoc-trung-uong", "thành phố trực thuộc trung ương", "thành phố", "province"),
    ("quan", "quận", "quận", "district"),
    ("huyen", "huyện", "huyện", "district"),
    ("thi-xa", "thị xã", "thị xã", "district"),
    ("thanh-pho-thuoc-tinh", "thành phố thuộc tỉnh", "thành phố", "district"),
    ("phuong", "phường", "phường", "commune"),
    ("xa", "xã", "xã", "commune"),
    ("thi-tran", "thị trấn", "thị trấn", "commune"),
    ("dac-khu", "đặc khu", "đặc khu", "commune"),
)
LEVELS = {"province": "province", "district": "district", "ward": "commune"}
#: The kind word a stored name may start with, per level (first match wins; else the level's first kind).
PREFIXES = {
    "province": (("Thành phố ", "thanh-pho-truc-thuoc-trung-uong"), ("Tỉnh ", "tinh")),
    "district": (("Quận ", "quan"), ("Huyện ", "huyen"), ("Thị xã ", "thi-xa"), ("Thành phố ", "thanh-pho-thuoc-tinh")),
    "commune": (("Phường ", "phuong"), ("Xã ", "xa"), ("Thị trấn ", "thi-tran"), ("Đặc khu ", "dac-khu")),
}
DEFAULT = {"province": "tinh", "district": "quan", "commune": "phuong"}


def forwards(apps, schema_editor):
    kind_model = apps.get_model("directory", "UnitKind")
    unit_model = apps.get_model("directory", "AdministrativeUnit")
    kinds = {}
    for code, name, title, level in KINDS:
        kinds[code], _ = kind_model.objects.get_or_create(code=code, defaults={"name": name, "title": title,
                                                                                "level": level})
    for unit in unit_model.objects.all():
        unit.level = LEVELS.get(unit.old_kind, "commune")
        code = DEFAULT[unit.level]
        for prefix, kind_code in PREFIXES[unit.level]:
            if unit.name.startswith(prefix):
                code, unit.name = kind_code, unit.name[len(prefix):]
                break
        unit.kind = kinds[code]
        unit.save(update_fields=["level", "kind", "name"])


class Migration(migrations.Migration):

    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="UnitKind",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="mã loại")),
                ("name", models.CharField(max_length=100, verbose_name="tên loại đơn vị")),
                ("title", models.CharField(max_length=60, verbose_name="từ đứng trước tên")),
                ("level", models.CharField(choices=[("province", "Cấp tỉnh"), ("district", "Cấp huyện"),
                                                    ("commune", "Cấp xã")], max_length=20, verbose_name="cấp")),
            ],
            options={"verbose_name": "loại đơn vị hành chính", "verbose_name_plural": "loại đơn vị hành chính",
                     "ordering": ["level", "name"]},
        ),
        migrations.RenameField("administrativeunit", "kind", "old_kind"),
        migrations.AddField("administrativeunit", "level", models.CharField(
            choices=[("province", "Cấp tỉnh"), ("district", "Cấp huyện"), ("commune", "Cấp xã")],
            default="commune", max_length=20, verbose_name="cấp"), preserve_default=False),
        migrations.AddField("administrativeunit", "kind", models.ForeignKey(
            null=True, on_delete=django.db.models.deletion.PROTECT, related_name="units", to="directory.unitkind",
            verbose_name="loại đơn vị")),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField("administrativeunit", "old_kind"),
        migrations.AlterField("administrativeunit", "kind", models.ForeignKey(
            on_delete=django.db.models.deletion.PROTECT, related_name="units", to="directory.unitkind",
            verbose_name="loại đơn vị")),
    ]
