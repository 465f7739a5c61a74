"""rate_limit_wait: a fixed window per client and scope, and how long to wait when over."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import RequestFactory

from sanbao.config import rate_limit
from sanbao.config.rate_limit import client_key, rate_limit_wait

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
