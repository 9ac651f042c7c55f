"""Bench-only settings: the application's settings with DEBUG off and a URL conf that adds the floor view."""

import os

from sxsh.settings.base import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SXSH_DEMO = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SXSH_LOG_LEVEL", "ERROR")},
}
