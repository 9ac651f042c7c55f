"""Settings of the throw-away bench server: the test-mode CAPTCHA, no rate limit, a minimal view."""

from sxsh.settings.base import *  # noqa: F403

DEBUG = False
SXSH_CAPTCHA_TEST_MODE = True
CAPTCHA_TEST_MODE = True
SXSH_COMMENT_RATE = (10**9, 600)
SXSH_FORM_MIN_SECONDS = 0
ROOT_URLCONF = "sxsh.outreach.bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "CRITICAL", "handlers": []}}
