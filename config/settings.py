"""The one settings module. Every value can come from the environment; the defaults run the
embedded demo (SQLite, in-process Celery tasks, console e-mail)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from core.sentry import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "config.apps.ConfigAppConfig",
    "core",
    "audit",
    "accounts",
    "titles",
    "applicants",
    "continuing_ed",
    "juries",
    "quotas",
    "certificates",
    "notifications",
    "jobs",
    "reports",
    "privacy",
    "documents",
    "fixtures",
    "django_prometheus",
]

MIDDLEWARE = [
    # Outermost: every request is timed and carries its id (core/request_id.py) in its logs.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.session_policy.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.ActiveMembershipMiddleware",
    "accounts.second_factor.SecondFactorRequiredMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    # Last, so that it sees the response of the sign-in view it turns into a lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

if not DEBUG:
    # runserver serves static files in development; whitenoise serves the collected ones.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.active_membership",
            ],
        },
    },
]

# Django's form templates, with the plain inputs, textareas and selects written directly.
FORM_RENDERER = "core.form_renderer.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A connection kept across requests is checked before reuse, so that a PostgreSQL
        # restart costs a reconnect instead of a 500.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A statement a connection has run DATABASE_PREPARE_THRESHOLD times is prepared on the
    # server, which then plans it once: planning the pages' joins cost PostgreSQL more than
    # running them. 0 turns it off (a pgbouncer in transaction mode older than 1.21).
    DATABASE_PREPARE_THRESHOLD = env_int("DATABASE_PREPARE_THRESHOLD", 5)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=bool(DATABASE_PREPARE_THRESHOLD),
        prepare_threshold=DATABASE_PREPARE_THRESHOLD or None,
    )
# The same backends through django-prometheus, which counts queries and errors for /metrics.
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends."
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: a locked-out account or address is refused before its password is even hashed.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrIdNumberBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Password policy, MLPS 2.0 level 3 by default: at least 8 characters from at least three of
# upper case, lower case, digits and symbols; not like the username; not a common password.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CHARACTER_CLASSES = env_int("PASSWORD_MIN_CHARACTER_CLASSES", 3)
# Days after which a password must be changed at the next sign-in; 0 means never.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "accounts.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CHARACTER_CLASSES},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Activation links (accounts created for someone) live this long; a forgotten-password link
# lives PASSWORD_RESET_LINK_MINUTES and works once.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)
PASSWORD_RESET_LINK_MINUTES = env_int("PASSWORD_RESET_LINK_MINUTES", 60)
# Forgotten-password requests allowed per client address: "<count>/<s|m|h|d>".
PASSWORD_RESET_RATE_LIMIT = env("PASSWORD_RESET_RATE_LIMIT", "5/h")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# Dates on pages: 2026年11月30日 in Chinese, 30 Nov 2026 in English (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded proof materials and certificates live outside the web root; they are served only
# by views that check permissions, so there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Several hosts share one S3-compatible bucket instead (docs/scaling.md). The views still
# stream every file after their permission check and access record: no ACL is sent, so the
# objects stay as private as the bucket, and no page links to a storage URL.
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    from botocore.config import Config as S3ClientConfig

    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env("MEDIA_S3_REGION") or None,
            "access_key": env("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": env("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            # As on the local disk: a second file of the same name gets a new name.
            "file_overwrite": False,
            # Downloads larger than this spool to a temporary file, not to memory.
            "max_memory_size": 8 * 1024 * 1024,
            "client_config": S3ClientConfig(
                # MinIO and most servers in a data centre answer path-style; AWS and Aliyun
                # OSS want "virtual".
                s3={"addressing_style": env("MEDIA_S3_ADDRESSING_STYLE", "path")},
                # A readiness probe or a download must not hang on an unreachable server.
                connect_timeout=5,
                read_timeout=60,
                retries={"max_attempts": 3, "mode": "standard"},
                # Checksums only where S3 requires them: several S3-compatible servers
                # refuse the newer default ones.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        },
    }

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a mail server that does not answer fails the send (retried later), instead
# of holding a worker for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "zhicheng@localhost")
# The address people reach the product at, for links in e-mails sent outside a request.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# At-least-once work that ends (config/celery.py, docs/operations.md): a task is acknowledged
# when it finishes, so one whose worker dies is delivered again after the visibility timeout
# (minutes, not Redis's default hour); every task is idempotent for that reason. Time limits
# stay below the visibility timeout, so a task never runs twice at once.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 600)
# Deployments sharing one Redis name their queues apart (core/background.py QUEUES).
TASK_QUEUE_PREFIX = env("TASK_QUEUE_PREFIX", "")
CELERY_TASK_DEFAULT_QUEUE = f"{TASK_QUEUE_PREFIX}celery"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # A stopped Redis must not hold a web request: publishing gives up fast and the outbox
    # (core/outbox.py) sends the task later.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
# A task whose worker died this many times in a row (a task that kills its worker) is not
# run again: it is recorded as failed and shown to administrators.
CELERY_MAX_WORKER_LOSSES = env_int("CELERY_MAX_WORKER_LOSSES", 3)
# Retries of a task that meets a database or mail-server outage, spaced out to cover about
# this long before the task is recorded as failed.
CELERY_RETRY_OUTAGE_SECONDS = env_int("CELERY_RETRY_OUTAGE_SECONDS", 420)
# Unsent outbox rows older than this are sent again by the sweeper.
OUTBOX_RESEND_AFTER_SECONDS = env_int("OUTBOX_RESEND_AFTER_SECONDS", 30)
CELERY_BEAT_SCHEDULE = {
    "open-and-close-plans-by-their-windows": {
        "task": "titles.tasks.advance_plan_statuses",
        "schedule": crontab(minute=5, hour=0),
    },
    "deem-overdue-corrections-withdrawn": {
        "task": "applicants.tasks.deem_overdue_corrections_withdrawn",
        "schedule": crontab(minute=15, hour=0),
    },
    "recompute-post-quotas-and-flag-institutions": {
        "task": "quotas.tasks.recompute_quotas",
        "schedule": crontab(minute=30, hour=1),
    },
    "close-ended-result-publicities": {
        "task": "juries.tasks.close_ended_publicities",
        "schedule": crontab(minute=20, hour=0),
    },
    "remove-personal-data-past-its-retention": {
        "task": "privacy.tasks.apply_retention",
        "schedule": crontab(minute=45, hour=2),
    },
    "send-outbox-and-restart-stalled-work": {
        "task": "core.tasks.sweep_background_work",
        "schedule": crontab(minute="*"),
    },
    # Readiness and /metrics watch its age (BEAT_HEARTBEAT_MAX_AGE_SECONDS, core/heartbeat.py).
    "beat-heartbeat": {"task": "core.tasks.beat_heartbeat", "schedule": crontab(minute="*")},
}

if REDIS_URL:
    CACHES = {
        "default": {
            # Redis unreachable: reads miss, writes are dropped, the verification rate limit
            # fails open and says so in the log (core/cache.py, core/rate_limit.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zhicheng",
            # A Redis that hangs must not hold a request either.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    # The token class first, so that a request without credentials is told 401 and how to sign in.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The browsable API is a development aid; its templates carry inline styles the
    # Content-Security-Policy refuses.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.schema.ErrorDocumentingSchema",
    "EXCEPTION_HANDLER": "core.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "职称评审 Professional Title Evaluation API",
    "DESCRIPTION": "Declarations, reviews, results and certificates, for every role.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["core.headers.ApiDocsPermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "accounts.models.Organization.Kind",
        "RoleEnum": "accounts.models.Role",
        "IdTypeEnum": "accounts.models.IdType",
        "ExamKindEnum": "titles.models.ExamKind",
        "LevelEnum": "titles.models.Level",
        "EducationEnum": "titles.models.Education",
        "MaterialTypeEnum": "titles.models.MaterialType",
        "PlanStatusEnum": "titles.models.EvaluationPlan.Status",
        "CreditHourStatusEnum": "continuing_ed.models.CreditHourRecord.Status",
        "ImportKindEnum": "continuing_ed.models.ImportBatch.Kind",
        "MeetingStatusEnum": "juries.models.ReviewMeeting.Status",
        "SeatStatusEnum": "juries.models.PanelSeat.Status",
        "SeatBasisEnum": "juries.models.PanelSeat.Basis",
        "BallotStatusEnum": "juries.models.Ballot.Status",
        "VoteChoiceEnum": "juries.models.Vote.Choice",
        "CandidateOutcomeEnum": "juries.models.Candidate.Outcome",
        "ResultObjectionStatusEnum": "juries.models.Objection.Status",
        "ReexaminationStatusEnum": "juries.models.ReexaminationRequest.Status",
        "InterestRelationEnum": "juries.models.ExpertInterest.Relation",
        "ExpertPositionEnum": "juries.models.Expert.Position",
        "RecusalReasonEnum": "juries.models.Recusal.Reason",
        "DrawKindEnum": "juries.models.PanelDraw.Kind",
        "DeclarationStatusEnum": "applicants.models.Declaration.Status",
        "DeclarationChannelEnum": "applicants.models.Declaration.Channel",
        "SkillClassEnum": "applicants.models.Declaration.SkillClass",
        "AchievementKindEnum": "applicants.models.Achievement.Kind",
        "AssessmentGradeEnum": "applicants.models.AnnualAssessment.Grade",
        "MaterialSourceEnum": "applicants.models.Material.Source",
        "FormSectionEnum": "applicants.models.FormSection",
    },
}

# Guardian's anonymous user is not used: the public pages need no object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_LIFETIME_HOURS after
# sign-in whatever happens; signing out ends every session and API token of the person.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_LIFETIME_HOURS = env_int("SESSION_LIFETIME_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_LIFETIME_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# API tokens (django-rest-knox): stored as a hash, shown once, expire after API_TOKEN_HOURS.
API_TOKEN_HOURS = env_int("API_TOKEN_HOURS", 8)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_HOURS),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": env_int("API_TOKEN_LIMIT_PER_USER", 10),
    "AUTO_REFRESH": False,
}

# The request header carrying the client's address when a reverse proxy sits in front (for
# example HTTP_X_REAL_IP, set by the proxy itself); empty means the connection's address.
# Sign-in throttling and the verification rate limit both read it (core.client_ip).
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", env("VERIFY_CLIENT_IP_HEADER", ""))

# Sign-in throttling (django-axes): after SIGN_IN_FAILURE_LIMIT failures for one account, or
# from one address, further attempts are refused for SIGN_IN_LOCKOUT_MINUTES after the last.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.sign_in_throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# What axes counts failures against: the typed username, or a keyed hash of a typed ID number,
# so that the attempts table holds no ID number in clear.
AXES_USERNAME_CALLABLE = "accounts.sign_in_throttle.throttled_name"
AXES_SENSITIVE_PARAMETERS = ["username", "password", "otp_token"]
# The full access log would duplicate the security events; failures are what axes counts.
AXES_DISABLE_ACCESS_LOG = True

# Second factor (TOTP, django-otp). Required for the roles below when SECOND_FACTOR_REQUIRED is on
# (the default outside the demo); anyone else may enrol. Django staff accounts always count.
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", not DEBUG)
SECOND_FACTOR_REQUIRED_ROLES = env_list(
    "SECOND_FACTOR_REQUIRED_ROLES", "hr_bureau,department_reviewer,jury_office,admin"
)
SECOND_FACTOR_BACKUP_CODES = env_int("SECOND_FACTOR_BACKUP_CODES", 10)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "职称评审")

# Personal data (PIPL): how long each kind of record is kept before the nightly retention task
# removes or anonymises it (`manage.py apply_retention --dry-run` shows what it would do). The
# evaluation record of a granted title is an archive and is kept.
RETENTION_EXPORT_FILE_DAYS = env_int("RETENTION_EXPORT_FILE_DAYS", 7)
RETENTION_UNSUCCESSFUL_DECLARATION_YEARS = env_int("RETENTION_UNSUCCESSFUL_DECLARATION_YEARS", 3)
RETENTION_SECURITY_EVENT_DAYS = env_int("RETENTION_SECURITY_EVENT_DAYS", 180)
RETENTION_DATA_ACCESS_YEARS = env_int("RETENTION_DATA_ACCESS_YEARS", 3)

# Response headers. No inline script or style anywhere: the policy allows this site's files only.
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
    }
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
# The OpenAPI schema and its interactive docs are public only in the demo.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", DEBUG)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# --- Running without a person on watch (docs/operations.md) -------------------------------
# Logs: one JSON object a line (LOG_FORMAT=json, the default with DEBUG off) or readable text
# ("text", the default with DEBUG on); either way every line carries the request id
# (core/request_id.py), which the Celery tasks a request starts carry on.
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured('LOG_FORMAT must be "json" or "text".')
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # At INFO they log every table pruned from a font and every glyph name kept (thousands
        # of names in one line for a batch of certificates), and each step of every rendering.
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}
# Celery workers keep this configuration instead of installing their own plain handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Readiness (/health/ready/) fails when beat's heartbeat (every minute) is older than this,
# or when the media volume is fuller than HEALTH_DISK_MAX_USAGE_PERCENT.
BEAT_HEARTBEAT_MAX_AGE_SECONDS = env_int("BEAT_HEARTBEAT_MAX_AGE_SECONDS", 300)
# One beat at a time (core/beat_lock.py): a replacement for a beat that died starts sending
# the periodic tasks at most this long after it.
BEAT_LOCK_SECONDS = env_int("BEAT_LOCK_SECONDS", 90)
HEALTH_DISK_MAX_USAGE_PERCENT = env_int("HEALTH_DISK_MAX_USAGE_PERCENT", 90)
# /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it answers 404.
METRICS_TOKEN = env("METRICS_TOKEN", "")
# Error tracking, only when SENTRY_DSN is set; no personal data is sent (core/sentry.py).
SENTRY_DSN = env("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")
SENTRY_RELEASE = env("SENTRY_RELEASE", "")
SENTRY_TRACES_SAMPLE_RATE = float(env("SENTRY_TRACES_SAMPLE_RATE", "0") or 0)
SENTRY_ENABLED = init_sentry(
    SENTRY_DSN,
    environment=SENTRY_ENVIRONMENT,
    release=SENTRY_RELEASE,
    traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
)

# Province rules (docs/domain.md, "Settings at a glance"); a province overrides them here, by
# environment, or (where the rule is per plan or per series) on the data itself.
UNIT_PUBLICITY_WORKING_DAYS = env_int("UNIT_PUBLICITY_WORKING_DAYS", 5)
RESULT_PUBLICITY_WORKING_DAYS = env_int("RESULT_PUBLICITY_WORKING_DAYS", 5)
MEETING_APPLICATION_WORKING_DAYS = env_int("MEETING_APPLICATION_WORKING_DAYS", 5)
FILING_AFTER_PUBLICITY_WORKING_DAYS = env_int("FILING_AFTER_PUBLICITY_WORKING_DAYS", 10)
# A window of working days counts its first day when that is a working day (the national
# practice); False: provinces whose notices count from the day after.
WORKING_DAYS_START_DAY_COUNTS = env_bool("WORKING_DAYS_START_DAY_COUNTS", True)
JURY_MAX_TERM_YEARS = env_int("JURY_MAX_TERM_YEARS", 3)
JURY_MIN_SENIOR_SERIES_EXPERTS = env_int("JURY_MIN_SENIOR_SERIES_EXPERTS", 25)
JURY_MIN_SENIOR_SPECIALTY_EXPERTS = env_int("JURY_MIN_SENIOR_SPECIALTY_EXPERTS", 11)
FRAUD_BAN_YEARS = env_int("FRAUD_BAN_YEARS", 3)
# Declarations: proof-material size limits, the default time an applicant gets to answer a
# one-time correction notice, and the special channels' figures.
MATERIAL_MAX_FILE_BYTES = env_int("MATERIAL_MAX_FILE_BYTES", 10 * 1024 * 1024)
MATERIAL_MAX_DECLARATION_BYTES = env_int("MATERIAL_MAX_DECLARATION_BYTES", 100 * 1024 * 1024)
CORRECTION_DEADLINE_WORKING_DAYS = env_int("CORRECTION_DEADLINE_WORKING_DAYS", 5)
FIRST_SECRETARY_MIN_VILLAGE_YEARS = env_int("FIRST_SECRETARY_MIN_VILLAGE_YEARS", 2)
FIRST_SECRETARY_YEARS_EARLY = env_int("FIRST_SECRETARY_YEARS_EARLY", 1)
YOUTH_AID_EXCELLENT_YEARS = env_int("YOUTH_AID_EXCELLENT_YEARS", 3)
# Eligibility: achievements and performance count from the year after the current title
# ("next_year", Qinghai 2022) or from the day after it ("date"); private-enterprise staff whose
# personnel file is held elsewhere need this many months of social insurance at the unit by
# the plan's cut-off date.
ACHIEVEMENTS_COUNT_FROM = env("ACHIEVEMENTS_COUNT_FROM", "next_year")
SOCIAL_INSURANCE_MIN_MONTHS = env_int("SOCIAL_INSURANCE_MIN_MONTHS", 12)
BULK_IMPORT_MAX_ROWS = env_int("BULK_IMPORT_MAX_ROWS", 20000)
BULK_IMPORT_MAX_FILE_BYTES = env_int("BULK_IMPORT_MAX_FILE_BYTES", 20 * 1024 * 1024)
# A move of more declarations at once than this (recommend, qualify, ...) runs as a background
# job with progress instead of inside the request.
BULK_MOVE_BACKGROUND_THRESHOLD = env_int("BULK_MOVE_BACKGROUND_THRESHOLD", 200)
# Filters one person may save on one list (core/saved_filters.py).
SAVED_FILTERS_PER_LIST = env_int("SAVED_FILTERS_PER_LIST", 30)
# Post quotas (岗位结构比例): above this ratio of qualified people to approved posts a level is
# suspended; between 100% and it, one place per this many posts freed (Qinghai 2022 "退二进一").
QUOTA_EXCESS_THRESHOLD_PERCENT = env_int("QUOTA_EXCESS_THRESHOLD_PERCENT", 130)
QUOTA_FREED_POSTS_PER_PLACE = env_int("QUOTA_FREED_POSTS_PER_PLACE", 2)
# Continuing education, MHRSS Order No. 25 art. 8: hours a year, the professional share of
# them, and optional floors (Zhejiang: 60 professional, 18 general; Guangdong: 56 and 24).
# Decimal strings, so that half hours stay exact. A declaration uses its title's condition
# for the yearly total and these for the rest.
CONTINUING_EDUCATION_HOURS_PER_YEAR = env("CONTINUING_EDUCATION_HOURS_PER_YEAR", "90")
CONTINUING_EDUCATION_PROFESSIONAL_SHARE = env("CONTINUING_EDUCATION_PROFESSIONAL_SHARE", "2/3")
CONTINUING_EDUCATION_MIN_PROFESSIONAL_HOURS = env(
    "CONTINUING_EDUCATION_MIN_PROFESSIONAL_HOURS", "0"
)
CONTINUING_EDUCATION_MIN_GENERAL_HOURS = env("CONTINUING_EDUCATION_MIN_GENERAL_HOURS", "0")
# Whether the plan year itself must already meet the requirement when declaring.
CONTINUING_EDUCATION_COUNT_PLAN_YEAR = env_bool("CONTINUING_EDUCATION_COUNT_PLAN_YEAR", True)
# Jury meetings and ballots (MHRSS Order No. 40). Fractions are "n/d" strings, compared exactly:
# a ballot opens when attending >= quorum x the meeting's seated panel, and a candidate passes
# when yes >= pass fraction x the attending experts entitled to vote on them (abstentions and
# blank papers count against).
JURY_QUORUM_FRACTION = env("JURY_QUORUM_FRACTION", "2/3")
BALLOT_PASS_FRACTION = env("BALLOT_PASS_FRACTION", "2/3")
EXPERT_MAX_TERM_YEARS = env_int("EXPERT_MAX_TERM_YEARS", 3)
REVIEW_GROUP_MIN_EXPERTS = env_int("REVIEW_GROUP_MIN_EXPERTS", 3)
# Candidates for this level and above may be given a defense (答辩) score (4 = deputy senior).
JURY_DEFENSE_MIN_LEVEL = env_int("JURY_DEFENSE_MIN_LEVEL", 4)
# Scores run from 0 to JURY_SCORE_MAX; the office is warned when the experts' totals for a
# candidate lie further apart than SCORE_DISAGREEMENT_SPREAD points.
JURY_SCORE_MAX = env_int("JURY_SCORE_MAX", 100)
SCORE_DISAGREEMENT_SPREAD = env_int("SCORE_DISAGREEMENT_SPREAD", 20)
# The scoring rubric per series code ("default" for the others): (item code, Chinese label,
# English label, weight). Each item is scored 0..JURY_SCORE_MAX; the total is the weighted mean.
# Objections to a result publicity come from anyone without signing in: at most this many
# through the API per client address.
RESULT_OBJECTION_THROTTLE_RATE = env("RESULT_OBJECTION_THROTTLE_RATE", "20/hour")
JURY_SCORING_RUBRICS = {
    "default": [
        ("ethics", "职业道德", "Professional ethics", 10),
        ("competence", "专业理论水平与能力", "Professional knowledge and competence", 30),
        ("performance", "工作业绩", "Work performance", 40),
        ("results", "学术技术成果", "Academic and technical results", 20),
    ],
}
# E-certificates (certificates/). The signing key is the base64 of a 32-byte Ed25519 (or SM2,
# below) private key, from the environment only (`manage.py generate_signing_key` makes one);
# with DEBUG on and no key, certificates/signing.py derives a development key from SECRET_KEY
# so the demo works, and the verification page says so.
# Numbers: <authority code>-<year>-<series>-<seq>.
CERTIFICATE_SIGNING_KEY = env("CERTIFICATE_SIGNING_KEY", "")
# "ed25519" or "sm2" (SM2 with SM3, the national algorithms): what new certificates are signed
# with; the key above must be of that algorithm. Certificates keep the algorithm they had.
CERTIFICATE_SIGNATURE_ALGORITHM = env("CERTIFICATE_SIGNATURE_ALGORITHM", "ed25519").lower()
CERTIFICATE_RETIRED_PUBLIC_KEYS = env_list("CERTIFICATE_RETIRED_PUBLIC_KEYS")
# The PAdES signature inside each certificate PDF (certificates/pdf_signature.py): the
# authority's private key (RSA or EC) and its X.509 certificate followed by any intermediate
# certificates, each PEM or the base64 of the PEM (one line); `manage.py
# generate_pdf_signing_certificate` makes a self-signed pair. Unset: a labelled development
# certificate derived from the signing key (DEBUG off refuses to start without them).
# Certificates that signed earlier PDFs: base64 of their PEM, comma-separated.
CERTIFICATE_PDF_SIGNING_KEY = env("CERTIFICATE_PDF_SIGNING_KEY", "")
CERTIFICATE_PDF_SIGNING_CERTIFICATE = env("CERTIFICATE_PDF_SIGNING_CERTIFICATE", "")
CERTIFICATE_PDF_RETIRED_CERTIFICATES = env_list("CERTIFICATE_PDF_RETIRED_CERTIFICATES")
CERTIFICATE_AUTHORITY_CODE = env("CERTIFICATE_AUTHORITY_CODE", "SF")
CERTIFICATE_ISSUE_CHUNK_SIZE = env_int("CERTIFICATE_ISSUE_CHUNK_SIZE", 50)
# A directory whose certificates/pdf/certificate.html, certificate_background.html and
# certificate.css replace the built-in layout (certificates/rendering.py).
CERTIFICATE_TEMPLATE_DIR = env("CERTIFICATE_TEMPLATE_DIR", "")
# A directory whose templates replace the built-in layout of the formal documents (evaluation
# form, notices, minutes: core/documents.py), e.g. documents/pdf/base.css. Same fonts as above.
DOCUMENT_TEMPLATE_DIR = env("DOCUMENT_TEMPLATE_DIR", "")
CERTIFICATE_CJK_FONT_FILE = env(
    "CERTIFICATE_CJK_FONT_FILE", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
)
CERTIFICATE_CJK_FONT_FAMILY = env("CERTIFICATE_CJK_FONT_FAMILY", "Noto Serif CJK SC")
CERTIFICATE_FONT_CACHE_DIR = Path(env("CERTIFICATE_FONT_CACHE_DIR", BASE_DIR / "var" / "fonts"))
# The issuing authority's electronic seal, a PNG with a transparent background (about 400 px
# square), stamped over the authority's name and date on every certificate; a path, relative
# to the project when not absolute. Empty: no seal is printed. With DEBUG on and nothing set,
# the demo's sample seal (marked 演示样章, "sample seal") is used, as for the signing key.
CERTIFICATE_SEAL_IMAGE_FILE = env(
    "CERTIFICATE_SEAL_IMAGE_FILE", "fixtures/demo_seal.png" if DEBUG else ""
)
# The address printed in the certificates' QR codes; the public verification page lives there.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", SITE_URL)
# Public verification look-ups allowed per client address (CLIENT_IP_HEADER): "<count>/<s|m|h|d>".
VERIFY_RATE_LIMIT = env("VERIFY_RATE_LIMIT", "30/m")
# The largest certificate PDF the public verification page accepts (certificates are <= 150 KB).
VERIFY_PDF_MAX_BYTES = env_int("VERIFY_PDF_MAX_BYTES", 2 * 1024 * 1024)
# --- Personal data encrypted at rest (PIPL; core/encrypted_fields.py) ---------------------
# ID numbers and phone numbers are stored encrypted with AES-256-GCM. FIELD_ENCRYPTION_KEYS:
# comma-separated "<key id>:<base64 of 32 random bytes>", the current key first; keep older
# keys listed until `manage.py reencrypt_personal_data` has moved every row to the current
# one. FIELD_LOOKUP_HMAC_KEY (base64 of 32 random bytes) keys the digests that find a person
# by their whole ID number; after changing it run the same command. Make a key with
# `python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"`.
# With DEBUG on and either unset, development keys are derived from SECRET_KEY (and logged);
# with DEBUG off both are required.
FIELD_ENCRYPTION_KEYS = {}
for _pair in env_list("FIELD_ENCRYPTION_KEYS"):
    _key_id, _separator, _key = _pair.partition(":")
    if not (_separator and _key_id.strip() and _key.strip()):
        raise ImproperlyConfigured('FIELD_ENCRYPTION_KEYS: write each key as "<id>:<base64>".')
    FIELD_ENCRYPTION_KEYS[_key_id.strip()] = _key.strip()
FIELD_LOOKUP_HMAC_KEY = env("FIELD_LOOKUP_HMAC_KEY", "")
FIELD_ENCRYPTION_DEVELOPMENT_KEYS = not (FIELD_ENCRYPTION_KEYS and FIELD_LOOKUP_HMAC_KEY)
if FIELD_ENCRYPTION_DEVELOPMENT_KEYS and not DEBUG:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS and FIELD_LOOKUP_HMAC_KEY must be set when DEBUG is off."
    )
