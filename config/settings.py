"""PTĐV settings. Everything that differs between a laptop trial and a province
server comes from environment variables, so one file serves both."""

import os
import tomllib
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Fail closed: a server is in production mode unless DJANGO_DEBUG says
# otherwise (`make run` and the test settings do).
DEBUG = env_bool("DJANGO_DEBUG", False)
# Outside a local trial there is no default key: left empty, Django refuses
# every use of it (sessions, CSRF, signing) and config/wsgi.py refuses to
# start. Commands that need no key (migrations, translations, mypy) still run.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-for-local-trials-never-in-production"

ALLOWED_HOSTS = [
    h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "apps.common",
    "apps.audit",
    "apps.organizations",
    "apps.accounts",
    "apps.members",
    "apps.admissions",
    "apps.training",
    "apps.targets",
    "apps.reports",
    "apps.imports",
    "apps.documents",
    "apps.deadlines",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files, compressed and with far-future cache headers for the
    # hashed names (docs/deployment.md); right after the security headers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.common.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.common.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.accounts.middleware.LoginGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.admissions.evaluation.RulesCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "apps.accounts.context_processors.navigation",
                "apps.common.context_processors.product",
                "apps.deadlines.context_processors.bell",
            ],
            "builtins": ["apps.common.templatetags.vn"],
        },
    }
]

# SQLite file for a one-laptop trial; DATABASE_URL=postgres://... for a province.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every password check goes through this backend, which counts failures and
# refuses a locked username (apps.accounts.throttle): the login form, the API
# token page, the password change, whatever comes next.
AUTHENTICATION_BACKENDS = ["apps.accounts.backends.ThrottledModelBackend"]
# Login throttling: lock a username after this many consecutive failures (a
# wrong password or a wrong one-time code), for this many minutes.
LOGIN_MAX_FAILURES = int(os.environ.get("PTDV_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_MINUTES = int(os.environ.get("PTDV_LOGIN_LOCK_MINUTES", "15"))

# Two-factor authentication (apps.accounts.twofactor): users holding any of
# these roles must enrol a TOTP app and enter its code at every login.
# PTDV_TWO_FACTOR=0 turns the requirement off (`make run` does, for a trial
# with the demo logins); users who enrolled anyway are still asked.
TWO_FACTOR_REQUIRED_ROLES = (
    [
        r.strip()
        for r in os.environ.get(
            "PTDV_TWO_FACTOR_ROLES", "org_committee,auditor,administrator"
        ).split(",")
        if r.strip()
    ]
    if env_bool("PTDV_TWO_FACTOR", True)
    else []
)
TWO_FACTOR_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "PTĐV"

# Personal API tokens (apps.accounts.api, decision 0005): django-rest-knox
# tokens, stored as SHA-512 digests, with an expiry the user picks up to
# API_TOKEN_MAX_DAYS.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own migrations would create its (swapped-out, unused) token table,
# which a flush cannot empty on PostgreSQL; our model has its own migration.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Bearer",
    "TOKEN_PREFIX": "ptdv_",
    "AUTH_TOKEN_CHARACTER_LENGTH": 64,
}
API_TOKEN_MAX_DAYS = int(os.environ.get("PTDV_API_TOKEN_MAX_DAYS", "365"))
# API requests allowed per user (whichever token or session) and per client
# address, in DRF's "N/second|minute|hour|day" form. The counters live in the
# cache: set REDIS_URL with several application servers.
API_THROTTLE_RATES = {
    "user": os.environ.get("PTDV_API_RATE_USER", "120/minute"),
    "ip": os.environ.get("PTDV_API_RATE_IP", "300/minute"),
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Django's own "vi" formats read 05/03 as 3 May; ours read dd/mm/yyyy.
FORMAT_MODULE_PATH = ["config.formats"]
# Thousands separators are applied by the |num filter, never globally: a
# global switch would also print years and ids as "2.026".
USE_THOUSAND_SEPARATOR = False

# Scanned dossier documents, form templates and stored imports: personal
# data, served only through scoped views (apps.admissions.views.document_file),
# never as public files. Outside a local trial they live outside the code
# folder, in a directory the application servers share (docs/deployment.md).
MEDIA_ROOT = Path(
    os.environ.get("PTDV_MEDIA_ROOT", BASE_DIR / "media" if DEBUG else "/var/lib/ptdv/media")
)
MEDIA_URL = "/never-served-directly/"

# Uploads (apps.common.uploads): the largest file of each kind, checked
# before anything is stored or parsed. Files are kept in memory only, never
# in a temporary file; past the largest limit the rest is dropped as it
# arrives. DATA_UPLOAD_MAX_MEMORY_SIZE bounds the rest of a request (form
# fields, JSON). The web server in front should refuse bodies a little above
# UPLOAD_MAX_BYTES (e.g. nginx client_max_body_size 25m).
IMPORT_MAX_BYTES = int(os.environ.get("PTDV_IMPORT_MAX_BYTES", 15 * 1024 * 1024))
TEMPLATE_MAX_BYTES = int(os.environ.get("PTDV_TEMPLATE_MAX_BYTES", 15 * 1024 * 1024))
SCAN_MAX_BYTES = int(os.environ.get("PTDV_SCAN_MAX_BYTES", 20 * 1024 * 1024))
UPLOAD_MAX_BYTES = max(IMPORT_MAX_BYTES, TEMPLATE_MAX_BYTES, SCAN_MAX_BYTES)
FILE_UPLOAD_HANDLERS = ["apps.common.uploads.CappedMemoryUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Roster imports (apps.imports): the largest sheet accepted (rows, and cells
# in the workbook's XML, counted before the workbook is parsed: a small file
# can hold millions of cells), the size from which rows are checked and
# written in a background thread whose progress is kept in the cache (with
# several app servers, set REDIS_URL so every server sees it), and how many
# days an uploaded file is kept (`manage.py purge_imports` deletes older ones).
IMPORT_MAX_ROWS = 60_000
IMPORT_MAX_CELLS = int(os.environ.get("PTDV_IMPORT_MAX_CELLS", 3_000_000))
IMPORT_BACKGROUND_ROWS = 3000
# The youngest age, in completed years, at which a person may enter the
# candidate pool (domain/plausibility.py); the rules on age at the vote
# (RULES E2/E3) apply at the vote whatever this is.
CANDIDATE_MIN_AGE_YEARS = int(os.environ.get("PTDV_CANDIDATE_MIN_AGE_YEARS", 16))
# Rows the import preview shows as they will be saved (besides every row
# with an error, a question or a note).
IMPORT_PREVIEW_ROWS = 200
IMPORT_KEEP_DAYS = int(os.environ.get("PTDV_IMPORT_KEEP_DAYS", 30))
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# E-mail (the daily deadline digest, apps.deadlines): SMTP on a server, the
# console in a local trial or the demo (the message is printed, not sent).
EMAIL_BACKEND = os.environ.get(
    "PTDV_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("PTDV_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PTDV_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PTDV_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PTDV_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PTDV_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("PTDV_EMAIL_FROM", "ptdv@localhost")
# The address users reach the site at: links in e-mails and calendar feeds.
PTDV_SITE_URL = os.environ.get("PTDV_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "PTDV_STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# WhiteNoise serves STATIC_ROOT (after collectstatic) from the application
# itself: gzip copies made at collectstatic, hashed names cached for a year.
# In a local trial it serves straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# The footer: the product's version and whom to call for help.
PTDV_VERSION = (
    os.environ.get("PTDV_VERSION")
    or tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
)
SUPPORT_EMAIL = os.environ.get("PTDV_SUPPORT_EMAIL", "")
SUPPORT_PHONE = os.environ.get("PTDV_SUPPORT_PHONE", "")

# Security: secure cookies and HSTS whenever not in a local trial.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    # A token first, so a request without credentials gets 401 with
    # "WWW-Authenticate: Bearer"; the browser's session (after its second
    # factor) keeps working. No HTTP Basic: see decision 0005.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.accounts.api.authentication.ApiTokenAuthentication",
        "apps.accounts.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "apps.accounts.api.permissions.AccountInGoodStanding",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "apps.accounts.api.throttling.UserRateThrottle",
        "apps.accounts.api.throttling.AddressRateThrottle",
    ],
    # Proxies in front of the servers that append to X-Forwarded-For: the
    # per-address throttle reads the client address that many hops back
    # (0 = the connection's own address, which a client cannot forge).
    "NUM_PROXIES": int(os.environ.get("PTDV_NUM_PROXIES", "0")),
    "DEFAULT_PAGINATION_CLASS": "apps.common.api.BoundedLimitOffsetPagination",
    # errors in Vietnamese, DRF's own included (apps.common.api_errors)
    "EXCEPTION_HANDLER": "apps.common.api_errors.exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PTĐV API",
    "DESCRIPTION": "Phát triển đảng viên — party member development API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.IsAuthenticated",
        "apps.accounts.api.permissions.AccountInGoodStanding",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.common.api.document_error_statuses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
