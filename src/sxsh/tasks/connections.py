"""A worker keeps its database connections from one task to the next, checked before each use."""

from django.conf import settings
from django.db import connections


def keep_connections() -> None:
    """Keep this process's database connections for ``SXSH_WORKER_CONN_MAX_AGE`` seconds (or the
    configured ``CONN_MAX_AGE`` if longer) with health checks, so a dropped connection is reopened.

    With ``CONN_MAX_AGE`` 0 (the web default) the worker loop's ``close_old_connections()`` opens a
    connection per task. The settings are shared by every thread's connection of this process: the
    worker's loop, its beat and the task heartbeats.
    """
    age = settings.SXSH_WORKER_CONN_MAX_AGE
    for alias in connections:
        params = connections.settings[alias]
        current = params.get("CONN_MAX_AGE", 0)
        if current is not None and age > current:
            params["CONN_MAX_AGE"] = age
        params["CONN_HEALTH_CHECKS"] = True
    connections.close_all()  # a connection opened before (checks) takes the new settings when reopened
