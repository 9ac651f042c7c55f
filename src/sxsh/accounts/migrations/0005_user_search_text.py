"""Users keep their folded username, name and e-mail (``search_text``), so the users list finds "Đỗ Thị" by "do thi"."""

from typing import Any

from django.db import migrations, models

from sxsh.calc.text import fold


def fill(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("accounts", "User")
    users = list(User.objects.only("pk", "username", "last_name", "first_name", "email"))
    for user in users:
        user.search_text = fold(" ".join([user.username, user.last_name, user.first_name, user.email]))  # as User.save
    User.objects.bulk_update(users, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_role_labels_by_function"),
    ]

    operations = [
        migrations.AddField(model_name="user", name="search_text", field=models.TextField(default="", editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
