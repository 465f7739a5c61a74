"""rate_limit_wait: a fixed window per client and scope, and how long to wait when over;
the decorators built on it; and every endpoint reachable without signing in, each shown to
answer 429 with Retry-After once its limit is spent."""

import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver

from sanbao.config import rate_limit
from sanbao.config.rate_limit import client_key, rate_limit_spent, rate_limit_wait, rate_limited

WINDOW = 60
SLOT_START = 1_000_000 * WINDOW


@pytest.fixture
def clock(monkeypatch):
    """The rate limiter's clock, set to 10.5 s into a window."""
    now = SimpleNamespace(value=SLOT_START + 10.5)
    monkeypatch.setattr(rate_limit, "time", SimpleNamespace(time=lambda: now.value))
    return now


def _request(address: str | None = "198.51.100.7"):
    request = RequestFactory().get("/w/TOP0001")
    if address is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = address
    return request


def _wait(request, scope="check", limit=3):
    return rate_limit_wait(request, scope=scope, limit=limit, window=WINDOW)


def test_it_lets_the_first_requests_through_then_says_how_long_to_wait(clock):
    request = _request()
    assert [_wait(request) for _ in range(3)] == [0, 0, 0]
    assert _wait(request) == 50  # 49.5 s left in the window, rounded up
    clock.value += 20
    assert _wait(request) == 30


def test_it_opens_again_in_the_next_window(clock):
    request = _request()
    for _ in range(4):
        _wait(request)
    assert _wait(request) > 0
    clock.value = SLOT_START + WINDOW  # the next window starts
    assert _wait(request) == 0


def test_it_asks_for_at_least_a_second(clock):
    request = _request()
    clock.value = SLOT_START + WINDOW - 0.001
    for _ in range(3):
        _wait(request)
    assert _wait(request) == 1


def test_it_counts_clients_apart(clock):
    first, second = _request("198.51.100.7"), _request("203.0.113.9")
    for _ in range(3):
        _wait(first)
    assert _wait(first) > 0
    assert _wait(second) == 0


def test_it_counts_scopes_apart(clock):
    request = _request()
    for _ in range(3):
        _wait(request, scope="warranty-check")
    assert _wait(request, scope="warranty-check") > 0
    assert _wait(request, scope="login") == 0


def test_it_honours_the_limit(clock):
    request = _request()
    assert [_wait(request, limit=1) > 0 for _ in range(3)] == [False, True, True]


def test_it_counts_clients_without_an_address_together(clock):
    assert client_key(_request(None)) == "unknown"
    for _ in range(3):
        _wait(_request(None))
    assert _wait(_request(None)) > 0


def test_it_starts_again_when_the_counter_vanishes_between_add_and_incr(monkeypatch, clock):
    calls = []

    class EvictingCache:
        def add(self, key, value, timeout=None):
            calls.append(("add", key, value, timeout))
            return len(calls) > 1  # exists at first, gone by the time it is counted

        def incr(self, key):
            calls.append(("incr", key))
            raise ValueError(key)

    evicting = EvictingCache()
    monkeypatch.setattr(rate_limit, "cache", evicting)
    monkeypatch.setattr(rate_limit, "caches", {"default": evicting})
    assert _wait(_request(), limit=1) == 0
    key = f"rate:check:198.51.100.7:{SLOT_START // WINDOW}"
    assert calls == [
        ("add", key, 1, WINDOW + 1),
        ("incr", key),
        ("add", key, 1, WINDOW + 1),
    ]


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (the PostgreSQL CI run)")
def test_it_counts_in_redis_with_one_command_and_an_expiry(clock):
    from django.core.cache import caches

    request = _request("198.51.100.9")
    assert [_wait(request, limit=2) > 0 for _ in range(3)] == [False, False, True]
    backend = caches["default"]
    key = backend.make_and_validate_key(f"rate:check:198.51.100.9:{SLOT_START // WINDOW}")
    assert 0 < rate_limit._redis_client(backend).ttl(key) <= WINDOW + 1


def test_it_tells_when_the_limit_is_spent_without_counting(clock):
    request = _request()
    spent = {"scope": "check", "limit": 2, "window": WINDOW}
    assert rate_limit_spent(request, **spent) == 0
    _wait(request, limit=2)
    assert rate_limit_spent(request, **spent) == 0
    _wait(request, limit=2)
    assert rate_limit_spent(request, **spent) == 50
    assert rate_limit_spent(request, **spent) == 50  # peeking counts nothing
    assert _wait(request, limit=3) == 0  # the third request of the window


def test_it_refuses_a_decorator_naming_a_setting_that_does_not_exist():
    with pytest.raises(ImproperlyConfigured, match="NO_SUCH_LIMIT"):
        rate_limited("x", "NO_SUCH_LIMIT", "PUBLIC_PAGE_WINDOW_SECONDS")


def test_it_reads_the_limit_when_the_request_comes(settings):
    view = rate_limited("reread")(lambda request: HttpResponse("ok"))
    settings.PUBLIC_PAGE_LIMIT = 1
    assert view(_request()).status_code == 200
    assert view(_request()).status_code == 429
    settings.PUBLIC_PAGE_LIMIT = 3
    assert view(_request()).status_code == 200


# --- Every endpoint reachable without signing in -------------------------------------------
#
# The endpoints are found, not listed: every URL is tried without signing in, and whatever
# answers anything but "sign in", 401, 403 or 405 must carry a limit from one of the
# decorators (or be EXEMPT, with the reason). Every endpoint carrying a limit is then shown
# to answer 429 once its limit is spent. A new public view needs only the decorator; a new
# public POST operation of the API needs a valid body in API_BODIES (ninja refuses an
# invalid one, uncounted, before the operation runs).

SERIAL = "TOP0000000001"
SURVEY_ANSWER = {"csat": 5, "nps": 9, "fixed_first_visit": True, "comment": ""}
API_BODIES = {
    "/api/v1/surveys/{token}": SURVEY_ANSWER,
    "/api/v1/privacy/phone-codes": {"phone": "13800138000"},
    "/api/v1/privacy/data-requests": {"phone": "13800138000", "code": "123456", "kind": "export"},
}
# Form data of views that take only POST (the default is an empty form).
FORMS = {"accounts/language/": {"language": "en"}}
# Public, and not limited on purpose.
EXEMPT = {
    "healthz": "liveness probe: load balancers call it from one address all day; reads nothing",
    "readyz": "readiness probe: as healthz, one SELECT 1",
    "api/v1/": "ninja's API root: 404, reads nothing",
    "^api/(?P<path>.*)$": "unknown API addresses: 404, reads nothing",
}


@dataclass(frozen=True)
class Endpoint:
    route: str  # as the resolver spells it
    path: str  # a URL of it, with made-up values
    limit: rate_limit.RateLimit
    method: str | None = None  # None: GET, or POST if GET is refused
    json: dict[str, Any] | None = None

    def send(self, client: Client, method: str, **extra: Any):
        if self.json is not None:
            return client.post(self.path, self.json, content_type="application/json", **extra)
        if method == "POST":
            return client.post(self.path, FORMS.get(self.route, {}), **extra)
        return client.get(self.path, **extra)


def _walk(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route) if pattern.namespace != "admin" else [(route, None)]
        else:
            yield route, pattern.callback


def _sample(route: str) -> str:
    def value(match: re.Match[str]) -> str:
        return "1" if match.group(1) == "int" else SERIAL

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>|{(\w+)}", value, route.removeprefix("/"))


def _limit_of(callback: Any) -> rate_limit.RateLimit | None:
    """The decorator's RateLimit, on a function view or on a class view's dispatch."""
    found = getattr(callback, "rate_limit", None)
    view_class = getattr(callback, "view_class", None)
    if found is None and view_class is not None:
        found = getattr(view_class.dispatch, "rate_limit", None)
    return found


def _is_api_operation(callback: Any) -> bool:
    return "PathView" in getattr(callback, "__qualname__", "")


def _public_operations():
    """(method, path template, view function) of each API operation that needs no user.
    (ninja keeps them on its bound routers; the schema cross-checks the list.)"""
    from sanbao.config.api import api

    for router in api._get_bound_routers():
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if not operation.auth_callbacks:
                    for method in operation.methods:
                        yield method, f"/api/v1{router.prefix}{path}", operation.view_func


def _limited_endpoints() -> list[Endpoint]:
    endpoints = []
    for route, callback in _walk(get_resolver()):
        limit = _limit_of(callback)
        if limit is not None:
            endpoints.append(Endpoint(route, _sample(route), limit))
    for method, path, view in _public_operations():
        limit = _limit_of(view)
        if limit is not None:
            body = API_BODIES.get(path, {}) if method == "POST" else None
            endpoints.append(Endpoint(path, _sample(path), limit, method, body))
    return endpoints


LIMITED = _limited_endpoints()


def _signs_in_or_refuses(response) -> bool:
    if response.status_code in (401, 403, 405):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(
        ("/accounts/login/?next=", "/admin/login/?next=")
    )


def test_it_finds_the_public_endpoints_it_must():
    found = {(endpoint.method, endpoint.route) for endpoint in LIMITED}
    assert {
        (None, "accounts/login/"), (None, "accounts/logout/"), (None, "accounts/language/"),
        (None, "admin/login/"), (None, "portal/"), (None, "portal/warranty/"),
        (None, "w/<str:serial>"), (None, "t/<str:number>"), (None, "portal/track/"),
        (None, "portal/track/<str:number>/"), (None, "portal/track/<str:number>/quote/"),
        (None, "portal/track/<str:number>/card.pdf"), (None, "s/<str:token>/"),
        (None, "s/<str:token>/thanks/"), (None, "api/v1/docs"), (None, "api/v1/openapi.json"),
        ("GET", "/api/v1/warranty/{serial}"), ("GET", "/api/v1/surveys/{token}"),
        ("POST", "/api/v1/surveys/{token}"),
    } <= found  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", LIMITED, ids=lambda e: f"{e.method or ''} {e.route}".strip())
def test_it_limits_every_public_endpoint(endpoint, settings):
    setattr(settings, endpoint.limit.limit_setting, 2)
    setattr(settings, endpoint.limit.window_setting, 3600)
    client = Client()
    method = endpoint.method
    if method is None:  # tried from elsewhere, so as not to count
        probe = client.get(endpoint.path, REMOTE_ADDR="203.0.113.49")
        method = "POST" if probe.status_code == 405 else "GET"
    allowed = [endpoint.send(client, method).status_code for _ in range(2)]
    assert 429 not in allowed and max(allowed) < 500, allowed

    limited = endpoint.send(client, method)

    assert limited.status_code == 429, f"not limited: {endpoint.limit.limit_setting}=2"
    assert 1 <= int(limited["Retry-After"]) <= 3601
    if endpoint.path.startswith("/api/"):
        assert limited.json()["error"]["code"] == "rate_limited"
        assert limited.json()["error"]["message"].startswith("Too many")
    else:
        assert limited["Content-Type"].startswith("text/html")
        assert "Too many" in limited.content.decode()
    # Another client still gets in.
    assert endpoint.send(client, method, REMOTE_ADDR="203.0.113.50").status_code != 429


@pytest.mark.django_db
def test_it_knows_every_endpoint_reachable_without_signing_in(settings):
    """Every URL is tried without signing in with GET and POST; whatever answers anything
    but "sign in", 401, 403 or 405 must carry a limit or be EXEMPT."""
    for name in dir(settings):
        if name.endswith("_LIMIT") and isinstance(getattr(settings, name), int):
            setattr(settings, name, 100_000)
    client = Client()
    limited = {endpoint.route for endpoint in LIMITED}
    unlisted, admin_seen = [], False
    for route, callback in _walk(get_resolver()):
        if callback is None:  # the admin guards each of its views: spot-check it does
            admin_seen = True
            for path in ("/admin/", "/admin/accounts/user/", "/admin/auth/group/1/change/"):
                assert _signs_in_or_refuses(client.get(path)), path
            continue
        if _is_api_operation(callback):
            continue  # the next two tests
        answers = [client.generic(method, _sample(route)) for method in ("GET", "POST")]
        if all(_signs_in_or_refuses(answer) for answer in answers):
            continue
        if route not in limited and route not in EXEMPT:
            unlisted.append((route, [answer.status_code for answer in answers]))
    assert admin_seen
    assert not unlisted, f"public but not rate-limited: {unlisted}"


def test_it_limits_every_public_api_operation_in_the_schema():
    from sanbao.config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    public = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if not operation.get("security")
    }
    limited = {(method, path) for method, path, view in _public_operations() if _limit_of(view)}
    assert public == limited
    assert ("GET", "/api/v1/warranty/{serial}") in public


@pytest.mark.django_db
def test_it_counts_the_warranty_check_page_and_api_together(settings):
    settings.PUBLIC_CHECK_LIMIT = 2
    client = Client()
    assert client.get(f"/w/{SERIAL}").status_code == 404
    assert client.get(f"/api/v1/warranty/{SERIAL}").status_code == 404
    assert client.get(f"/w/{SERIAL}").status_code == 429


@pytest.mark.django_db
def test_it_says_so_in_the_language_of_the_request(settings):
    settings.LOGIN_RATE_LIMIT = 1
    settings.PUBLIC_CHECK_LIMIT = 1
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    for _ in range(2):
        page = client.get("/accounts/login/")
        api = client.get(f"/api/v1/warranty/{SERIAL}")
    assert page.status_code == api.status_code == 429
    assert "尝试次数过多" in page.content.decode()
    assert 'data-code="rate_limited"' in page.content.decode()
    assert api.json()["error"]["message"].startswith("查询过于频繁")


@pytest.mark.django_db
def test_it_limits_failed_api_authentication_on_every_other_operation(settings):
    """Each operation that needs a user answers 401 without one; once a client has failed
    API_AUTH_FAILURE_LIMIT times, each answers 429 without looking at the token."""
    from sanbao.config.api import api

    settings.API_AUTH_FAILURE_LIMIT = 1
    settings.API_AUTH_FAILURE_WINDOW_SECONDS = 3600
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    secured = [
        (method.upper(), re.sub(r"{\w+}", "1", path))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    ]
    assert len(secured) > 30
    bad_token = {"HTTP_AUTHORIZATION": "Bearer sb_not-a-token"}
    client = Client()
    first = client.generic(*secured[0], **bad_token)
    assert first.status_code == 401
    for method, path in secured:
        refused = client.generic(method, path, **bad_token)
        assert refused.status_code == 429, (method, path, refused.status_code)
        assert refused.json()["error"]["code"] == "rate_limited"
        assert int(refused["Retry-After"]) >= 1
    elsewhere = client.generic(*secured[0], REMOTE_ADDR="203.0.113.51")
    assert elsewhere.status_code == 401


@pytest.mark.django_db
def test_it_lets_a_valid_token_through_until_failures_spend_the_limit(settings, make_user):
    from sanbao.accounts.tokens import api_token_issue

    settings.API_AUTH_FAILURE_LIMIT = 2
    user = make_user("manager")
    _token, raw = api_token_issue(user=user, name="integration")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for _ in range(5):
        assert client.get("/api/v1/accounts/me").status_code == 200  # successes count nothing
    for _ in range(2):
        client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer sb_wrong")
    assert client.get("/api/v1/accounts/me").status_code == 429
