"""Fixed-window rate limits per client, counted in the shared cache (Redis in production).

Every endpoint anyone may call without signing in is limited here, by one of two
decorators (docs/operations.md lists the endpoints and their settings):

    @rate_limited("portal-home")                      # a Django view, default PUBLIC_PAGE_*
    def customer_home(request): ...

    @router.get("/surveys/{token}", auth=None)
    @api_rate_limited("survey")                       # a ninja operation, default PUBLIC_CHECK_*
    def survey_read(request, token: str): ...

Each takes a scope (its own counter per client; endpoints sharing a scope share the count),
the names of the settings holding the limit and the window (read at every request; a new
pair goes in a settings module, read with env_int), and optionally the refusal `message`
(lazy, with %(seconds)s) and, for views, `page(request, error, *view_args, **view_kwargs)`,
which renders the refusal in the view's own template. tests/config/test_rate_limit.py finds
every endpoint that answers without signing in and fails for one without a limit.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanbao.config.errors import DomainError, error_body
from sanbao.config.plain_page import plain_page


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
    return _seconds_left(now, slot, window)


def rate_limit_spent(request: HttpRequest, *, scope: str, limit: int, window: int) -> int:
    """Like rate_limit_wait, without counting: the seconds to wait when the client has used
    all `limit` of this window already, else 0. (Count with rate_limit_wait.)"""
    now = time.time()
    slot = int(now // window)
    count = cache.get(f"rate:{scope}:{client_key(request)}:{slot}")
    if count is None or int(count) < limit:
        return 0
    return _seconds_left(now, slot, window)


def _seconds_left(now: float, slot: int, window: int) -> int:
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


# --- Decorators: one per kind of endpoint, both built on rate_limit_wait -------------------

_DEFAULT_MESSAGE = gettext_lazy("Too many tries from your network: wait %(seconds)s seconds.")


@dataclass(frozen=True)
class RateLimit:
    """A counter per client: `scope` names it; the two settings give its limit and window."""

    scope: str
    limit_setting: str
    window_setting: str
    message: Any = _DEFAULT_MESSAGE  # lazily translated, with %(seconds)s

    def __post_init__(self) -> None:
        for name in (self.limit_setting, self.window_setting):
            if not isinstance(getattr(settings, name, None), int):
                raise ImproperlyConfigured(f"Rate limit {self.scope!r}: no integer setting {name}.")

    def refusal(self, request: HttpRequest) -> DomainError | None:
        """Counts this request; a 429 DomainError with Retry-After when it is one too many.
        Limits are read per request, so a changed setting applies at once."""
        wait = rate_limit_wait(
            request,
            scope=self.scope,
            limit=getattr(settings, self.limit_setting),
            window=getattr(settings, self.window_setting),
        )
        if not wait:
            return None
        return DomainError(
            "rate_limited",
            str(self.message) % {"seconds": wait},
            status=429,
            headers={"Retry-After": str(wait)},
        )


# page(request, error, *view_args, **view_kwargs): the refusal in the view's own frame.
RefusalPage = Callable[..., HttpResponse]
V = TypeVar("V", bound=Callable[..., Any])


def rate_limited_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The default refusal: DESIGN §6's JSON error under /api/, a short page elsewhere."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            error_body(error.code, error.message, error.fields), status=error.status
        )
    else:
        response = plain_page(
            request, status=error.status, code=error.code, title=_("Too many tries"),
            message=error.message,
        )  # fmt: skip
    for name, value in error.headers.items():
        response[name] = value
    return response


def rate_limited(
    scope: str,
    limit_setting: str = "PUBLIC_PAGE_LIMIT",
    window_setting: str = "PUBLIC_PAGE_WINDOW_SECONDS",
    *,
    message: Any = _DEFAULT_MESSAGE,
    page: RefusalPage | None = None,
) -> Callable[[V], V]:
    """For Django views (functions; `method_decorator` for classes): every request, whatever
    its method, counts against `scope`; one too many gets 429 with Retry-After, as
    `page(request, error, *view_args, **view_kwargs)` renders it (the view's own template
    with `error.message`), or `rate_limited_response` by default. The check runs before the
    view touches anything."""
    limit = RateLimit(scope, limit_setting, window_setting, message)

    def decorate(view: V) -> V:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            error = limit.refusal(request)
            if error is None:
                response: HttpResponse = view(request, *args, **kwargs)
                return response
            if page is None:
                refused = rate_limited_response(request, error)
            else:
                refused = page(request, error, *args, **kwargs)
            for name, value in error.headers.items():
                refused[name] = value
            return refused

        limited.rate_limit = limit  # type: ignore[attr-defined]
        return cast(V, limited)

    return decorate


def api_rate_limited(
    scope: str,
    limit_setting: str = "PUBLIC_CHECK_LIMIT",
    window_setting: str = "PUBLIC_CHECK_WINDOW_SECONDS",
    *,
    message: Any = _DEFAULT_MESSAGE,
) -> Callable[[V], V]:
    """For django-ninja operations, under the router's decorator: raises the 429 DomainError,
    which config/api.py answers in the JSON error shape with Retry-After. It runs after
    ninja has read the parameters, so a request ninja refuses (422) is not counted."""
    limit = RateLimit(scope, limit_setting, window_setting, message)

    def decorate(operation: V) -> V:
        @wraps(operation)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            error = limit.refusal(request)
            if error is not None:
                raise error
            return operation(request, *args, **kwargs)

        limited.rate_limit = limit  # type: ignore[attr-defined]
        return cast(V, limited)

    return decorate
