"""Settings of the portal, read from the environment (see README, "Configuration").

Development defaults are safe: without DEBUG, the site refuses to start unless SECRET_KEY and
ALLOWED_HOSTS are given.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from pole_artois import localdb

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's public address: every absolute URL it writes (canonical, hreflang, sitemap, feeds,
# structured data, open data) starts with it, never with the request's Host (core/site.py).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must precede the admin to patch its forms.
    "modeltranslation",
    # Django's admin with the Pôle's site: dashboard, history, second factor (backoffice/sites.py).
    "pole_artois.backoffice.apps.PoleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_prose_editor",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The persistent queue of Django's Tasks framework; before `following`, whose admin
    # unregisters the queue's own.
    "django_tasks_db",
    "pole_artois.core",
    "territoire",
    "partenaires",
    "chantiers",
    "pole_artois.institution",
    "pole_artois.portal",
    "pole_artois.discovery",
    "pole_artois.backoffice",
    "pole_artois.following",
]

# Django's Tasks framework on a queue kept in the site's database (django-tasks-db): a task
# enqueued inside a transaction commits with it, and `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pole_artois.core.middleware.PermissionsPolicyMiddleware",
    "pole_artois.core.middleware.CrossOriginResourcePolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files come precompressed), before the page cache (pages are stored
    # uncompressed; see pole_artois/core/cache.py and README, "Caching").
    "django.middleware.gzip.GZipMiddleware",
    # Between them: it reads what the page cache did, and GZip then compresses its answer.
    "pole_artois.core.http_cache.HttpCacheMiddleware",
    "pole_artois.core.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: the language comes from the URL prefix.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pole_artois.backoffice.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
    # Last, so that it is the first to see a view's exception.
    "pole_artois.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "pole_artois.urls"
WSGI_APPLICATION = "pole_artois.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pole_artois.core.context_processors.site",
            ],
            # Dates in full, as each language writes them (|long_date): every template needs it.
            "builtins": ["pole_artois.core.templatetags.dates"],
        },
    },
]

# Without DATABASE_URL, the checkout's own PostgreSQL, started on first use (pole_artois/localdb).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or localdb.Cluster().url,
        # Django's PostgreSQL backend, with a cheaper health check (core/postgresql/base.py).
        engine="pole_artois.core.postgresql"
        if os.environ.get("DATABASE_URL")
        else "pole_artois.localdb",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A database that does not answer gives a 503 within seconds, not a hung worker.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
    os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds whole anonymous pages (pole_artois/core/cache.py). Local memory is per process:
# several workers need Redis (several servers) or a directory (one server) to see the same edits.
# Rate limits (contact form) get a cache of their own: a flood of page variants filling the
# page cache must not evict the counters and reopen the door it is knocking on.
if os.environ.get("REDIS_URL"):
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": name,
            # A Redis that hangs must cost a page half a second, not a worker's whole timeout.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        for name in ("default", "throttle")
    }
elif os.environ.get("CACHE_DIR"):
    CACHES = {
        name: {
            "BACKEND": "pole_artois.core.directory_cache.DirectoryCache",
            "LOCATION": os.path.join(os.environ["CACHE_DIR"], location),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
        for name, location in (("default", ""), ("throttle", "throttle"))
    }
else:
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": name,
            "OPTIONS": {"MAX_ENTRIES": 2_000},
        }
        for name in ("default", "throttle")
    }
# How long an anonymous page is kept at most (edits evict it at once); 0 turns the cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# The same bound for the costly parts of a page kept apart ({% fragment %}, core/cache.py): what
# a page not served whole from the page cache is built from; 0 turns them off.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "300"))
# What browsers and a caching tier in front (Varnish, a CDN) may keep of an anonymous page
# (core/http_cache.py). No edit can reach a browser's copy: by default a browser asks again each
# time (a 304 from the ETag costs no query), so a correction shows at the next visit, and no
# copy is shown stale (browsers honour stale-while-revalidate too). The tier, which every edit
# purges (HTTP_CACHE_PURGE_URLS), keeps a page as long as the page cache.
HTTP_CACHE_MAX_AGE = int(os.environ.get("HTTP_CACHE_MAX_AGE", "0"))
HTTP_CACHE_SHARED_MAX_AGE = int(os.environ.get("HTTP_CACHE_SHARED_MAX_AGE", "300"))
HTTP_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("HTTP_CACHE_STALE_WHILE_REVALIDATE", "0"))
# The Varnish instances that receive a BAN when an edit commits (core/purge.py), e.g.
# "http://10.0.0.5:6081/,http://10.0.0.6:6081/"; the seconds one of them may take to answer.
HTTP_CACHE_PURGE_URLS = env_list("HTTP_CACHE_PURGE_URLS")
HTTP_CACHE_PURGE_TIMEOUT = float(os.environ.get("HTTP_CACHE_PURGE_TIMEOUT", "1"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The first backend refuses log-ins while an account is locked out from an address (django-axes).
AUTHENTICATION_BACKENDS = [
    "pole_artois.backoffice.security.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After 5 failed log-ins, the pair (account, address) is locked out for an hour: never the
# address alone (colleagues share the office's), never the account alone (anyone could lock the
# director out from anywhere). A success clears only its own pair's failures. Lock-outs are
# logged and listed on the dashboard, where the Direction lifts one (backoffice/access.py).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries during a lock-out do not push its end back: the page says when it ends, and it does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "pole_artois.backoffice.access.lockout_response"
AXES_VERBOSE = False
# Where a log-in lands when its `next` is missing or points off the site: the only log-in is the
# admin's (Django's default, /accounts/profile/, does not exist).
LOGIN_REDIRECT_URL = "admin:index"
# A working day, and never beyond closing the browser.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Superusers can do everything: in production their log-in needs an authenticator-app code.
ADMIN_REQUIRE_OTP_FOR_SUPERUSERS = env_bool("ADMIN_REQUIRE_OTP_FOR_SUPERUSERS", not DEBUG)
OTP_TOTP_ISSUER = "Pôle métropolitain de l'Artois"
# A colleague's key, seen in the admin, would be a copy of their second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
FORMAT_MODULE_PATH = ["pole_artois.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
# modeltranslation's admin tabs load jQuery UI from a CDN by default; we serve our own copy.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files chosen on an admin form that came back with an error, until it is saved
# (backoffice/kept_uploads.py): private, never served, so never under MEDIA_ROOT.
KEPT_UPLOADS_ROOT = Path(os.environ.get("KEPT_UPLOADS_ROOT", BASE_DIR / "kept-uploads"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "kept_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": KEPT_UPLOADS_ROOT,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "pole_artois.core.static_storage.ManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail is optional: without EMAIL_HOST, messages are written to the console (the contact form
# stores every message in the database first, so none is lost either way).
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict by default; the test suite checks `manage.py check --deploy`.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS >= 31536000)
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_CLIENT_IP_CALLABLE = "pole_artois.core.network.client_address"

# Browser features the site never uses, denied to every page and frame (core.middleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # pikepdf (which opens the acts' PDFs) announces itself at INFO in every process.
        "pikepdf": {"level": "WARNING"},
    },
}
