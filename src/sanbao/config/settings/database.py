"""The database, from DATABASE_URL: SQLite in WAL mode by default, PostgreSQL in production."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from sanbao.config.env import env_int, env_url
from sanbao.config.settings.paths import DATA_DIR

_default_sqlite = f"sqlite:///{DATA_DIR / 'sanbao.sqlite3'}"
DATABASE_URL = env_url(
    "DATABASE_URL",
    schemes={"sqlite", "postgres", "postgresql", "pgsql"},
    default=_default_sqlite,
)
try:
    _database = dj_database_url.parse(
        DATABASE_URL or _default_sqlite,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        # A kept connection is checked before a request uses it, so one broken by a database
        # restart is replaced instead of failing that request.
        conn_health_checks=True,
    )
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not usable: {error}") from None

if _database["ENGINE"] == "django.db.backends.sqlite3":
    if _database["NAME"] != ":memory:" and not str(_database["NAME"]).startswith("file:"):
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    _database["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _database["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

if _database["ENGINE"] == "django.db.backends.postgresql":
    # Statements run through a server-binding cursor (the public serial lookup) are
    # prepared after this many runs on a connection; 0 turns preparing off (for a
    # pgbouncer older than 1.21 in transaction mode). Django's own queries bind on the
    # client and are never prepared.
    _prepare = env_int("DATABASE_PREPARE_THRESHOLD", 5, minimum=0)
    _database["OPTIONS"] = {
        "prepare_threshold": _prepare or None,
        # A server that does not answer (host down, network cut) must not hold a request for
        # minutes: past this many seconds it is out of reach, and the request gets 503.
        "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1),
    }

DATABASES = {"default": _database}
