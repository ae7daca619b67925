"""Configuration: every setting comes from the environment, with safe defaults for development."""

import os
import secrets
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE = Path(os.environ.get("PLANNER_INSTANCE", ROOT / "instance"))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into instance/ (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = INSTANCE / "secret_key"
    if not key_file.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def database_url(url: str | None) -> str:
    """Normalise a database URL: PostgreSQL runs through psycopg 3, SQLite defaults to instance/."""
    if not url:
        return f"sqlite:///{INSTANCE / 'planner.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def language_fallbacks(spec: str | None) -> dict[str, tuple[str, ...]]:
    """LANGUAGE_FALLBACKS="kk:ru,en;az:en,ru": after a reader's language, which to show next."""
    chains = {"kk": ("ru", "en"), "az": ("en", "ru"), "ru": ("en",), "en": ()}
    for part in (spec or "").split(";"):
        language, _, chain = part.partition(":")
        if language.strip():
            chains[language.strip()] = tuple(c.strip() for c in chain.split(",") if c.strip())
    return chains


SUPPORTED_LANGUAGES = ("en", "az", "kk", "ru")


def default_language(value: str | None) -> str:
    """DEFAULT_LANGUAGE: the site's language for whoever has chosen none (pages without a
    choice, e-mails to users of an institution without document languages); English when
    unset. Anything but one of the four supported languages stops the start with the reason."""
    language = (value or "en").strip().lower()
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"DEFAULT_LANGUAGE={value!r}: choose one of {', '.join(SUPPORTED_LANGUAGES)}")
    return language


class Config:
    SECRET_KEY = None  # filled lazily by create_app so importing config never writes files
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    LANGUAGES = SUPPORTED_LANGUAGES
    BABEL_DEFAULT_LOCALE = default_language(os.environ.get("DEFAULT_LANGUAGE"))
    LANGUAGE_FALLBACKS = language_fallbacks(os.environ.get("LANGUAGE_FALLBACKS"))
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 4 * 1024 * 1024))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    TILE_URL = os.environ.get("TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    TILE_ATTRIBUTION = os.environ.get(
        "TILE_ATTRIBUTION",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    )
    FEED_WINDOW_DAYS = 90
    # Serialized events shared by the workers: the database's feed_entry table, or Redis when set.
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL", "")
    FEED_ENTRY_TTL = int(os.environ.get("FEED_ENTRY_TTL", 30 * 24 * 3600))  # seconds an entry lives in Redis
    # s a request waits for another's build of its feed before it serves the feed's previous version
    FEED_BUILD_WAIT = float(os.environ.get("FEED_BUILD_WAIT", 0.25))
    # whole feeds (planner/schedule/feed_wholes.py): files here (default <instance>/feed-wholes), or
    # Redis with CACHE_REDIS_URL, where a whole lives FEED_WHOLE_TTL seconds
    FEED_WHOLES_FOLDER = os.environ.get("FEED_WHOLES_FOLDER", "")
    FEED_WHOLE_TTL = int(os.environ.get("FEED_WHOLE_TTL", 2 * 24 * 3600))
    FEED_BUILD_TIMEOUT = int(os.environ.get("FEED_BUILD_TIMEOUT", 600))  # s before a Redis build lock expires
    MAP_CACHE_BYTES = int(os.environ.get("MAP_CACHE_BYTES", 32 * 1024 * 1024))  # built maps kept per worker
    # the dashboard, calendars, plan and agreement pages kept per data version (planner/page_cache.py)
    PAGE_CACHE = os.environ.get("PAGE_CACHE", "1").lower() in ("1", "true", "yes")
    PAGE_CACHE_SIZE = int(os.environ.get("PAGE_CACHE_SIZE", 256))  # pages kept per worker
    # Log-in throttling (planner.accounts.throttling): failures pass freely up to these counts, then
    # each further one asks for a pause that doubles, at most LOGIN_MAX_DELAY seconds. Counters in
    # the database, or Redis when RATELIMIT_STORAGE_URI names it (redis://host:6379/0).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "")
    LOGIN_FREE_FAILURES_PER_DEVICE = int(os.environ.get("LOGIN_FREE_FAILURES_PER_DEVICE", 10))
    LOGIN_FREE_FAILURES_PER_USERNAME = int(os.environ.get("LOGIN_FREE_FAILURES_PER_USERNAME", 5))
    LOGIN_FREE_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FREE_FAILURES_PER_ADDRESS", 20))
    LOGIN_MAX_DELAY = int(os.environ.get("LOGIN_MAX_DELAY", 900))
    # Proxies in front that may say who the client is (X-Forwarded-For, -Proto): 0 = none.
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", 0))
    PAGE_SIZE = 25
    CALENDAR_PAGE_SIZE = int(os.environ.get("CALENDAR_PAGE_SIZE", 50))  # series per calendar page
    # Calendar grids and dashboard bodies shared by readers who see the same ones
    # (planner/shared_parts.py): in Redis when CACHE_REDIS_URL is set (for SHARED_PARTS_TTL
    # seconds), else per worker within SHARED_PARTS_BYTES.
    SHARED_PARTS = os.environ.get("SHARED_PARTS", "1").lower() in ("1", "true", "yes")
    SHARED_PARTS_BYTES = int(os.environ.get("SHARED_PARTS_BYTES", 16 * 1024 * 1024))
    SHARED_PARTS_TTL = int(os.environ.get("SHARED_PARTS_TTL", 3600))
    PASSWORD_HASH_METHOD = "scrypt"
    # E-mail (planner.notifications.mail): nothing is sent without MAIL_SERVER.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0").lower() in ("1", "true", "yes")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "MoU Planner <planner@localhost>")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 10))
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")  # where links in e-mails point, e.g. https://planner.example.org
    # Stored files (planner.attachments): a folder under instance/ unless a bucket is named;
    # the bucket's credentials come from the usual AWS variables (AWS_ACCESS_KEY_ID, ...).
    ATTACHMENTS_MAX_BYTES = int(os.environ.get("ATTACHMENTS_MAX_BYTES", 20 * 1024 * 1024))
    ATTACHMENTS_FOLDER = os.environ.get("ATTACHMENTS_FOLDER", "")  # default: <instance>/attachments
    ATTACHMENTS_S3_BUCKET = os.environ.get("ATTACHMENTS_S3_BUCKET", "")
    ATTACHMENTS_S3_ENDPOINT_URL = os.environ.get("ATTACHMENTS_S3_ENDPOINT_URL", "")  # MinIO, Ceph, ...; AWS: empty
    ATTACHMENTS_S3_REGION = os.environ.get("ATTACHMENTS_S3_REGION", "")
    ATTACHMENTS_S3_PREFIX = os.environ.get("ATTACHMENTS_S3_PREFIX", "")
    # Scans being recognised (planner.mou.recognition): one folder per upload, read by every
    # worker of the host; default <instance>/scans.
    SCANS_FOLDER = os.environ.get("SCANS_FOLDER", "")
    API_TITLE = "MoU Planner API"
    API_VERSION = "1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


class TestConfig(Config):
    """In-memory SQLite unless the suite runs on PostgreSQL (PLANNER_TEST_BACKEND=postgres)."""

    TESTING = True
    SECRET_KEY = "test-only-secret"
    SQLALCHEMY_DATABASE_URI = (
        database_url(os.environ.get("TEST_DATABASE_URL"))
        if os.environ.get("PLANNER_TEST_BACKEND") == "postgres"
        else "sqlite://"
    )
    # On PostgreSQL a lock waited for over two minutes is an error, not a hang: a test that
    # failed while holding a row lock must not stop the whole run (SQLite has no such locks)
    SQLALCHEMY_ENGINE_OPTIONS: dict = (
        {"connect_args": {"options": "-c lock_timeout=120000"}}
        if os.environ.get("PLANNER_TEST_BACKEND") == "postgres"
        else {}
    )
    WTF_CSRF_ENABLED = True
    TILE_URL = ""
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast in tests; production keeps scrypt
    LOGIN_FREE_FAILURES_PER_ADDRESS = 10000  # the suite logs in often from one address
    LOGIN_FREE_FAILURES_PER_USERNAME = 10000
    MAIL_SERVER = ""  # tests that send mail point it at their own SMTP server
    MAIL_TIMEOUT = 2.0
    PUBLIC_URL = "http://planner.test"
    # files the suite stores stay out of the repository (tests of the store give their own folder)
    ATTACHMENTS_FOLDER = os.path.join(tempfile.gettempdir(), "planner-test-attachments")
    SCANS_FOLDER = os.path.join(tempfile.gettempdir(), "planner-test-scans")
    FEED_WHOLES_FOLDER = os.path.join(tempfile.gettempdir(), f"planner-test-feed-wholes-{os.getpid()}")  # a process's
    # the suite's machines are busy: a request waits for another's build of its feed (rather than
    # serving the previous version) unless a test shortens this
    FEED_BUILD_WAIT = 10
    ATTACHMENTS_S3_BUCKET = ""
