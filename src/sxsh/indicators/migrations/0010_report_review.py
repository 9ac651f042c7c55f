"""The review rounds of reports, kept for good; earlier rounds are read back from the audit log (each submission,
return and approval was recorded there with its user, time and comment), else from the report's own fields."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


STEPS = {"indicators.report.submitted": "submitted", "indicators.report.returned": "returned",
         "indicators.report.approved": "approved"}


def _steps_from_log(logs):
    returned = False
    for log in logs:
        step = STEPS[log.action]
        if step == "submitted" and returned:
            step = "resubmitted"
        returned = returned or step == "returned"
        comment = (log.after or {}).get("review_comment", "") if step in ("returned", "approved") else ""
        yield step, log.user_id, log.timestamp, comment or ""


def _steps_from_fields(report):
    if report.submitted_at:
        yield "submitted", report.submitted_by_id, report.submitted_at, ""
    if report.status in ("returned", "approved") and report.reviewed_at:
        yield report.status, report.reviewed_by_id, report.reviewed_at, report.review_comment


def backfill(apps, schema_editor):
    Report = apps.get_model("indicators", "Report")
    ReportReview = apps.get_model("indicators", "ReportReview")
    AuditLog = apps.get_model("core", "AuditLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    kind = ContentType.objects.filter(app_label="indicators", model="report").first()
    logs = {}
    if kind is not None:
        for log in AuditLog.objects.filter(content_type=kind, action__in=STEPS).order_by("timestamp", "id"):
            logs.setdefault(log.object_id, []).append(log)
    rows = []
    for report in Report.objects.order_by("pk"):
        found = logs.get(str(report.pk))
        number = 0
        for step, user_id, at, comment in (_steps_from_log(found) if found else _steps_from_fields(report)):
            if step in ("submitted", "resubmitted") or number == 0:
                number += 1
            rows.append(ReportReview(report=report, round=number, step=step, by_id=user_id, at=at, comment=comment))
    ReportReview.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0009_report_approver'),
        ('core', '0005_auditlog_unit_path'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                ('round', models.PositiveSmallIntegerField(verbose_name='lượt')),
                ('step', models.CharField(choices=[('submitted', 'Gửi lên xem xét'), ('resubmitted', 'Gửi lại sau khi sửa'), ('returned', 'Trả lại'), ('approved', 'Phê duyệt')], max_length=20, verbose_name='bước')),
                ('at', models.DateTimeField(verbose_name='lúc')),
                ('comment', models.TextField(blank=True, verbose_name='ý kiến')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='indicators.report', verbose_name='báo cáo')),
            ],
            options={
                'verbose_name': 'bước xem xét báo cáo',
                'verbose_name_plural': 'lịch sử xem xét báo cáo',
                'ordering': ['report', 'at', 'pk'],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
