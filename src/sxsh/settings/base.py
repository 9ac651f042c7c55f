"""Settings shared by every environment; values come from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent  # src/sxsh
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SXSH_VAR_DIR", PROJECT_DIR / "var"))

DEFAULT_SECRET_KEY = "sxsh-insecure-development-key-change-me"
SECRET_KEY = os.environ.get("SXSH_SECRET_KEY", DEFAULT_SECRET_KEY)
#: Off unless asked for (``SXSH_DEBUG=1``): ``make run`` behaves like production (error pages, static files).
DEBUG = os.environ.get("SXSH_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("SXSH_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("SXSH_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

#: Proxies whose X-Forwarded-For is believed (addresses or networks; "unix" for nginx on a unix socket).
SXSH_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("SXSH_TRUSTED_PROXIES", "").split(",") if p.strip()]
#: Failed logins allowed per window, per client address and per account: (failures, seconds).
SXSH_LOGIN_RATE = (int(os.environ.get("SXSH_LOGIN_FAILURES", "10")), int(os.environ.get("SXSH_LOGIN_WINDOW", "600")))
#: Lifetime of an API token issued by POST /api/auth/token, in days.
SXSH_API_TOKEN_DAYS = int(os.environ.get("SXSH_API_TOKEN_DAYS", "30"))

SXSH_DEMO = os.environ.get("SXSH_DEMO", "0") == "1"
SXSH_CAPTCHA_TEST_MODE = os.environ.get("SXSH_CAPTCHA_TEST_MODE", "0") == "1"
SXSH_BASE_URL = os.environ.get("SXSH_BASE_URL", "")  # e.g. https://sxsh.hoankiem.hanoi.gov.vn, for links in e-mails
SXSH_IMPORT_MAX_ROWS = int(os.environ.get("SXSH_IMPORT_MAX_ROWS", "20000"))
SXSH_UPLOAD_MAX_BYTES = int(os.environ.get("SXSH_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
#: Largest request body of a route without uploads (core.middleware.BodySizeLimitMiddleware).
SXSH_BODY_MAX_BYTES = int(os.environ.get("SXSH_BODY_MAX_BYTES", str(2 * 1024 * 1024)))
#: Full-page cache of public pages for visitors without a session (sxsh.core.pagecache); 0 switches it off.
SXSH_PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("SXSH_PUBLIC_PAGE_CACHE_SECONDS", "30"))

INSTALLED_APPS = [
    "sxsh.core.admin_site.SiteAdminConfig",  # django.contrib.admin under the site's name
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # static files come from WhiteNoise under runserver too
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "ninja",
    "captcha",
    "sxsh.core",
    "sxsh.directory",
    "sxsh.accounts",
    "sxsh.plans",
    "sxsh.outreach",
    "sxsh.events",
    "sxsh.assessments",
    "sxsh.indicators",
    "sxsh.notifications",
    "django_tasks",
    "django_tasks_db",  # before sxsh.tasks, whose admin replaces the queue's own
    "sxsh.tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sxsh.core.middleware.RequestIdMiddleware",
    "sxsh.core.middleware.BodySizeLimitMiddleware",
    "sxsh.core.middleware.NullCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sxsh.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sxsh.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sxsh.core.closed_units.ClosedUnitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sxsh.core.middleware.SecurityHeadersMiddleware",
    "sxsh.core.scoping.ScopeGuardMiddleware",
]

ROOT_URLCONF = "sxsh.urls"
WSGI_APPLICATION = "sxsh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sxsh.core.context_processors.site",
                "sxsh.notifications.context_processors.notifications",
            ],
            "builtins": ["sxsh.core.templatetags.vn"],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sxsh.sqlite3'}"),
        conn_max_age=int(os.environ.get("SXSH_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email", "phone")}},
    {"NAME": "sxsh.accounts.passwords.LengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "sxsh.accounts.passwords.VietnameseCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
# Vietnamese first: English only when a person chooses it (the switch in the header sets the language
# cookie); a browser's Accept-Language is not followed (``core.middleware.ChosenLanguageMiddleware``).
# Each language is named in itself.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["sxsh.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise reads it at start (empty until ``collectstatic``)
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/htmx", PROJECT_DIR / "node_modules" / "htmx.org" / "dist"),
                    ("vendor/quill", PROJECT_DIR / "node_modules" / "quill" / "dist")]
#: WhiteNoise serves static files (``make run`` and production alike). Without a ``collectstatic`` (development,
#: tests) it reads them from the finders; production serves the collected, hashed and compressed files.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Upload files above 2.5 MB go to a temporary file, not memory; form fields (not files) at most 2 MB.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = SXSH_BODY_MAX_BYTES

#: Redis (``redis://127.0.0.1:6379/0``) for the shared cache (rate limits, view counts) and, with
#: ``SXSH_TASK_BACKEND=rq``, the task queue: the set-up with several application servers (docs/deployment.md).
SXSH_REDIS_URL = os.environ.get("SXSH_REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SXSH_REDIS_URL,
                "KEY_PREFIX": "sxsh"} if SXSH_REDIS_URL else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sxsh_cache",
    },
    # Public pages for visitors (sxsh.core.pagecache): per process, so a hit costs no database round trip.
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sxsh-pages",
              "OPTIONS": {"MAX_ENTRIES": 2000}},
}

# Background tasks (Django's Tasks API, the django-tasks backport): "database" (default: no other server;
# ``manage.py run_worker`` works them off), "rq" (Redis, SXSH_REDIS_URL) or "immediate" (run at once: tests).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
SXSH_TASK_BACKEND = os.environ.get("SXSH_TASK_BACKEND", "database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[SXSH_TASK_BACKEND], "QUEUES": ["default"]}}
if SXSH_TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": SXSH_REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}
#: A running task's worker writes a heartbeat this often; a task without one for the lease is run again
#: (up to SXSH_TASK_ATTEMPTS runs in all) or marked failed. Each worker checks every SWEEP seconds.
SXSH_TASK_HEARTBEAT_SECONDS = float(os.environ.get("SXSH_TASK_HEARTBEAT_SECONDS", "10"))
SXSH_TASK_LEASE_SECONDS = float(os.environ.get("SXSH_TASK_LEASE_SECONDS", "60"))
SXSH_TASK_SWEEP_SECONDS = float(os.environ.get("SXSH_TASK_SWEEP_SECONDS", "15"))
SXSH_TASK_ATTEMPTS = int(os.environ.get("SXSH_TASK_ATTEMPTS", "2"))
#: Exports of more rows than this, and facility imports of more rows, run as background tasks (the user
#: follows the progress and downloads the result); smaller ones answer at once.
SXSH_EXPORT_TASK_ROWS = int(os.environ.get("SXSH_EXPORT_TASK_ROWS", "5000"))
SXSH_IMPORT_TASK_ROWS = int(os.environ.get("SXSH_IMPORT_TASK_ROWS", "2000"))
#: How often the workers add the article views counted in the shared cache to the articles.
SXSH_VIEW_FLUSH_SECONDS = float(os.environ.get("SXSH_VIEW_FLUSH_SECONDS", "60"))

EMAIL_BACKEND = os.environ.get("SXSH_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("SXSH_FROM_EMAIL", "sxsh@localhost")

CAPTCHA_IMAGE_SIZE = (140, 44)
CAPTCHA_FONT_SIZE = 30
CAPTCHA_LENGTH = 5
CAPTCHA_TEST_MODE = SXSH_CAPTCHA_TEST_MODE

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "sxsh.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SXSH_LOG_LEVEL", "WARNING")},
}

#: robots.txt: the paths crawlers should not read (the back office, login, personal codes, beacons, the API).
SXSH_ROBOTS_DISALLOW = [
    "/quan-tri/", "/tai-khoan/", "/api/", "/cong-viec/", "/captcha/", "/ngon-ngu/", "/bang-dieu-khien/",
    "/nhat-ky/", "/quan-ly/", "/danh-muc/", "/ke-hoach/", "/danh-gia/", "/chi-tieu/", "/su-kien/quan-ly/",
    "/su-kien/ma/", "/su-kien/huy-dang-ky/", "/su-kien/*/dang-ky/", "/tin-tuc/*/da-xem/", "/tin-tuc/*/ma-xac-nhan/",
    "/tim-kiem/",
]

#: API rate limits (the shared cache): per client address for anonymous calls, per account once signed in.
SXSH_API_RATES = {"anonymous": "300/m", "account": "1200/m"}
