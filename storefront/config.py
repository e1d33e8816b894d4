"""Default settings; every one can be overridden by a STOREFRONT_* environment variable."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


class DefaultConfig:
    ENV = "development"
    SECRET_KEY = "dev-only-not-secret"
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_DIR / 'storefront.sqlite3'}"
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    SUPPORTED_LOCALES = ("en", "zh-hans", "zh-hant", "fr", "ms", "ar")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    SHOP_TIMEZONE = "Asia/Shanghai"
    PAGE_SIZE = 24
    MAX_QUERY_LENGTH = 100
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    PAYMENT_PROVIDER = "sandbox"
    STRIPE_SECRET_KEY = ""
    STRIPE_WEBHOOK_SECRET = ""
    STRIPE_WEBHOOK_TOLERANCE = 300
    RESERVATION_MINUTES = 15
    MAIL_BACKEND = "file"  # file (instance/mail/*.eml), memory (tests) or smtp
    MAIL_FILE_DIR = str(INSTANCE_DIR / "mail")
    MAIL_SENDER = "Chenzhou Specialties <shop@chenzhou-specialties.example>"
    MAIL_SMTP_HOST = "localhost"
    MAIL_SMTP_PORT = 587
    LOGIN_RATE_LIMIT = "10 per minute"
    CUSTOMS_EXCHANGE_DIR = str(INSTANCE_DIR / "customs")
    CUSTOMS_XSD_DIR = ""


DEVELOPMENT_SECRET_KEY = DefaultConfig.SECRET_KEY


def environment_overrides(environ: dict[str, str]) -> dict[str, object]:
    """Read STOREFRONT_* variables: STOREFRONT_DATABASE_URL and STOREFRONT_<KEY>."""
    overrides: dict[str, object] = {}
    for name, value in environ.items():
        if not name.startswith("STOREFRONT_"):
            continue
        key = name.removeprefix("STOREFRONT_")
        if key == "DATABASE_URL":
            overrides["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(value)
        else:
            overrides[key] = value
    return overrides


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres:// and postgresql:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url
