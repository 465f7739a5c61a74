"""A bad environment value stops startup with a message naming the variable."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from sanbao.config import env


def _startup(**variables: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **variables}
    return subprocess.run(
        [sys.executable, "-m", "sanbao", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/sanbao"),
        ("REDIS_URL", "http://localhost:6379"),
        ("LOGIN_FAILURE_LIMIT", "five"),
        ("LOG_LEVEL", "LOUD"),
        ("SECRET_KEY", "short"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
    ],
)
def test_it_stops_startup_naming_the_bad_variable(variable, value):
    result = _startup(**{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_it_requires_a_secret_key_when_debug_is_off():
    result = _startup(DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_reads_typed_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", " 42 ")
    monkeypatch.setenv("X_LIST", "a.example, b.example")
    assert env.env_bool("X_BOOL", False) is True
    assert env.env_int("X_INT", 0) == 42
    assert env.env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_INT", "-1")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env.env_int("X_INT", 0, minimum=0)
    monkeypatch.setenv("X_LIST", " , ")
    with pytest.raises(ImproperlyConfigured, match="X_LIST"):
        env.env_list("X_LIST", [])


def test_it_runs_sqlite_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


@pytest.mark.django_db
def test_it_uses_the_configured_database_queue_and_cache(settings):
    from django.core.cache import caches
    from django.db import connection
    from huey.contrib.djhuey import HUEY

    database_url = os.environ.get("DATABASE_URL", "sqlite://")
    expected_vendor = "postgresql" if database_url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected_vendor
    redis = bool(os.environ.get("REDIS_URL"))
    assert type(HUEY).__name__ == ("RedisHuey" if redis else "SqliteHuey")
    assert type(caches["default"]).__name__ == ("RedisCache" if redis else "LocMemCache")
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
