from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "sxsh.tasks"
    verbose_name = _("Công việc nền")

    def ready(self) -> None:
        autodiscover_modules("tasks")  # each app's tasks.py declares its kinds of task
        from sxsh.core.tables import defer_large_exports

        from .exports import start_export

        defer_large_exports(start_export)  # exports above SXSH_EXPORT_TASK_ROWS rows become tasks
