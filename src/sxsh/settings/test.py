"""Settings for the test suite."""

import os

from .base import *  # noqa: F403
from .base import CACHES, TASK_BACKENDS, TASKS

DEBUG = False
SXSH_CAPTCHA_TEST_MODE = True
CAPTCHA_TEST_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SXSH_FORM_MIN_SECONDS = 0  # public forms' minimum fill time is tested where it is switched on
SXSH_PUBLIC_PAGE_CACHE_SECONDS = 0  # tests see every change at once (tests/test_pagecache.py switches it on)
# Tasks run at once in the test process (tests of the workers set their own backend and environment).
SXSH_TASK_BACKEND = os.environ.get("SXSH_TASK_BACKEND", "immediate")
TASKS = {"default": {**TASKS["default"], "BACKEND": TASK_BACKENDS[SXSH_TASK_BACKEND]}}
SXSH_TASK_HEARTBEAT_SECONDS = float(os.environ.get("SXSH_TASK_HEARTBEAT_SECONDS", "0"))
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
