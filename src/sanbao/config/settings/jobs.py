"""Background jobs (Huey) and the cache: on Redis when REDIS_URL is set, local otherwise."""

from sanbao.config.env import env_bool, env_int, env_str, env_url
from sanbao.config.settings.paths import DATA_DIR

REDIS_URL = env_url("REDIS_URL", schemes={"redis", "rediss", "unix"})
_queue_name = env_str("HUEY_QUEUE", "sanbao") or "sanbao"
_consumer = {
    "workers": env_int("HUEY_WORKERS", 2, minimum=1),
    "worker_type": "thread",
    "periodic": True,
    "check_worker_health": True,
}

if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": _queue_name,
        "url": REDIS_URL,
        "immediate": env_bool("HUEY_IMMEDIATE", False),
        "utc": True,
        "consumer": _consumer,
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "sanbao"),
        }
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": _queue_name,
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": env_bool("HUEY_IMMEDIATE", False),
        "utc": True,
        "consumer": _consumer,
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
