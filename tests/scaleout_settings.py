"""Settings of the scale-out test's servers: the development settings (Redis, PostgreSQL and the RQ queue
come from the environment the script writes) without the comment form's minimum fill time."""

from sxsh.settings.dev import *  # noqa: F403

SXSH_FORM_MIN_SECONDS = 0
