"""Fixed-window rate limits per client, counted in the shared cache (Redis in production)."""

import time
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets."""
    if settings.CLIENT_IP_HEADER:
        header = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        forwarded = str(request.META.get(header) or "").split(",")[0].strip()
        if forwarded:
            return forwarded[:64]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def rate_limit_wait(request: HttpRequest, *, scope: str, limit: int, window: int) -> int:
    """0 when the request may go ahead, else the seconds until the client may try again."""
    now = time.time()
    slot = int(now // window)
    key = f"rate:{scope}:{client_key(request)}:{slot}"
    count = cache_count(key, window + 1)
    if count <= limit:
        return 0
    return max(1, int((slot + 1) * window - now) + 1)


def cache_count(key: str, timeout: int) -> int:
    """Adds one to a counter in the shared cache that expires `timeout` seconds after it starts."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One command per request; the first of a window also sets the expiry. (If that
        # second command is lost, the key names a past window and is never read again.)
        redis_key = backend.make_and_validate_key(key)
        client = _redis_client(backend)
        count = int(client.incr(redis_key))
        if count == 1:
            client.expire(redis_key, timeout)
        return count
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


@lru_cache(maxsize=4)
def _redis_client(backend: RedisCache) -> Any:
    # Django builds a client object per call; building one costs more than the round trip.
    return backend._cache.get_client(write=True)  # type: ignore[attr-defined]
