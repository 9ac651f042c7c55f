"""Settings of the gunicorn child in the concurrency tests: the test settings without the per-reader rate
limits (comments, new CAPTCHAs) and minimum fill time of the comment form (every client shares one loopback address)."""

from sxsh.settings.test import *  # noqa: F403

SXSH_COMMENT_RATE = (10**9, 600)
SXSH_CAPTCHA_RATE = (10**9, 600)
SXSH_FORM_MIN_SECONDS = 0
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
