"""Production settings: refuse to start with anything unsafe."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, DEFAULT_SECRET_KEY, SECRET_KEY

DEBUG = os.environ.get("SXSH_DEBUG", "0") == "1"
if DEBUG:
    raise ImproperlyConfigured("SXSH_DEBUG must be 0 in production.")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SXSH_SECRET_KEY to a random value of at least 50 characters.")
if os.environ.get("SXSH_CAPTCHA_TEST_MODE", "0") == "1":
    raise ImproperlyConfigured("SXSH_CAPTCHA_TEST_MODE is for tests only.")
if os.environ.get("SXSH_DEMO", "0") == "1":
    raise ImproperlyConfigured("Demo mode is not allowed in production.")
SXSH_DEMO = False
SXSH_CAPTCHA_TEST_MODE = False
CAPTCHA_TEST_MODE = False

SECURE_SSL_REDIRECT = os.environ.get("SXSH_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WHITENOISE_USE_FINDERS = False  # the collected files only (``collectstatic`` at deployment)
WHITENOISE_AUTOREFRESH = False

# Keep database connections between requests (a new connection per request costs more than most pages).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("SXSH_DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
