"""The indicators app's former background jobs become task records (same ids, files and outcome)."""

from django.db import migrations

KINDS = {
    "recompute": "sxsh.indicators.tasks.recompute",
    "dashboard_xlsx": "sxsh.indicators.tasks.dashboard_xlsx",
    "values_xlsx": "sxsh.indicators.tasks.values_xlsx",
}
FIELDS = ("params", "status", "progress", "message", "result_file", "result_name", "error", "created_by_id",
          "created_at", "started_at", "finished_at")


def copy_jobs(apps, schema_editor):
    Job = apps.get_model("indicators", "Job")
    BackgroundTask = apps.get_model("tasks", "BackgroundTask")
    jobs = list(Job.objects.order_by("pk"))
    rows = [
        BackgroundTask(id=job.pk, kind=KINDS.get(job.kind, job.kind), attempts=1 if job.started_at else 0,
                       **{name: getattr(job, name) for name in FIELDS})
        for job in jobs
    ]
    BackgroundTask.objects.bulk_create(rows, batch_size=500)
    for job in jobs:  # auto_now_add stamped the copies: put each job's own time back
        BackgroundTask.objects.filter(pk=job.pk).update(created_at=job.created_at)
    if rows and schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('tasks_backgroundtask', 'id'), "
                           "(SELECT MAX(id) FROM tasks_backgroundtask))")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0001_initial"),
        ("indicators", "0004_values_without_db_foreign_keys"),
    ]

    operations = [migrations.RunPython(copy_jobs, migrations.RunPython.noop)]
