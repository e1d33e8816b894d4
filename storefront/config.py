"""Default settings; every one can be overridden by a STOREFRONT_* environment variable."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

from storefront.exceptions import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


class DefaultConfig:
    ENV = "development"
    SECRET_KEY = "dev-only-not-secret"
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_DIR / 'storefront.sqlite3'}"
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    # PostgreSQL connection pool, per process (storefront/database.py): pre-ping on checkout, a
    # short connect timeout and a few retries, so a restarted server costs seconds, not errors.
    DATABASE_POOL_SIZE = 5
    DATABASE_MAX_OVERFLOW = 5
    DATABASE_POOL_TIMEOUT = 5.0  # seconds a request waits for a pooled connection
    DATABASE_POOL_RECYCLE = 1800  # seconds before a connection is replaced
    DATABASE_CONNECT_TIMEOUT = 3  # seconds (libpq's connect_timeout, 2 at least)
    DATABASE_CONNECT_RETRIES = 2  # more tries of a refused connection, 0.25 s then 0.5 s apart
    SUPPORTED_LOCALES = ("en", "zh-hans", "zh-hant", "fr", "ms", "ar")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    SHOP_TIMEZONE = "Asia/Shanghai"
    PAGE_SIZE = 24
    MAX_QUERY_LENGTH = 100
    PAGE_CACHE_SECONDS = 30  # anonymous catalog pages, per process (storefront/page_cache.py)
    REFERENCE_CACHE_SECONDS = 300  # exchange rates and destination rules, per process
    FRAGMENT_CACHE_SECONDS = 300  # person-independent page parts (storefront/fragments.py)
    CATALOG_STAMP_SECONDS = 2.0  # how long a process trusts the catalog's version stamp
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # always on in production (check_production_settings)
    # Every absolute URL (e-mails, canonical, hreflang, sitemap, payment return pages) is built
    # on this base, never on the request's Host header. Required in production; empty in
    # development means "the request's own host", which must then be a trusted one.
    PUBLIC_URL = ""
    # Hosts a request may name (Host header); others get 400. The public URL's host is always
    # trusted; development also trusts 127.0.0.1 and localhost (any port).
    TRUSTED_HOSTS: tuple[str, ...] = ()
    # Reverse proxies in front of gunicorn that append to X-Forwarded-For (deploy/nginx.conf: 1).
    # 0: the peer's address is the client's (no proxy, or development).
    PROXY_HOPS = 0
    HSTS_SECONDS = 63072000  # Strict-Transport-Security max-age in production (two years)
    # Redis (optional): when set, rate limits and the page cache are shared by every worker of
    # every machine; else rate limits use a SQLite file and pages stay per process.
    REDIS_URL = ""
    REDIS_TIMEOUT_SECONDS = 0.25  # connect and read timeout of the page cache and readiness
    # The deployed version (e.g. the commit): part of the shared page cache's keys, so that two
    # versions never serve each other's pages during a rolling deploy.
    RELEASE = ""
    RATELIMIT_FILE = str(INSTANCE_DIR / "rate-limits.sqlite3")
    RATELIMIT_HEADERS_ENABLED = True
    # When the shared store cannot be reached, count in the process's memory meanwhile (logged)
    # rather than answer 500 or stop limiting.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
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
    MAIL_SMTP_USERNAME = ""
    MAIL_SMTP_PASSWORD = ""
    MAIL_SMTP_TLS = True
    MAIL_SMTP_TIMEOUT = 30.0
    # Who sends the outbox (storefront/mail/): "worker" (flask worker mail), "request" (also
    # the web process, right after its commit), "auto" (request in development, worker in
    # production).
    MAIL_DELIVERY = "auto"
    MAIL_BATCH_SIZE = 50
    MAIL_MAX_ATTEMPTS = 30  # then the message is "failed" (about 4.5 hours with the delays below)
    MAIL_RETRY_SECONDS = 10  # first retry delay, doubled per attempt
    MAIL_RETRY_MAX_SECONDS = 600
    MAIL_CLAIM_SECONDS = 300  # a message claimed by a sender that died is sent after this
    MAIL_KEEP_DAYS = 30  # sent and failed messages are deleted after this (scheduler)
    # Logs: one JSON object per line on stderr ("json") or plain text ("text"); one line per
    # request with its id, route pattern, status and time (REQUEST_LOG), never a query string,
    # an address or a form value.
    LOG_FORMAT = "json"
    LOG_LEVEL = "INFO"
    REQUEST_LOG = True
    # Background processes (storefront/background/).
    WORKER_POLL_SECONDS = 2.0  # how often an idle worker looks for work
    WORKER_MAX_BACKOFF_SECONDS = 30.0  # longest pause after failed passes in a row
    SCHEDULER_TICK_SECONDS = 5.0
    RESERVATION_SWEEP_SECONDS = 60  # expired reservations (and pickups) released this often
    STATISTICS_ROLLUP_SECONDS = 900  # the statistics' daily roll-ups refreshed this often
    LOGIN_RATE_LIMIT = "10 per minute"  # per address, on sign-in, reset and order look-up
    ACCOUNT_RATE_LIMIT = "10 per 15 minutes"  # per account (e-mail), from every address together
    REGISTRATION_RATE_LIMIT = "5 per hour"  # per address
    # Uploaded product photos (WebP renditions), served under /media/ (storefront/media.py).
    MEDIA_DIR = str(INSTANCE_DIR / "media")
    PHOTO_MAX_BYTES = 8 * 1024 * 1024  # an upload larger than this is refused
    PHOTO_MAX_PIXELS = 40_000_000  # width x height: more is refused (decompression bombs)
    # The largest request body accepted (a photo upload and its form): larger is refused (413).
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    # Form fields kept in memory per request: the portal's CSV confirmation carries the checked
    # file (at most 2 MB) in a field; Werkzeug's default (500 kB) would refuse a large one.
    MAX_FORM_MEMORY_SIZE = 3 * 1024 * 1024
    COOP_PAGE_SIZE = 50  # rows per page of the cooperative portal's lists
    CUSTOMS_EXCHANGE_DIR = str(INSTANCE_DIR / "customs")
    CUSTOMS_XSD_DIR = ""
    # Customs declarations (9610 export). The codes are the demo platform's placeholders: a
    # real deployment sets its registered codes with STOREFRONT_CUSTOMS_* variables.
    CUSTOMS_PLATFORM_CODE = "4310960002"  # ebp
    CUSTOMS_PLATFORM_NAME = "郴州湘南跨境电商平台有限公司"
    # Who declares: "platform" (the platform declares for itself: agent = platform, copCode =
    # platform) or "broker" (CUSTOMS_AGENT_* declares with its own DXP id: copCode = agent).
    CUSTOMS_DECLARANT = "platform"
    CUSTOMS_AGENT_CODE = "4310980004"  # declaring agent when a broker declares
    CUSTOMS_AGENT_NAME = "郴州综保区报关服务有限公司"
    # The carrier of each shipping method (logisticsCode/Name); trafMode follows the method.
    CUSTOMS_POSTAL_CARRIER_CODE = "4310980005"  # postal operator (placeholder code)
    CUSTOMS_POSTAL_CARRIER_NAME = "中国邮政速递物流股份有限公司郴州市分公司"
    CUSTOMS_EXPRESS_CARRIER_CODE = "4310980003"
    CUSTOMS_EXPRESS_CARRIER_NAME = "郴州综保国际物流有限公司"
    CUSTOMS_ROAD_CARRIER_CODE = "4310980006"  # cross-border truck to Hong Kong (placeholder)
    CUSTOMS_ROAD_CARRIER_NAME = "郴州湘港跨境陆运有限公司"
    CUSTOMS_CARRIER_BOOKING = "sandbox"  # who books parcels: sandbox carrier, or "none"
    # How many real seconds one day of the sandbox carrier's journeys lasts (the demo's parcels
    # depart, arrive and are delivered within minutes; 86400 for real time).
    CUSTOMS_CARRIER_SANDBOX_DAY_SECONDS = 30.0
    # Operator of the export supervision site: sends the arrival (CEB507) of express and truck
    # parcels (postal parcels: the postal operator itself). Placeholder code.
    CUSTOMS_SITE_OPERATOR_CODE = "4310980007"
    CUSTOMS_SITE_OPERATOR_NAME = "郴州综合保税区跨境电商监管中心"
    CUSTOMS_COP_CODE = "4310960002"  # BaseTransfer copCode: the enterprise bound to the DXP id
    CUSTOMS_COP_NAME = "郴州湘南跨境电商平台有限公司"
    CUSTOMS_DXP_ID = "DXPENT0000466001"
    CUSTOMS_DISTRICT_CODE = "4900"  # declaring customs (placeholder, unconfirmed)
    CUSTOMS_EXIT_PORT = "4900"  # customs code of the exit port (placeholder, unconfirmed)
    CUSTOMS_WRAP_TYPE = "2"  # carton
    CUSTOMS_PACKAGING_FACTOR = Decimal("1.15")  # gross weight = net weight x factor
    CUSTOMS_SIGNING_KEY_PATH = str(INSTANCE_DIR / "customs-keys" / "customs-signing-key.pem")
    CUSTOMS_SIGNING_CERT_PATH = str(INSTANCE_DIR / "customs-keys" / "customs-signing-cert.pem")
    CUSTOMS_DISPATCH_BATCH_SIZE = 50
    CUSTOMS_DISPATCH_MAX_ATTEMPTS = 8
    CUSTOMS_DISPATCH_BACKOFF_SECONDS = 30
    CUSTOMS_DISPATCH_BACKOFF_MAX_SECONDS = 3600
    CUSTOMS_SIMULATOR_RELEASE_DELAY = 20.0  # seconds between the simulator's 120 and 800 receipts
    CUSTOMS_UNANSWERED_AFTER_MINUTES = 120  # flag a message customs has not answered since
    CUSTOMS_LOOP_INTERVAL = 2.0  # seconds the --loop commands sleep when there is nothing to do
    # Bonded import (1210, showroom pickup). Placeholder codes of the demo zone, as above.
    CUSTOMS_BONDED_EBC_CODE = "4310960011"  # the cross-border e-commerce enterprise (seller)
    CUSTOMS_BONDED_EBC_NAME = "郴州综保优选跨境电商有限公司"
    CUSTOMS_BONDED_ASSURE_CODE = "4310960011"  # who guarantees the withheld tax (assureCode)
    CUSTOMS_BONDED_PORT_CODE = "4900"  # customs of the zone (portCode), placeholder
    CUSTOMS_BONDED_TRAF_MODE = "4"  # the leg leaving the zone: the buyer carries it out by road
    CUSTOMS_ZONE_CARRIER_CODE = "4310980007"  # the in-zone carrier: warehouse -> counter
    CUSTOMS_ZONE_CARRIER_NAME = "郴州综保区物流配送有限公司"
    CUSTOMS_ZONE_CARRIER_DXP_ID = "DXPLGS0000000002"
    # The customs-registered payment institution that declares the payment (CEB411). The
    # sandbox plays it in development; Stripe is not one (see docs/bonded-pickup.md).
    CUSTOMS_PAYMENT_COMPANY_CODE = "4310960099"
    CUSTOMS_PAYMENT_COMPANY_NAME = "沙箱支付服务有限公司（测试）"
    CUSTOMS_PAYMENT_COMPANY_DXP_ID = "DXPENT0000466099"
    # Bonded pickup (storefront/pickup, storefront/bonded).
    PICKUP_ID_KEY = ""  # 32 random bytes, URL-safe base64; production refuses to start without
    PICKUP_ID_KEY_FILE = str(INSTANCE_DIR / "pickup-id.key")  # development key, made when missing
    PICKUP_ORDER_LIMIT = Decimal("5000.00")  # CNY per order (Caiguanshui [2018] No.49)
    PICKUP_ANNUAL_LIMIT = Decimal("26000.00")  # CNY per person and calendar year
    PICKUP_PERSONAL_DATA_RETENTION_DAYS = 1095  # after an order closes (E-Commerce Law art.31)
    PICKUP_COUNTER_RATE_LIMIT = "10 per minute"  # code look-ups and hand-overs per staff member
    PICKUP_QUOTE_RATE_LIMIT = "30 per minute"  # API quotes per address (they read the quota)
    PARTNER_API_RATE_LIMIT = "120 per minute"  # partner API requests per token
    PICKUP_LOOP_INTERVAL = 5.0  # seconds `flask pickup work --loop` sleeps between passes


DEVELOPMENT_SECRET_KEY = DefaultConfig.SECRET_KEY
ENVIRONMENTS = ("development", "production")
DEVELOPMENT_HOSTS = ("127.0.0.1", "localhost")
MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_DISTINCT_CHARACTERS = 10


def parse_environment(raw: object) -> str:
    """``development`` or ``production``, whatever the case and surrounding spaces; else refuse.

    A near miss (``Production``, ``"production "``) must never start the shop in development
    mode with the development key and the sandbox provider.
    """
    text = str(raw).strip().lower()
    if text not in ENVIRONMENTS:
        raise ConfigurationError(f"STOREFRONT_ENV={raw!r} is neither {' nor '.join(ENVIRONMENTS)}")
    return text


def is_strong_secret_key(key: object) -> bool:
    """Long enough and not a repeated pattern: what ``secrets.token_urlsafe(32)`` gives."""
    if not isinstance(key, str | bytes) or key in ("", DEVELOPMENT_SECRET_KEY):
        return False
    return len(key) >= MIN_SECRET_KEY_LENGTH and len(set(key)) >= MIN_SECRET_KEY_DISTINCT_CHARACTERS


def environment_overrides(environ: Mapping[str, str]) -> dict[str, object]:
    """Read STOREFRONT_* variables: STOREFRONT_DATABASE_URL and STOREFRONT_<KEY>.

    Each value is typed once, here, after the default it replaces: a number stays a number, a
    switch is ``true``/``false``, a list is comma-separated. A value that does not fit raises
    ``ConfigurationError`` naming the variable, so the app refuses to start.
    """
    overrides: dict[str, object] = {}
    for name, value in environ.items():
        if not name.startswith("STOREFRONT_"):
            continue
        key = name.removeprefix("STOREFRONT_")
        if key == "DATABASE_URL":
            overrides["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(value)
        else:
            overrides[key] = typed_setting(name, value, getattr(DefaultConfig, key, None))
    return overrides


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def typed_setting(name: str, raw: str, default: object) -> object:
    """``raw`` as the type of ``default`` (text when the setting has no default)."""
    text = raw.strip()
    try:
        if isinstance(default, bool):
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise ValueError(text)
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text)
        if isinstance(default, Decimal):
            value = Decimal(text)
            if not value.is_finite():
                raise ValueError(text)
            return value
        if isinstance(default, tuple):
            return tuple(part.strip() for part in text.split(",") if part.strip())
    except (ValueError, InvalidOperation) as error:
        raise ConfigurationError(
            f"{name}={raw!r} is not a valid {type(default).__name__}"
        ) from error
    return raw


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres:// and postgresql:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url
