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
# The portal figures load each page from one address: the per-client budget of new CAPTCHAs (60 per 10 minutes)
# would answer 429 to nearly every request of the no-JavaScript CAPTCHA page, so it is lifted for the bench.
SXSH_CAPTCHA_RATE = (10**9, 600)
