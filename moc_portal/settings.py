"""Settings for the МОЦ portal, read from the environment.

With nothing set the portal runs on SQLite, runs Celery tasks eagerly and
caches in local memory; production sets DATABASE_URL and REDIS_URL.
"""

import importlib.util
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# The open API at /api/v1/ (issue 22): anonymous, read-only, throttled per client.
from moc_portal.api.config import API_REQUESTS_PER_MINUTE, REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401
from moc_portal.settings_machines import apply_several_machines

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)


def _development_secret_key():
    """A key generated once per checkout and kept in an ignored file."""
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY")
if not SECRET_KEY:
    # A server with DEBUG off refuses to start without a key; manage.py commands and
    # development (DEBUG on) use the key generated for this checkout.
    if not (DEBUG or env_bool("MOC_COMMAND_LINE")):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The portal's public address: e-mails and files sent away carry absolute links built on it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "moc_portal.apps.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "moc_portal",
    "programs",
    "events",
    "best_practices",
    "consultations",
    "quality",
    "monitoring",
    "moc_portal.api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

# Anonymous public pages kept whole in the cache until content changes (core/page_cache.py);
# 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

MIDDLEWARE = [
    "moc_portal.core.client_address.ClientAddressMiddleware",
    "moc_portal.api.cors.ApiCorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "moc_portal.core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "moc_portal.urls"

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
                "moc_portal.context_processors.site",
                "moc_portal.context_processors.vision",
            ],
        },
    },
]

WSGI_APPLICATION = "moc_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,  # a connection a database restart dropped is replaced first
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "moc"),
            # A stopped Redis must fail fast: pages fall back to the database (core/cache.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
# Russian for what third-party apps leave in English (locale/ru/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["moc_portal.formats"]  # «3 декабря» in the admin, not «3 Декабрь»
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Leaflet from the django-leaflet package (its static files only: as an app it would need
    # GeoDjango), served from our own host like everything else (moc_portal.core.maps).
    Path(importlib.util.find_spec("leaflet").submodule_search_locations[0]) / "static",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Production serves the hashed, compressed files `collectstatic` wrote; development
# and tests (MOC_PLAIN_STATIC=1) serve them straight from the apps' folders.
STATIC_WITHOUT_COLLECTSTATIC = DEBUG or env_bool("MOC_PLAIN_STATIC", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if STATIC_WITHOUT_COLLECTSTATIC
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = STATIC_WITHOUT_COLLECTSTATIC

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "moc@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The outbox (moc_portal.core.outbox): every e-mail is a row first. Who delivers it:
# "worker" — the beat's task every minute (with a broker, REDIS_URL); "thread" — a thread of the
# web process, after each commit and every minute (the embedded default, no Redis); "manual" —
# only `manage.py deliver_mail` (cron; the tests). A failed mail is retried with backoff
# (1, 2, 4 … minutes, at most 6 hours apart) MAIL_MAX_ATTEMPTS times (15: about 38 hours).
MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY", "worker" if REDIS_URL else "thread")
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "15"))
# Days a sent or given-up mail stays in the outbox (then the daily erasure deletes it).
OUTBOX_KEEP_DAYS = int(os.environ.get("OUTBOX_KEEP_DAYS", "90"))

# Оценка качества: an organization with fewer answers than this has no published results
# (a campaign may set its own).
QUALITY_MINIMUM_SAMPLE = int(os.environ.get("QUALITY_MINIMUM_SAMPLE", "10"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: with a broker configured, tasks go to the workers; without one they run
# eagerly in the web process so that development needs nothing running.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A killed worker's task is redelivered after this; must exceed the longest task. Tests shorten it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "socket_connect_timeout": 1,
}
# A stopped Redis must not hold a page for long when it queues a task: one quick retry,
# then the caller records that the task could not be queued (the scheduled job queues it).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
# The result backend (Redis too) must not wait long for a stopped server either; the monthly
# report keeps no Celery result at all (its row holds its state).
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Each line names the client being served (its address behind the trusted proxy), or "-".
    "filters": {"client": {"()": "moc_portal.core.client_address.ClientAddressLogFilter"}},
    "formatters": {"client": {"format": "%(levelname)s %(name)s [%(client)s] %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client"], "formatter": "client"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own records reach the console through the root handler only: the "console"
        # handler Django attaches to its "django" logger printed each of them twice.
        "django": {"handlers": [], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True},
        # Lockouts and repeated failures are warnings; every successful login is not worth a line.
        "axes": {"level": "WARNING"},
    },
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES")

# --- Hardening (issue 9): one switch for HTTPS, browser protections, lockout, history ---
INSTALLED_APPS += ["axes", "simple_history"]
# CSP on every response; axes last, as its documentation asks (it turns a lockout into a page).
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "moc_portal.lockout.LoginDeviceMiddleware",
    "axes.middleware.AxesMiddleware",
]
# The lockout backend first: it refuses a locked-out login before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "moc_portal.lockout.AccountThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Behind a reverse proxy that terminates TLS, HTTPS=1 turns on everything HTTPS needs.
HTTPS = env_bool("HTTPS")
if HTTPS:
    SECURE_SSL_REDIRECT = True
    # Probes inside the host call the app over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The proxy must overwrite these headers, never pass the client's own (README).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Map tiles (core.maps): OpenStreetMap's by default; the page's img-src lets in this host only,
# on pages with a map. Empty: no tiles, nothing requested from another host, maps read as lists.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = os.environ.get("MAP_ATTRIBUTION", "© участники OpenStreetMap")

# Content-Security-Policy: our own scripts and styles only, no inline code, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws its icons as data: SVG
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Lockout (moc_portal/lockout.py): 5 failed logins lock the pair (account, client address) for
# an hour, never the account from everywhere; past LOGIN_ACCOUNT_FREE_FAILURES failures of one
# account from any addresses within the hour, each further attempt at it waits a delay that
# doubles up to LOGIN_ACCOUNT_MAX_DELAY_SECONDS, except from a browser where that account has
# logged in before. A methodist lifts both by deleting the rows in «Попытки доступа».
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A locked pair's further attempts are not counted: they check no password.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "moc_portal.core.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "moc_portal.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "moc_portal.lockout.attempted_username"
AXES_VERBOSE = False
LOGIN_ACCOUNT_FREE_FAILURES = int(os.environ.get("LOGIN_ACCOUNT_FREE_FAILURES", "10"))
LOGIN_ACCOUNT_FIRST_DELAY_SECONDS = int(os.environ.get("LOGIN_ACCOUNT_FIRST_DELAY_SECONDS", "5"))
LOGIN_ACCOUNT_MAX_DELAY_SECONDS = int(os.environ.get("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", "600"))

# Request bodies: form fields are held in memory up to this, files go to a temporary file
# above FILE_UPLOAD_MAX_MEMORY_SIZE, and an upload longer than MAX_REQUEST_UPLOAD_MB is
# cut off while it streams in (moc_portal.core.uploads.CappedUploadHandler), not read whole
# first. The proxy in front should cap bodies at the same size (README).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MAX_REQUEST_UPLOAD_MB = int(os.environ.get("MAX_REQUEST_UPLOAD_MB", "100"))
FILE_UPLOAD_HANDLERS = [
    "moc_portal.core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# A login whose ?next= is refused (another host) lands on the admin index, not a 404.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# --- Faults and abuse, second round (issue 17) ---
# The reverse proxies in front (comma-separated IPs or networks, e.g. "127.0.0.1,::1" for an
# nginx on the same host). Only a request from one of them has its X-Forwarded-For read, from
# the right: the right-most address that is not a trusted proxy is the client, for the rate
# limits, the lockout, the consent records and the logs. Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
if TRUSTED_PROXIES:
    from moc_portal.core.client_address import parse_networks

    parse_networks(TRUSTED_PROXIES)  # a mistyped address stops the start, not a request

# The longest one SQL statement may run in the web's requests (then the Russian 503 page) and
# in the Celery worker; commands and migrations have none (moc_portal/core/statement_timeout.py).
DB_STATEMENT_TIMEOUT_SECONDS = float(os.environ.get("DB_STATEMENT_TIMEOUT_SECONDS", "5"))
WORKER_DB_STATEMENT_TIMEOUT_SECONDS = float(
    os.environ.get("WORKER_DB_STATEMENT_TIMEOUT_SECONDS", "600")
)

# --- Deployment (issue 23) ---
# The daily backup (moc_portal/backups.py, «Резервное копирование» in the README) writes here.
BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT", BASE_DIR / "backups"))

# A read replica, media on object storage, Redis behind Sentinel: several machines, each when
# its variable is set (moc_portal/settings_machines.py says which).
apply_several_machines(globals(), os.environ)
# Sessions in the database, never in files: several web hosts share nothing but it and Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Monitoring: locked months (issue 21) ---
# A month locks for entry after its deadline plus the grace days (monitoring settings) unless
# a methodist grants an exception. Off only where every month is in the past on purpose: the
# test suite's fixed 2026 periods (tests/conftest.py; tests of locking turn it back on).
MONITORING_ENTRY_LOCK = env_bool("MONITORING_ENTRY_LOCK", True)

# --- The program import (issue 17, item 1) ---
# Files with more data rows than this are checked and written by the Celery worker, the page
# polling its progress; smaller ones at once. Uploads wait in IMPORT_TEMP_DIR (empty: a folder
# of the system's temporary directory) and an unconfirmed preview's file is removed after
# IMPORT_PREVIEW_MAX_AGE_MINUTES by the schedule.
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "300"))
IMPORT_TEMP_DIR = os.environ.get("IMPORT_TEMP_DIR", "")
IMPORT_PREVIEW_MAX_AGE_MINUTES = int(os.environ.get("IMPORT_PREVIEW_MAX_AGE_MINUTES", "60"))
