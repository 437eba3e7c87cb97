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
    "akhbar.news",
    "akhbar.ingest",
    "akhbar.search",
    "akhbar.web",
    "akhbar.devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
AKHBAR_PAGE_SIZE = env_int("AKHBAR_PAGE_SIZE", 30, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("AKHBAR_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
