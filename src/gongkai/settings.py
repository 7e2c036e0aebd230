"""Gongkai settings: twelve-factor, every value from the environment, parsed strictly.

Unset, Gongkai runs on an embedded SQLite database under GONGKAI_DATA_DIR (default ./data),
which is what `make demo` uses. Production sets DATABASE_URL to PostgreSQL.
"""
from __future__ import annotations

import os
import datetime as dt
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from the environment; NAME_FILE, when set, names a file holding the secret."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """True/False only: a typo such as DEBUG=flase must fail loudly, not silently turn debug on."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("true", "1", "yes", "on"):
        return True
    if raw.lower() in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
DATA_DIR = Path(env_str("GONGKAI_DATA_DIR", "data")).resolve()

_secret = env_str("SECRET_KEY")
if not _secret:
    if not DEBUG and env_bool("GONGKAI_REQUIRE_SECRET", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # The embedded set-up keeps a random key in the data folder so that sessions survive restarts.
    _key_file = DATA_DIR / "secret_key"
    if _key_file.exists():
        _secret = _key_file.read_text(encoding="utf-8").strip()
    else:
        from django.core.management.utils import get_random_secret_key

        _secret = get_random_secret_key() + get_random_secret_key()
        try:
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            _key_file.write_text(_secret, encoding="utf-8")
            _key_file.chmod(0o600)
        except OSError:
            pass
SECRET_KEY = _secret


def _embedded_secret(name: str, file_name: str, make) -> str:
    """A secret from the environment (NAME or NAME_FILE); unset, one generated once into the data
    folder, as for SECRET_KEY — kept outside the database, so a copy of the database alone does not
    carry it. Production (GONGKAI_REQUIRE_SECRET) must set it."""
    value = env_str(name)
    if value:
        return value
    if env_bool("GONGKAI_REQUIRE_SECRET", False):
        raise ImproperlyConfigured(f"{name} must be set in production")
    path = DATA_DIR / file_name
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = make()
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(value, encoding="utf-8")
        path.chmod(0o600)
    except OSError:
        pass
    return value


def _fernet_key() -> str:
    import base64
    import secrets

    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _hex_key() -> str:
    import secrets

    return secrets.token_hex(32)


# Personal data at rest (decision 0025): Fernet keys, comma-separated, the first encrypts, all decrypt
# (rotation: put the new key first, run `gongkai personal-data rekey`, then drop the old one).
GONGKAI_DATA_KEYS = [k.strip() for k in _embedded_secret("GONGKAI_DATA_KEYS", "data_keys", _fernet_key).split(",") if k.strip()]
# Keyed blind index (HMAC-SHA256) of personal data that must be matched (repeat applications), and of
# query codes, which are kept only as this hash.
GONGKAI_INDEX_KEY = _embedded_secret("GONGKAI_INDEX_KEY", "index_key", _hex_key)
# The audit chain's HMAC key (decision 0024) and the file its signed checkpoints are written to.
GONGKAI_AUDIT_KEY = _embedded_secret("GONGKAI_AUDIT_KEY", "audit_key", _hex_key)
GONGKAI_AUDIT_CHECKPOINT_FILE = Path(env_str("GONGKAI_AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit-checkpoints.jsonl")))
# A checkpoint after every N entries (1: each entry, so no newest entry can be cut unseen); 0: only cron's.
GONGKAI_AUDIT_CHECKPOINT_EVERY = env_int("GONGKAI_AUDIT_CHECKPOINT_EVERY", 1)
# Personal data of closed cases is erased by `gongkai purge` this many days after closing.
GONGKAI_RETENTION_DAYS = env_int("GONGKAI_RETENTION_DAYS", 3 * 365)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Listed so that the API docs (/api/v1/docs) use the Swagger UI files served from here, not a CDN.
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "gongkai.core",
    "gongkai.audit",
    "gongkai.accounts",
    "gongkai.orgs",
    "gongkai.workdays",
    "gongkai.catalog",
    "gongkai.applications",
    "gongkai.interaction",
    "gongkai.oversight",
    "gongkai.publicity",
    "gongkai.consultation",
    "gongkai.inspection",
    "gongkai.reports",
    "gongkai.search",
    "gongkai.textguard",
    "gongkai.portal",
    "gongkai.workbench",
    "gongkai.api",
    "gongkai.tasks",
]

MIDDLEWARE = [
    # First: the load balancer's /healthz and /readyz, before the HTTPS redirect and the host check (0063).
    "gongkai.core.health.HealthMiddleware",
    # A request id on every response and log line; one line per request on gongkai.request (0063).
    "gongkai.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "gongkai.core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body or the database: NUL, non-UTF-8 text and oversized bodies (0026).
    "gongkai.core.guard.InputGuardMiddleware",
    # Which database this request reads from (a replica for anonymous pages when configured, 0062).
    "gongkai.core.dbrouter.ReplicaMiddleware",
    "gongkai.core.error_views.ChineseErrorsMiddleware",
    # Public pages for anonymous readers from the shared cache, before sessions and authentication
    # are set up for them (core/pagecache.py, decision 0046).
    "gongkai.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.accounts.sessions.SessionLimitsMiddleware",
    "gongkai.accounts.actor.ActorMiddleware",
    "gongkai.accounts.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
                "gongkai.core.context_processors.site",
            ],
        },
    },
]


def _database() -> dict:
    url = env_str("DATABASE_URL")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets the portal read while a clerk writes; IMMEDIATE takes the write lock at
            # BEGIN so that two writers queue instead of failing half-way (index numbers, audit chain).
            # Busy writers wait (up to SQLITE_BUSY_TIMEOUT seconds) rather than fail: 80 at once all
            # get through (tests/core/test_sqlite_busy.py); past it, 503 with Retry-After (0026).
            # 8 KiB pages for a new database (an existing one keeps its own: in WAL mode the pragma
            # is a no-op): an item's row with its body is 2-3 KiB, one to a 4 KiB page, so a
            # quarter of the file was empty space and the 100,000-row import wrote it all (0074).
            "init_command": "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 60),
        }
        config["CONN_MAX_AGE"] = 0 if config["NAME"] == ":memory:" else config["CONN_MAX_AGE"]
        config.setdefault("TEST", {})["NAME"] = None
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL")
    return config


DATABASES = {"default": _database()}
# Streaming replicas for anonymous reads (core/dbrouter.py, decision 0062): one URL, or several
# comma-separated; unset, everything reads and writes the one database as before.
_replica_urls = env_list("DATABASE_REPLICA_URLS", []) or env_list("DATABASE_REPLICA_URL", [])
if _replica_urls and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_REPLICA_URL(S) need DATABASE_URL on PostgreSQL")
for _n, _url in enumerate(_replica_urls, start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    if _replica["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL(S) must point at PostgreSQL")
    # A replica that went away is noticed within seconds, and the request reads from the primary.
    _replica["OPTIONS"] = {"connect_timeout": env_int("DB_REPLICA_CONNECT_TIMEOUT", 2)}
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_n}"] = _replica
DATABASE_ROUTERS = ["gongkai.core.dbrouter.PrimaryReplicaRouter"] if _replica_urls else []
# After a write, the writer reads from the primary until a replica has replayed it, at most this long.
GONGKAI_REPLICA_PIN_SECONDS = env_int("GONGKAI_REPLICA_PIN_SECONDS", 300)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts (docs/security.md, decision 0020): the password policy, lockout, sessions, second factor.
_PW = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gongkai.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": env_int("GONGKAI_PASSWORD_MIN_LENGTH", 12)}},
    {"NAME": "gongkai.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "gongkai.accounts.passwords.SiteWordValidator"},
    {"NAME": _PW + "UserAttributeSimilarityValidator"},
    {"NAME": _PW + "CommonPasswordValidator"},
    {"NAME": _PW + "NumericPasswordValidator"},
    {"NAME": "gongkai.accounts.passwords.NotRecentlyUsedValidator", "OPTIONS": {"remember": 5}},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in while the account or the address is locked out.
    "gongkai.accounts.backends.LockoutBackend",
    "gongkai.accounts.backends.GongkaiBackend",
]
# Lockout (django-axes): 5 failures lock the account name, and apart from it the address, for 15 minutes.
# The database handler keeps the counts where every worker and server sees them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("GONGKAI_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("GONGKAI_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "gongkai.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "gongkai.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Successful sign-ins are in the audit log (with the address); axes need not keep a second copy.
AXES_DISABLE_ACCESS_LOG = True
# The superuser is for installation only: it cannot sign in unless this is on (on with DEBUG).
GONGKAI_SUPERUSER_LOGIN = env_bool("GONGKAI_SUPERUSER_LOGIN", DEBUG)
# Sessions: in the database (with Redis in front when REDIS_URL is set), shared by every worker.
GONGKAI_SESSION_IDLE_SECONDS = env_int("GONGKAI_SESSION_IDLE_MINUTES", 30) * 60
GONGKAI_SESSION_ABSOLUTE_SECONDS = env_int("GONGKAI_SESSION_ABSOLUTE_HOURS", 8) * 3600
SESSION_COOKIE_AGE = GONGKAI_SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Second factor (TOTP): always for administrators; for all staff when this is on.
GONGKAI_OTP_REQUIRED_FOR_STAFF = env_bool("GONGKAI_OTP_REQUIRED_FOR_STAFF", False)
GONGKAI_SECOND_FACTOR_PATHS = ["/workbench/", "/admin/"]
OTP_TOTP_ISSUER = "公开 Gongkai"
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# Attachments (decision 0064): on the file system under MEDIA_ROOT by default; GONGKAI_STORAGE=s3 puts
# them in an S3-compatible object store (django-storages) that every app server shares. Either way
# they are only ever handed out by the permission-checked download views, never by the store itself.
GONGKAI_STORAGE = env_str("GONGKAI_STORAGE", "filesystem")
if GONGKAI_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif GONGKAI_STORAGE == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("GONGKAI_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    _media_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,  # the province's own store (Ceph, MinIO, OSS…)
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "access_key": env_str("AWS_ACCESS_KEY_ID") or None,  # unset: boto3's own chain (instance role, ~/.aws)
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
        "location": env_str("AWS_LOCATION", ""),  # a prefix inside the bucket
        # Names stay unique as on the file system: an upload never replaces another file of the same name.
        "file_overwrite": False,
        "default_acl": None,  # private objects: the bucket's policy, never public-read
        "querystring_auth": True,
        "signature_version": "s3v4",
        "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "path"),
    }}
else:
    raise ImproperlyConfigured(f"GONGKAI_STORAGE must be filesystem or s3, not {GONGKAI_STORAGE!r}")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "gongkai.core.staticfiles.StaticFilesStorage"
        if not DEBUG and env_bool("GONGKAI_MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Attachments: the largest upload accepted (bytes); larger ones are refused with a message.
GONGKAI_MAX_ATTACHMENT_BYTES = env_int("GONGKAI_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)
# Attachments larger than this have their text read by a worker after the upload (decision 0054).
GONGKAI_EXTRACT_INLINE_BYTES = env_int("GONGKAI_EXTRACT_INLINE_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body accepted at all, refused from its Content-Length before it is read or
# written to disk (core/guard.py): one attachment at its limit and the form around it.
GONGKAI_MAX_REQUEST_BYTES = env_int("GONGKAI_MAX_REQUEST_BYTES", GONGKAI_MAX_ATTACHMENT_BYTES + 5 * 1024 * 1024)

# Security: secure defaults, relaxed only by the environment (the embedded demo runs over plain HTTP).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# Production, where TLS ends at a reverse proxy, sets SECURE_SSL_REDIRECT=true and BEHIND_PROXY=true;
# tests/test_deploy_check.py holds the whole production set that `gongkai check --deploy` passes clean.
# Off by default: the embedded demo answers plain HTTP on 127.0.0.1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# A site that only answers over HTTPS tells browsers so (HSTS, a year) unless told otherwise; over
# plain HTTP browsers ignore the header, so it cannot lock the demo out.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if SECURE_SSL_REDIRECT else 0)
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured(f"SECURE_HSTS_SECONDS must be 0 or more, not {SECURE_HSTS_SECONDS}")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
# Preloading commits the whole registrable domain (often the province's gov.cn domain, not ours), so
# it stays the operator's explicit choice.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy: scripts and styles only from our own static files, never inline
# (templates carry no <script> body and no on…= handler; tests/accounts/test_headers.py renders pages to check).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
GONGKAI_PERMISSIONS_POLICY_OFF = [
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "usb", "xr-spatial-tracking",
]
# A refused form (expired page, cookies off) explains itself in Chinese, not Django's English 403.
CSRF_FAILURE_VIEW = "gongkai.core.error_views.csrf_failure"

# Public pages for anonymous readers (decision 0046): how long a cached page is kept at most (it is
# served only while nothing it shows has changed, whatever this says), and the max-age browsers and
# proxies are told (0: "no-cache", they ask again each time and get 304 when unchanged).
GONGKAI_PAGECACHE = env_bool("GONGKAI_PAGECACHE", True)
GONGKAI_PAGECACHE_TIMEOUT = env_int("GONGKAI_PAGECACHE_TIMEOUT", 600)
GONGKAI_PAGECACHE_MAX_AGE = env_int("GONGKAI_PAGECACHE_MAX_AGE", 0)
# Without Redis, the embedded default keeps the pages in files every worker reads (DATA_DIR/cache/pages).
_PAGES_FILES = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(DATA_DIR / "cache" / "pages"), "TIMEOUT": GONGKAI_PAGECACHE_TIMEOUT,
                "OPTIONS": {"MAX_ENTRIES": env_int("GONGKAI_PAGECACHE_FILES", 2000)}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "pages": _PAGES_FILES}
REDIS_URL = env_str("REDIS_URL") or ""
if REDIS_URL:
    _REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
              "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "")}
    CACHES = {"default": _REDIS, "pages": {**_REDIS, "TIMEOUT": GONGKAI_PAGECACHE_TIMEOUT}}
# Where the page generation lives (decision 0046): Redis ("cache") when there is one; on the embedded
# default a file beside the database ("file": one machine, every worker); else a row of the database
# ("database", also the right one with read replicas: the generation then travels with the data).
# With read replicas only "database" is exact: an anonymous page is read from a replica, and a
# generation kept elsewhere could already be new while the replica still replays the change, so the
# old page would be stored under the new generation. Read from the same replica, the generation lags
# exactly as the data does.
GONGKAI_PAGECACHE_GENERATION = env_str(
    "GONGKAI_PAGECACHE_GENERATION",
    "database" if _replica_urls else "cache" if REDIS_URL
    else "file" if DATABASES["default"]["ENGINE"].endswith("sqlite3") else "database")
if GONGKAI_PAGECACHE_GENERATION not in ("cache", "file", "database") or (GONGKAI_PAGECACHE_GENERATION == "cache" and not REDIS_URL):
    raise ImproperlyConfigured("GONGKAI_PAGECACHE_GENERATION must be file, database, or cache when REDIS_URL is set")
if _replica_urls and GONGKAI_PAGECACHE_GENERATION != "database":
    raise ImproperlyConfigured("With DATABASE_REPLICA_URL(S), GONGKAI_PAGECACHE_GENERATION must be database "
                               "(docs/decisions/0046): the generation has to lag with the replica's data")
GONGKAI_PAGECACHE_FILE = Path(env_str("GONGKAI_PAGECACHE_FILE", str(DATA_DIR / "cache" / "generation")))
# Background work (decision 0054): Celery, with Redis (or RabbitMQ: amqp://…) as the broker when
# CELERY_BROKER_URL or REDIS_URL is set and `gongkai worker` runs beside the app servers. With neither
# (the embedded default, `make demo`), tasks run in the process that enqueued them, after its commit.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL
GONGKAI_TASKS_INLINE = env_bool("GONGKAI_TASKS_INLINE", not CELERY_BROKER_URL)
if GONGKAI_TASKS_INLINE:
    CELERY_BROKER_URL = "memory://"  # never contacted: every task is applied at once
CELERY_TASK_ALWAYS_EAGER = GONGKAI_TASKS_INLINE
# A failing task must not turn the request that enqueued it into a 500: the Job row keeps the error.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "gongkai")
# Acknowledged after the task ran, one at a time: a worker that dies mid-task leaves it to another
# (every task is idempotent, tasks/jobs.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# State and results are in the database (Job, Mail), where every server sees them: no result backend.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Asia/Shanghai"
# Seconds between tries of a mail the server refused, and how many tries in all.
GONGKAI_MAIL_RETRY_SECONDS = env_int("GONGKAI_MAIL_RETRY_SECONDS", 60)
GONGKAI_MAIL_TRIES = env_int("GONGKAI_MAIL_TRIES", 6)
# A job still "running" after this long is taken to have lost its worker and may be run again.
GONGKAI_JOB_STALE_SECONDS = env_int("GONGKAI_JOB_STALE_SECONDS", 3600)
# Periodic commands (tasks/periodic.py): one server runs each; the claim lapses after TTL seconds if
# its holder died, and is kept QUIET seconds after a run so the same cron tick elsewhere skips it.
GONGKAI_PERIODIC_TTL_SECONDS = env_int("GONGKAI_PERIODIC_TTL_SECONDS", 3600)
GONGKAI_PERIODIC_QUIET_SECONDS = env_int("GONGKAI_PERIODIC_QUIET_SECONDS", 30)
# `gongkai worker --beat`: the periodic commands on a schedule, instead of cron (optional).
def _beat_schedule() -> dict:
    from celery.schedules import crontab  # Beijing time (CELERY_TIMEZONE)

    return {
        "remind": {"task": "gongkai.periodic", "schedule": crontab(hour=7, minute=30), "args": ["remind"]},
        "close_lapsed": {"task": "gongkai.periodic", "schedule": crontab(hour=0, minute=30), "args": ["close_lapsed"]},
        "purge": {"task": "gongkai.periodic", "schedule": crontab(hour=3, minute=0), "args": ["purge"]},
        "publish_due": {"task": "gongkai.periodic", "schedule": crontab(), "args": ["publish_due"]},
        "audit_checkpoint": {"task": "gongkai.periodic", "schedule": crontab(minute=5), "args": ["audit", "checkpoint"]},
        "resend_stale": {"task": "gongkai.resend_stale", "schedule": crontab(minute="*/5")},
    }


CELERY_BEAT_SCHEDULE = _beat_schedule()
# Sessions in the database, which every worker sees (decision 0020).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Rate limits must be counted where every worker sees them (decision 0023): the cache when it is
# Redis, else the database — never one process's memory.
GONGKAI_THROTTLE_STORE = env_str("GONGKAI_THROTTLE_STORE", "cache" if REDIS_URL else "database")
if GONGKAI_THROTTLE_STORE not in ("cache", "database"):
    raise ImproperlyConfigured(f"GONGKAI_THROTTLE_STORE must be cache or database, not {GONGKAI_THROTTLE_STORE!r}")


def _limits(name: str) -> dict[str, tuple[int, int]]:
    """"apply=10/3600,track=20/600": attempts per seconds, per scope (applications/throttle.py)."""
    limits = {}
    for part in env_list(name, []):
        try:
            scope, rate = part.split("=")
            attempts, seconds = rate.split("/")
            limits[scope.strip()] = (int(attempts), int(seconds))
        except ValueError:
            raise ImproperlyConfigured(f"{name} must look like apply=10/3600,track=20/600, not {part!r}") from None
    return limits


GONGKAI_THROTTLE = _limits("GONGKAI_THROTTLE")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gongkai@localhost")
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (a staging site that must not mail).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))

# Logs (decision 0063): plain text by default; GONGKAI_LOG_FORMAT=json writes one JSON object per line
# with the request id. GONGKAI_REQUEST_LOG (on with json) logs one line per request on gongkai.request.
GONGKAI_LOG_FORMAT = env_str("GONGKAI_LOG_FORMAT", "text")
if GONGKAI_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"GONGKAI_LOG_FORMAT must be text or json, not {GONGKAI_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gongkai.core.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "gongkai.core.logs.JsonFormatter"},
                   "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": GONGKAI_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"gongkai.request": {"level": "INFO" if env_bool("GONGKAI_REQUEST_LOG", GONGKAI_LOG_FORMAT == "json") else "WARNING"}},
}
# The audit checkpoints also to syslog (e.g. /dev/log, or host:514), a second anchor outside the database.
if env_str("GONGKAI_AUDIT_SYSLOG"):
    _address = env_str("GONGKAI_AUDIT_SYSLOG")
    if ":" in _address:
        _host, _port = _address.rsplit(":", 1)
        _address = (_host, int(_port))
    LOGGING["handlers"]["audit_syslog"] = {"class": "logging.handlers.SysLogHandler", "address": _address}
    LOGGING["loggers"]["gongkai.audit"] = {"handlers": ["audit_syslog"], "level": "INFO"}

# The standard footer of a government website (政府网站标准页脚), shown on every portal page.
GONGKAI_SITE = {
    "name": env_str("GONGKAI_SITE_NAME", "贵州省科学技术厅政府信息公开平台"),
    "sponsor": env_str("GONGKAI_SITE_SPONSOR", "贵州省科学技术厅"),  # 主办单位
    "organizer": env_str("GONGKAI_SITE_ORGANIZER", "贵州省科技信息中心"),  # 承办单位
    "address": env_str("GONGKAI_SITE_ADDRESS", "贵州省贵阳市观山湖区"),
    "phone": env_str("GONGKAI_SITE_PHONE", "0851-00000000"),
    "email": env_str("GONGKAI_SITE_EMAIL", "gongkai@example.gov.cn"),
    "site_code": env_str("GONGKAI_SITE_CODE", "5200000000"),  # 网站标识码
    "icp": env_str("GONGKAI_ICP", "黔ICP备00000000号"),  # ICP备案号
    "police_record": env_str("GONGKAI_POLICE_RECORD", "贵公网安备52011502000000号"),  # 公安机关备案号
    # 党政机关网站标识: the image (a static path or an address) and the address it links to, both
    # issued by the 机构编制 office; 我为政府网站找错: the State Council's error-report page for this site.
    "badge_image": env_str("GONGKAI_SITE_BADGE_IMAGE", "portal/img/dzjg.svg"),
    "badge_url": env_str("GONGKAI_SITE_BADGE_URL", "https://bszs.conac.cn/sitename?method=show&id=000000"),
    "jiucuo_url": env_str("GONGKAI_SITE_JIUCUO_URL",
                          f"https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={env_str('GONGKAI_SITE_CODE', '5200000000')}"),
    # The agency's emblem in the header (a static path or an address); empty: the round 公开 seal.
    "logo": env_str("GONGKAI_SITE_LOGO", ""),
    # The organisation whose catalogue the portal's home page shows first; empty: the first agency.
    "default_org": env_str("GONGKAI_DEFAULT_ORG", ""),
}
# One person may hold several roles in a small agency; may they approve their own draft?
GONGKAI_ALLOW_SELF_APPROVAL = env_bool("GONGKAI_ALLOW_SELF_APPROVAL", False)
GONGKAI_PAGE_SIZE = env_int("GONGKAI_PAGE_SIZE", 20)
# bench/ compares the portal with baseline views served by the same server; never on in production.
GONGKAI_BENCH_VIEWS = env_bool("GONGKAI_BENCH_VIEWS", False)
# A fee notice stops the clock until payment: common practice, not confirmed from the text of a
# regulation (regulations.md, "Fee notices"), hence a setting, on by default.
GONGKAI_FEE_NOTICE_STOPS_CLOCK = env_bool("GONGKAI_FEE_NOTICE_STOPS_CLOCK", True)
# Days an applicant has to pay after a fee notice before the application ends as other_fee_unpaid.
GONGKAI_FEE_PAYMENT_DAYS = env_int("GONGKAI_FEE_PAYMENT_DAYS", 20)
# A TrueType (glyf) CJK font file embedded in the letters' PDFs; empty: the first of
# applications.letters.FONT_CANDIDATES installed (Debian fonts-arphic-uming, fonts-wqy-zenhei).
GONGKAI_LETTER_FONT = env_str("GONGKAI_LETTER_FONT", "") or ""
# Working days given for a correction (补正) when staff state no other term (第三十条: "合理的补正期限").
GONGKAI_CORRECTION_TERM_WORKING_DAYS = env_int("GONGKAI_CORRECTION_TERM_WORKING_DAYS", 15)
# Possible repeats: same applicant and similar content within this many days are flagged, never refused.
GONGKAI_REPEAT_WINDOW_DAYS = env_int("GONGKAI_REPEAT_WINDOW_DAYS", 180)
# 第三十五条: this many applications from one applicant in a calendar month are flagged as possibly excessive.
GONGKAI_EXCESSIVE_MONTHLY_COUNT = env_int("GONGKAI_EXCESSIVE_MONTHLY_COUNT", 10)
# Reminders: cases due within this many working days are marked and reminded.
GONGKAI_DUE_SOON_WORKING_DAYS = env_int("GONGKAI_DUE_SOON_WORKING_DAYS", 5)
# `gongkai remind` for the public's messages: due within this many working days (or overdue).
GONGKAI_MESSAGE_DUE_SOON_WORKING_DAYS = env_int("GONGKAI_MESSAGE_DUE_SOON_WORKING_DAYS", 1)
# Covering indexes name INCLUDE columns for PostgreSQL; SQLite ignores them, which is fine (W040).
SILENCED_SYSTEM_CHECKS = ["models.W040"]
