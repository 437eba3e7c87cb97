"""Django settings, every one read from the environment through ``akhbar.conf``.

The embedded default needs nothing: SQLite (WAL) under ``AKHBAR_DATA_DIR``.
``DATABASE_URL`` switches to PostgreSQL and ``REDIS_URL`` adds a shared cache.
Each variable is documented in docs/SETTINGS.md (a test keeps that true).
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from akhbar.conf import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_secret,
    env_str,
    sqlite_database,
)

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "akhbar-insecure-development-key-change-me"

DEBUG = env_bool("AKHBAR_DEBUG", False)
SECRET_KEY = env_secret("AKHBAR_SECRET_KEY", DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured(
        "settings: AKHBAR_SECRET_KEY (or AKHBAR_SECRET_KEY_FILE) must be set when "
        "AKHBAR_DEBUG is off: the default key is public"
    )

DATA_DIR = env_path("AKHBAR_DATA_DIR", "./data")
DATA_DIR.mkdir(parents=True, exist_ok=True)
ALLOWED_HOSTS = env_list("AKHBAR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("AKHBAR_CSRF_TRUSTED_ORIGINS", [])

DATABASE_URL = env_str("DATABASE_URL", "")
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else sqlite_database(DATA_DIR / "akhbar.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django.contrib.sitemaps",
    "akhbar.news",
    "akhbar.ingest",
    "akhbar.stories",
    "akhbar.search",
    "akhbar.moderation",
    "akhbar.api",
    "ninja",  # the API docs page: Swagger UI from ninja's own static files, no CDN
    "akhbar.ops",
    "akhbar.scaleout",
    "akhbar.readership",
    "akhbar.web",
    "akhbar.devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "akhbar.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "akhbar.web.middleware.AdminMessageMiddleware",  # Django's, for the admin only
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "akhbar.urls"
WSGI_APPLICATION = "akhbar.wsgi.application"
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
                "akhbar.web.context.site",
            ]
        },
    }
]

LANGUAGE_CODE = env_str("AKHBAR_LANGUAGE", "ar")
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("AKHBAR_TIME_ZONE", "Africa/Algiers")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Crawling: who we are, and which private hosts the fetcher may reach
# (the simulated news web on 127.0.0.1 for the demo and the tests).
AKHBAR_USER_AGENT_CONTACT = env_str("AKHBAR_CONTACT_URL", "https://github.com/akhbar-news/akhbar")
AKHBAR_ALLOWED_PRIVATE_HOSTS = env_list("AKHBAR_ALLOWED_PRIVATE_HOSTS", [])
AKHBAR_RUNNER = env_str("AKHBAR_RUNNER", "embedded")
AKHBAR_WORKERS = env_int("AKHBAR_WORKERS", 2, minimum=1)
# The Celery runner (AKHBAR_RUNNER=celery, broker and results on REDIS_URL): docs/DEPLOY.md.
AKHBAR_SCHEDULE_INTERVAL = env_int("AKHBAR_SCHEDULE_INTERVAL", 30, minimum=1)
AKHBAR_LEASE_SECONDS = env_int("AKHBAR_LEASE_SECONDS", 600, minimum=1)
AKHBAR_TASK_TIME_LIMIT = env_int("AKHBAR_TASK_TIME_LIMIT", 600, minimum=5)
AKHBAR_TASK_MAX_RETRIES = env_int("AKHBAR_TASK_MAX_RETRIES", 5, minimum=0)
AKHBAR_DEAD_LETTER_AFTER = env_int("AKHBAR_DEAD_LETTER_AFTER", 5, minimum=1)
AKHBAR_PAGE_SIZE = env_int("AKHBAR_PAGE_SIZE", 30, minimum=1)
# Digits in the Arabic interface: Arabic-Indic (٠١٢٣) when on, Western (0123) when off.
AKHBAR_ARABIC_DIGITS = env_bool("AKHBAR_ARABIC_DIGITS", False)
# Seconds a cached page may be served before it is rendered again (new articles and
# hidden images invalidate it at once); 0 turns the page cache off.
AKHBAR_PAGE_CACHE_SECONDS = env_int("AKHBAR_PAGE_CACHE_SECONDS", 300, minimum=0)

# Readers' image reports: distinct reporters before an image is hidden, the
# higher bar after a moderator restored it, and per-minute rate limits.
AKHBAR_REPORT_THRESHOLD = env_int("AKHBAR_REPORT_THRESHOLD", 3, minimum=1)
AKHBAR_REPORT_THRESHOLD_RESTORED = env_int("AKHBAR_REPORT_THRESHOLD_RESTORED", 6, minimum=1)
AKHBAR_REPORT_LIMIT_REPORTER = env_int("AKHBAR_REPORT_LIMIT_REPORTER", 10, minimum=1)
AKHBAR_REPORT_LIMIT_NETWORK = env_int("AKHBAR_REPORT_LIMIT_NETWORK", 60, minimum=1)
AKHBAR_REPORT_SALT = env_secret("AKHBAR_REPORT_SALT", "report-salt:" + SECRET_KEY)
AKHBAR_TRUSTED_PROXIES = env_list("AKHBAR_TRUSTED_PROXIES", [])
# Behind deploy/nginx.conf, whose micro-cache answers most article requests without Django:
# nginx then reports each article request to /_reading/ and the pages do not count.
AKHBAR_READINGS_COUNTED_BY_PROXY = env_bool("AKHBAR_READINGS_COUNTED_BY_PROXY", False)

# The JSON API and the Fever endpoint: requests one client (IP address) may make per minute.
AKHBAR_API_RATE_LIMIT = env_int("AKHBAR_API_RATE_LIMIT", 300, minimum=1)

# Operations: who may scrape /metrics, and how long article bodies are kept.
AKHBAR_METRICS_ALLOWED_IPS = env_list("AKHBAR_METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
AKHBAR_RETENTION_BODY_DAYS = env_int("AKHBAR_RETENTION_BODY_DAYS", 0, minimum=0)
# Operator alerts (akhbar.ops.alerts): one e-mail per new alert to these addresses, sent
# through Django's mail settings, themselves read from the environment here.
AKHBAR_ALERT_EMAILS = env_list("AKHBAR_ALERT_EMAILS", [])
EMAIL_HOST = env_str("AKHBAR_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("AKHBAR_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("AKHBAR_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_secret("AKHBAR_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("AKHBAR_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = SERVER_EMAIL = env_str("AKHBAR_EMAIL_FROM", "akhbar@localhost")

LOG_FORMAT = env_str("AKHBAR_LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"settings: AKHBAR_LOG_FORMAT={LOG_FORMAT!r} is not plain or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "akhbar.ops.jsonlog.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("AKHBAR_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
