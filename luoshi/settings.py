"""Django settings for Luoshi.

Everything that differs between a laptop, CI and a government intranet server
is read from LUOSHI_* environment variables (documented in .env.example).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from luoshi.intake.errors import DEFAULT_LIMITS as _INTAKE_LIMITS
from luoshi.lib import dburl
from luoshi.lib.env import ConfigError, envbool, envint, envlist, envstr

# Files Luoshi creates are its own alone (0600, directories 0700): the SQLite database and its
# -wal/-shm, the generated keys, uploads, exports and backups. Set before anything is created;
# every entry point (manage.py, wsgi, the tests) imports settings first.
os.umask(0o077)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("LUOSHI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    # A key generated once and kept under var/ so sessions survive restarts
    # without anyone having to invent a secret for a demo or a small install.
    key = envstr("LUOSHI_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("LUOSHI_DEBUG", False)
ALLOWED_HOSTS = envlist("LUOSHI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
# Demo mode: a "sample data" banner, and the login page lists the demo personas.
# Never on a real install.
LUOSHI_DEMO = envbool("LUOSHI_DEMO", False)
CSRF_TRUSTED_ORIGINS = envlist("LUOSHI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Luoshi's apps come first: for the same msgid their translations win over
    # Django's own ("Filter" reads 筛选 here, 过滤器 in the admin's catalog).
    "luoshi.accounts",
    "luoshi.audit",
    "luoshi.org",
    "luoshi.meetings",
    "luoshi.work",
    "luoshi.reporting",
    "luoshi.status",
    "luoshi.supervision",
    "luoshi.sheets",
    "luoshi.web",
    "luoshi.jobs",
    "luoshi.backup",
    "luoshi.ingest",
    "luoshi.demo",
    "luoshi.scale",
    "luoshi.search",
    # The admin with Luoshi's own site: office staff only (luoshi/admin_site.py).
    "luoshi.admin_site.LuoshiAdminConfig",
    # The second factor (luoshi/accounts/otp.py): authenticator codes and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "luoshi.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After WhiteNoise, so static files keep their long cache (luoshi/web/security.py).
    "luoshi.web.security.NoStoreMiddleware",
    "luoshi.accounts.middleware.UserLanguageMiddleware",
    "luoshi.accounts.middleware.SecondFactorMiddleware",
    "luoshi.accounts.middleware.PasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "luoshi.urls"
WSGI_APPLICATION = "luoshi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "luoshi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "luoshi.web.context.luoshi",
            ],
        },
    },
]

DATABASES = {
    "default": dburl.parse(
        envstr("LUOSHI_DATABASE_URL", f"sqlite:///{VAR_DIR.resolve() / 'luoshi.sqlite3'}"),
        BASE_DIR,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Username and password, behind the failed-login throttle (luoshi/accounts/services.py).
AUTHENTICATION_BACKENDS = ["luoshi.accounts.auth.ThrottledModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The rest of the policy (等保 身份鉴别 a): luoshi/accounts/passwords.py.
    {"NAME": "luoshi.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "luoshi.accounts.passwords.NameValidator"},
    {"NAME": "luoshi.accounts.passwords.HistoryValidator"},
]
# A password older than this many days must be changed at the next request (0: never).
LUOSHI_PASSWORD_MAX_AGE_DAYS = envint("LUOSHI_PASSWORD_MAX_AGE_DAYS", 90)

# Failed logins: after LOGIN_SLOWDOWN_AFTER failures each further attempt must
# wait twice as long as the last; after LOGIN_LOCK_AFTER the account is locked
# for LOGIN_LOCK_MINUTES (luoshi/accounts/services.py).
LOGIN_SLOWDOWN_AFTER = envint("LUOSHI_LOGIN_SLOWDOWN_AFTER", 3)
LOGIN_LOCK_AFTER = envint("LUOSHI_LOGIN_LOCK_AFTER", 8)
LOGIN_LOCK_MINUTES = envint("LUOSHI_LOGIN_LOCK_MINUTES", 15)
# Behind a TLS terminator every request comes from the proxy's address. Only when
# the proxy's header (e.g. X-Forwarded-For) is named here, and the request came
# from one of LUOSHI_TRUSTED_PROXIES, is the client's address believed, and then
# failures are counted per (account, client address); otherwise per account.
LUOSHI_TRUSTED_PROXY_HEADER = envstr("LUOSHI_TRUSTED_PROXY_HEADER", "")
LUOSHI_TRUSTED_PROXIES = envlist("LUOSHI_TRUSTED_PROXIES", [])
if LUOSHI_TRUSTED_PROXY_HEADER and not LUOSHI_TRUSTED_PROXIES:
    raise ConfigError("LUOSHI_TRUSTED_PROXY_HEADER needs LUOSHI_TRUSTED_PROXIES: the addresses of the proxies")

# The second factor (luoshi/accounts/otp.py): required of the admin roles and office staff, and
# of everyone when LUOSHI_OTP_REQUIRED_FOR_ALL is set. A remembered device (a signed cookie bound
# to the user and their authenticator) skips the code for LUOSHI_OTP_REMEMBER_DAYS (0: never).
LUOSHI_OTP_REQUIRED_FOR_ALL = envbool("LUOSHI_OTP_REQUIRED_FOR_ALL", False)
LUOSHI_OTP_REMEMBER_DAYS = envint("LUOSHI_OTP_REMEMBER_DAYS", 0)
OTP_TOTP_ISSUER = "Luoshi"
# Wrong codes are throttled by the login throttle above (per account); django-otp's own is off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# The administration site never shows an authenticator's key or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Idle sessions end: the cookie is renewed on every request and expires after
# LUOSHI_SESSION_IDLE_MINUTES without one.
SESSION_COOKIE_AGE = envint("LUOSHI_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "luoshi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise warns on every start when its root is missing (before collectstatic).
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve files straight from the apps' static folders when collectstatic has not
# run (the demo and the tests); production runs collectstatic.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Traffic lights (see luoshi.work.progress.light for the formula).
LUOSHI_LIGHT_BEHIND_POINTS = envint("LUOSHI_LIGHT_BEHIND_POINTS", 20)
LUOSHI_LIGHT_DUE_SOON_DAYS = envint("LUOSHI_LIGHT_DUE_SOON_DAYS", 14)
LUOSHI_LIGHT_DUE_SOON_PERCENT = envint("LUOSHI_LIGHT_DUE_SOON_PERCENT", 80)

# Supervision: automatic reminders (luoshi.supervision.digest) and the base
# address e-mails link back to (empty: e-mails carry no link).
LUOSHI_REMIND_DUE_SOON_DAYS = envint("LUOSHI_REMIND_DUE_SOON_DAYS", 7)
LUOSHI_REMIND_ROUND_DAYS = envint("LUOSHI_REMIND_ROUND_DAYS", 3)
# A unit is reminded to sign for an assignment this many days before its sign-by date.
LUOSHI_REMIND_SIGN_DAYS = envint("LUOSHI_REMIND_SIGN_DAYS", 1)
LUOSHI_SITE_URL = envstr("LUOSHI_SITE_URL", "")

# The audit chain's MAC key (luoshi/audit/keys.py), kept outside the database so that
# someone who can write to it cannot re-seal an event they changed. Unset: generated
# once into LUOSHI_AUDIT_KEY_FILE (0600). Back it up apart from the database (docs/backup.md).
LUOSHI_AUDIT_KEY = envstr("LUOSHI_AUDIT_KEY")
LUOSHI_AUDIT_KEY_FILE = Path(envstr("LUOSHI_AUDIT_KEY_FILE", str(VAR_DIR / "audit_key")))

# Background jobs (luoshi/jobs/runner.py): a running job's worker stamps its heartbeat this
# often; a job with no heartbeat for LUOSHI_JOB_STALE_SECONDS is put back in the queue (or
# failed, once its attempts are used) by any running worker.
LUOSHI_JOB_HEARTBEAT_SECONDS = envint("LUOSHI_JOB_HEARTBEAT_SECONDS", 30)
LUOSHI_JOB_STALE_SECONDS = envint("LUOSHI_JOB_STALE_SECONDS", 300)

# Workflow: days a unit has to sign for (签收) an assignment; attachment size cap.
LUOSHI_SIGN_DAYS = envint("LUOSHI_SIGN_DAYS", 3)
LUOSHI_ATTACHMENT_MAX_BYTES = envint("LUOSHI_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)

# Uploads: the intake reader's cap (luoshi/intake/errors.py Limits.max_bytes) is the one number
# for a document, file or pasted text; the upload form checks it (luoshi/ingest/forms.py). A
# request's form fields may carry that much pasted text, with room for the other fields, so the
# form answers "too large" instead of Django refusing the request with a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = _INTAKE_LIMITS.max_bytes + 1024 * 1024

# No inline script or style anywhere: every script and stylesheet is a static file of an app
# (luoshi/web/security.py sets the header; Django 6.0's own middleware reads the same setting).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Behind the intranet's TLS terminator set LUOSHI_HTTPS=true (see .env.example);
# the demo on http://127.0.0.1:8000 leaves it off.
if envbool("LUOSHI_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("LUOSHI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("LUOSHI_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("LUOSHI_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Intranet hosts cannot be on the browsers' public preload list, so
        # "preload not set" is a deliberate choice, not an oversight; keep
        # `check --deploy` silent about it so real warnings stand out.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

EMAIL_HOST = envstr("LUOSHI_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("LUOSHI_EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("LUOSHI_EMAIL_USER")
EMAIL_HOST_PASSWORD = envstr("LUOSHI_EMAIL_PASSWORD")
EMAIL_USE_TLS = envbool("LUOSHI_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = envstr("LUOSHI_EMAIL_FROM", "luoshi@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LUOSHI_LOG_LEVEL", "WARNING")},
}
