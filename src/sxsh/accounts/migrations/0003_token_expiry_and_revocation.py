"""API tokens expire and can be revoked.

Tokens issued before had no end: each one now expires ``SXSH_API_TOKEN_DAYS`` after this migration (its
holders keep working for one lifetime, then ask for a new token). Their first characters are unknown.
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def expire_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    token = apps.get_model("accounts", "ApiToken")
    token.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=getattr(settings, "SXSH_API_TOKEN_DAYS", 30)))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [
        migrations.AlterModelOptions(
            name="apitoken",
            options={"ordering": ["-created_at", "-id"], "verbose_name": "mã truy cập API",
                     "verbose_name_plural": "mã truy cập API"},
        ),
        migrations.AddField(model_name="apitoken", name="expires_at",
                            field=models.DateTimeField(null=True, verbose_name="hết hạn lúc")),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(model_name="apitoken", name="expires_at",
                              field=models.DateTimeField(verbose_name="hết hạn lúc")),
        migrations.AddField(model_name="apitoken", name="prefix",
                            field=models.CharField(blank=True, max_length=8, verbose_name="mở đầu bằng")),
        migrations.AddField(model_name="apitoken", name="revoked_at",
                            field=models.DateTimeField(blank=True, null=True, verbose_name="thu hồi lúc")),
        migrations.AddField(
            model_name="apitoken", name="revoked_reason",
            field=models.CharField(blank=True, choices=[("owner", "thu hồi theo yêu cầu"), ("password", "mật khẩu đã đổi")],
                                   max_length=10, verbose_name="lý do thu hồi"),
        ),
        migrations.AlterField(model_name="apitoken", name="created_at",
                              field=models.DateTimeField(auto_now_add=True, verbose_name="cấp lúc")),
        migrations.AlterField(model_name="apitoken", name="last_used_at",
                              field=models.DateTimeField(blank=True, null=True, verbose_name="dùng lần cuối")),
    ]
