"""Settings for the test suite."""

from .base import *  # noqa: F403
from .base import CACHES

DEBUG = False
SXSH_CAPTCHA_TEST_MODE = True
CAPTCHA_TEST_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SXSH_FORM_MIN_SECONDS = 0  # public forms' minimum fill time is tested where it is switched on
SXSH_PUBLIC_PAGE_CACHE_SECONDS = 0  # tests see every change at once (tests/test_pagecache.py switches it on)
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
