"""Settings for Mutuals Portal, read from environment variables.

With nothing set you get the embedded default: SQLite, a local media folder, Celery
on a file-system broker (no server needed), console email and DEBUG on. Production
sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0 (see .env.example).
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
SITE_NAME = "Mutuals Portal"
# How long a staff group's invitation link works (days); a lead can resend an expired one.
INVITATION_DAYS = envint("INVITATION_DAYS", 14)
# The "Building support" gate: the latest staff ballot or survey needs more than half of the votes cast
# in favour, and at least this share of eligible staff voting. No official threshold exists (DOMAIN.md
# section 2): this is the portal's, shown on the gate page.
GATE_MIN_TURNOUT_PERCENT = envint("GATE_MIN_TURNOUT_PERCENT", 50)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "govuk_frontend_django",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "django_celery_results",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mutuals_portal.apps.PortalConfig",
    "accounts",
    "notifications",
    "jobs",
    "journeys",
    "programme",
    "packs",
    "challenges",
    "casestudies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Cache-Control: private, no-store on every response to a signed-in person (the last word on it).
    "accounts.middleware.NoStoreForSignedInMiddleware",
    "mutuals_portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.SessionRenewalMiddleware",
    # django_otp's, reading the authenticator by a statement compiled once.
    "accounts.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    # Records the signed-in user as the author of every change history row made in a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mutuals_portal.urls"
# Every form's labels and hints escaped, whatever template prints them (mutuals_portal/lib/forms.py).
FORM_RENDERER = "mutuals_portal.lib.forms.PortalFormRenderer"
WSGI_APPLICATION = "mutuals_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mutuals_portal.context_processors.site",
                "accounts.context_processors.session",
                "accounts.context_processors.header",
                "notifications.context_processors.navigation",
            ],
            "libraries": {"portal": "mutuals_portal.templatetags.portal"},
            # Compiled templates are kept for the life of the process (Django's default, said here so
            # that it stays so: compiling a page's templates costs more than rendering them). In
            # development, runserver's autoreloader empties this cache when a template changes.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
                )
            ],
        },
    },
]

# Database: SQLite file by default, anything dj-database-url understands otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# The hot statements of mutuals_portal.lib.prepared are prepared once per connection on a PostgreSQL server
# and run with EXECUTE; behind a pooler in transaction mode (PgBouncer's default) turn this off.
DATABASE_PREPARE_ON_SERVER = envbool("DATABASE_PREPARE_ON_SERVER", "1")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and a Celery worker share the file: let readers and a writer work side by
    # side (WAL), wait for a lock instead of failing, and take the write lock up front.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # Tests use a file too (not an in-memory database): real workers and the live server run in
    # other threads, and an in-memory database shared between threads fails with "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"mutuals-test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "role_home"  # accounts.navigation.ROLE_HOME
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # three hours

# Two-factor authentication (TOTP authenticator apps): anyone may turn it on; it is required
# for these roles when TWO_FACTOR_REQUIRED is on (the default in production).
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", "0" if DEBUG else "1")
TWO_FACTOR_REQUIRED_ROLES = {"officer", "adviser", "admin"}
OTP_TOTP_ISSUER = "Mutuals Portal"
OTP_TOTP_THROTTLE_FACTOR = 1

# django-axes: lock the pair (email, IP address), never the account everywhere, so an
# attacker cannot lock a victim out from their own network; the lock lifts by itself.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_VERBOSE = False
# The client's address (lockouts, rate limits, the audit trail): X-Forwarded-For is believed only from
# our own TLS proxy, named by address or network (TRUSTED_PROXIES) or by how many proxies stand in
# front of the portal (TRUSTED_PROXY_COUNT); see accounts.security.client_ip and the README.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"

# The audit trail (django-simple-history): a history row per change to EOIs, decisions, referrals,
# assessments, allocations, staff groups, journeys and stage changes. Reverting from the admin is
# off: every change goes through the services, which check transitions and write the logs.
SIMPLE_HISTORY_REVERT_DISABLED = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: the project's own static/ plus GOV.UK Frontend from node_modules.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
GOVUK_FRONTEND_DIR = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
STATICFILES_DIRS = [BASE_DIR / "static", ("govuk", GOVUK_FRONTEND_DIR)]
# GOV.UK Frontend's compiled CSS loads fonts and images from /assets/...: serve the
# package's dist/govuk folder at the site root so those URLs resolve.
WHITENOISE_ROOT = GOVUK_FRONTEND_DIR
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploaded files are private: no URL serves this prefix (there is no route for it and
# no web server is set up for it); files reach people only through access-checked views.
MEDIA_URL = "/private-media/"

# Uploads: optionally scanned by a ClamAV daemon (clamd) before they are kept. Unset: no scan.
# "tcp://clamav:3310" or "unix:///run/clamav/clamd.ctl". When set but clamd cannot answer,
# uploads are refused ("fail closed") until it can.
CLAMD_ADDRESS = os.environ.get("CLAMD_ADDRESS", "").strip()
if CLAMD_ADDRESS and not CLAMD_ADDRESS.startswith(("tcp://", "unix://")):
    raise ImproperlyConfigured("CLAMD_ADDRESS must look like tcp://host:3310 or unix:///path/to/clamd.sock")
CLAMD_TIMEOUT_SECONDS = envint("CLAMD_TIMEOUT_SECONDS", 30)

# The open data API (/api/v1/): read-only, JSON only, throttled for anonymous clients.
REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Session first: an anonymous request then gets 403 (not 401 with a token challenge).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Tokens that expire and can be revoked (accounts.api_tokens); a bad one gets 401.
        "accounts.api_tokens.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [  # DRF's, counting clients by accounts.security.client_ip
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "user": os.environ.get("API_USER_RATE", "600/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mutuals Portal open data API",
    "DESCRIPTION": "Read-only open data: the case-study library of public service mutuals, Community Right "
    "to Challenge decisions and services open to challenge, the stage catalogue and enumerations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Public forms anyone can post to, limited per client address (accounts.ratelimit): "count/period".
RATE_LIMITS = {
    "registration": os.environ.get("REGISTRATION_RATE_LIMIT", "10/hour"),
    "enquiry": os.environ.get("ENQUIRY_RATE_LIMIT", "10/hour"),
    "readiness": os.environ.get("READINESS_RATE_LIMIT", "30/hour"),
    "feedback": os.environ.get("FEEDBACK_RATE_LIMIT", "10/hour"),
}

# The service's running cost per month in pounds (hosting, support, staff), for the cost per transaction
# on /performance/ (api.performance). Empty: the page says the cost is not known.
PERFORMANCE_MONTHLY_COST = os.environ.get("PERFORMANCE_MONTHLY_COST", "")

# Data retention (accounts.retention): an account nobody has signed in to for DORMANT_ACCOUNT_DAYS is
# closed (deactivated), after an email DORMANT_WARNING_DAYS before. Stated in the privacy notice.
DORMANT_ACCOUNT_DAYS = envint("DORMANT_ACCOUNT_DAYS", 730)
DORMANT_WARNING_DAYS = envint("DORMANT_WARNING_DAYS", 30)
# Unfinished drafts (expressions of interest, case studies) nobody has changed for STALE_DRAFT_DAYS are
# deleted, after an email to their author STALE_DRAFT_WARNING_DAYS before (accounts.retention.expire_drafts).
STALE_DRAFT_DAYS = envint("STALE_DRAFT_DAYS", 180)
STALE_DRAFT_WARNING_DAYS = envint("STALE_DRAFT_WARNING_DAYS", 30)

# API tokens last this many days after their owner creates them (accounts.api_tokens).
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 30)

# Triage of Mutuals Information Service referrals (programme/scoring.py).
TRIAGE_BAND_THRESHOLDS = {"high": 70, "medium": 45}  # score out of 100

# The enquiry form promises a reply within this many working days (England and Wales bank holidays skipped).
REFERRAL_REPLY_WORKING_DAYS = envint("REFERRAL_REPLY_WORKING_DAYS", 10)

# Outcomes after spin-out (programme/outcomes.py): a year's aggregate figures are published only when at
# least this many supported mutuals sent a return for it, so that no single mutual can be identified.
OUTCOME_MIN_RETURNS = envint("OUTCOME_MIN_RETURNS", 5)

# Subsidy control (Subsidy Control Act 2022, programme/subsidy.py): minimal financial assistance (MFA)
# to one enterprise over the elapsed part of the current financial year and the two before it (s.36(1)-(2)).
SUBSIDY_MFA_LIMIT = os.environ.get("SUBSIDY_MFA_LIMIT", "315000")
# MFA above this amount must go on the subsidy database (s.36(4) keeps the transparency duties).
SUBSIDY_TRANSPARENCY_THRESHOLD = os.environ.get("SUBSIDY_TRANSPARENCY_THRESHOLD", "100000")
# The enterprise's financial year start, MM-DD (the Act does not fix it; default 1 April).
SUBSIDY_FINANCIAL_YEAR_START = os.environ.get("SUBSIDY_FINANCIAL_YEAR_START", "04-01")
# The public authority that gives the Support Programme's assistance (named on MFA notifications and confirmations).
PROGRAMME_DEPARTMENT = os.environ.get("PROGRAMME_DEPARTMENT", "Department for Culture, Media and Sport")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Email: console by default, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mutuals Portal <no-reply@mutuals-portal.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# GOV.UK Notify (mutuals_portal/lib/notify_email.py): with NOTIFY_API_KEY set, every email goes
# through Notify instead. NOTIFY_TEMPLATES: "kind=template-id,kind=template-id" (one per kind of
# email); NOTIFY_TEMPLATE_ID for the rest. Each template has ((subject)) and ((body)) fields.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
NOTIFY_TEMPLATES = dict(
    pair.strip().split("=", 1) for pair in os.environ.get("NOTIFY_TEMPLATES", "").split(",") if "=" in pair
)
NOTIFY_TIMEOUT = envint("NOTIFY_TIMEOUT", 10)
# The bearer token Notify sends to /notifications/notify-callback/ (set the same in Notify's settings).
NOTIFY_CALLBACK_TOKEN = os.environ.get("NOTIFY_CALLBACK_TOKEN", "")
if NOTIFY_API_KEY:
    EMAIL_BACKEND = "mutuals_portal.lib.notify_email.NotifyEmailBackend"

# Redis: REDIS_URL serves as the Celery broker and the cache, unless CELERY_BROKER_URL or
# CACHE_REDIS_URL name another (production keeps them apart: the cache evicts, the broker must not).
# Every connection has short timeouts, and a Redis that fails to answer is left alone for
# REDIS_CIRCUIT_BREAKER_SECONDS by each process (mutuals_portal/lib/cache.py): a Redis that is down
# or hung costs a request at most one short timeout, not one per call.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL", "") or REDIS_URL
REDIS_CONNECT_TIMEOUT = float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25"))
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.5"))
REDIS_CIRCUIT_BREAKER_SECONDS = envint("REDIS_CIRCUIT_BREAKER_SECONDS", 30)

# Celery: Redis when CELERY_BROKER_URL or REDIS_URL is set; otherwise kombu's file-system transport,
# which runs a real worker with no server at all (it polls, so pick-up takes about 0.5 s).
CELERY_DATA_DIR = Path(os.environ.get("CELERY_DATA_DIR", BASE_DIR / "var" / "celery"))
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or REDIS_URL
if CELERY_BROKER_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # Without a socket timeout a publish to a hung Redis waits forever (kombu's default).
        "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
# A request that queues a job tries the broker twice at most (once more for a connection a Redis
# restart left stale), then keeps the message in the database (jobs).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
# Jobs keep their own state in the database (packs, notices, jobs.UnsentJob): nothing reads a task's
# result, so none is stored. The backend stays for a caller that asks (`apply_async(ignore_result=False)`,
# the worker ping).
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool process whose resident memory passes this (in KiB) after a task is replaced by a new one
# (WeasyPrint's memory grows with each pack it renders; `make bench` reports the peak).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = envint("CELERY_WORKER_MAX_MEMORY_PER_CHILD_KB", 400_000)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Data retention (UK GDPR storage limitation): unused accounts and unchanged drafts are warned, then
    # closed or deleted.
    "monthly-data-retention": {
        "task": "accounts.apply_retention",
        "schedule": crontab(day_of_month=1, hour=3, minute=0),
    },
    "monthly-draft-expressions-of-interest-retention": {
        "task": "challenges.expire_stale_drafts",
        "schedule": crontab(day_of_month=1, hour=3, minute=10),
    },
    "monthly-draft-case-studies-retention": {
        "task": "casestudies.expire_stale_drafts",
        "schedule": crontab(day_of_month=1, hour=3, minute=20),
    },
    "daily-notification-digests": {
        "task": "notifications.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "right-to-challenge-deadline-reminders": {
        "task": "challenges.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "referral-reply-digest": {
        "task": "referrals.send_reply_digest",
        "schedule": crontab(hour=7, minute=15, day_of_week="mon-fri"),
    },
    # Spun-out supported mutuals without last financial year's outcome return: each lead is reminded once per
    # financial year, on the first run after the year ends on 31 March (monthly runs catch a new lead or a
    # worker that was down; the task itself keeps it to once a year).
    "outcome-return-reminders": {
        "task": "referrals.remind_outcome_returns",
        "schedule": crontab(day_of_month=2, hour=7, minute=45),
    },
    # Spun-out mutuals whose contract is 18 or 12 months from its end: each reminder once (journeys.RetenderReminder).
    "retender-planning-reminders": {
        "task": "journeys.send_retender_reminders",
        "schedule": crontab(hour=7, minute=35),
    },
    "stalled-journey-reminders": {
        "task": "journeys.remind_stalled_journeys",
        "schedule": crontab(hour=7, minute=30),
    },
    # Packs and notices whose worker vanished (or that waited too long in the queue) are sent again.
    "business-plan-packs-requeue-stale": {
        "task": "packs.requeue_stale_packs",
        "schedule": crontab(minute="*/5"),
    },
    "decision-notices-requeue-stale": {
        "task": "challenges.requeue_stale_notices",
        "schedule": crontab(minute="*/5"),
    },
    # Messages the broker refused while it was down (kept in the database) are sent once it is back.
    "send-unsent-jobs": {
        "task": "jobs.send_unsent",
        "schedule": timedelta(minutes=1),
    },
}

# Cache: Redis when available (shared by all web processes), local memory otherwise. A Redis that is
# down, hung or refusing writes is a miss, fast (mutuals_portal/lib/cache.py): pages keep working.
if CACHE_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "mutuals_portal.lib.cache.FailSoftRedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_CONNECT_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
            # For several portals (databases) on one Redis, e.g. the benchmark's two.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Security. Production (DEBUG off) gets the full set that `check --deploy` asks for.
SESSION_COOKIE_HTTPONLY = True
# Idle timeout: the session lasts SESSION_IDLE_MINUTES after the last request; the page
# warns 2 minutes before (the GOV.UK session-timeout pattern) and offers to stay signed in.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Sessions live in the database only (accounts.sessions: one indexed SELECT per request, each row
# knowing its user), never in the cache, so signing out, a password change or a revocation ends
# them whatever Redis does (fail closed). A session in use is renewed (written) at most once a
# minute, not on every request (see accounts.middleware.SessionRenewalMiddleware).
SESSION_ENGINE = "accounts.sessions"
SESSION_RENEW_AFTER_SECONDS = envint("SESSION_RENEW_AFTER_SECONDS", 60)
# However active, a session ends this long after sign-in (accounts.middleware.SessionLifetimeMiddleware).
SESSION_ABSOLUTE_HOURS = envint("SESSION_ABSOLUTE_HOURS", 12)
SESSION_TIMEOUT_WARNING_SECONDS = 120
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint's progress (a line per step and per page laid out, about 110 a business plan).
        "weasyprint.progress": {"level": "WARNING"},
    },
}
