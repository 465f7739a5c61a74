"""The database out of reach answers 503 with Retry-After, as JSON under /api/ and as a short
page elsewhere, whichever part of the request met the failure; a mistake still answers 500.
(tests/config/test_database_restart.py stops a real PostgreSQL server.)"""

import sqlite3

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import Client

from sanbao.config.database_unavailable import RETRY_AFTER_SECONDS, database_unavailable

pytestmark = pytest.mark.django_db

REFUSED = OperationalError(
    'connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection refused'
)


@pytest.fixture
def database_down(monkeypatch):
    """The portal's and the API's first query fail as when PostgreSQL is stopped."""

    def refuse(*args, **kwargs):
        raise REFUSED

    monkeypatch.setattr("sanbao.portal.views.selectors.brands_with_outlets", refuse)
    monkeypatch.setattr("sanbao.warranty.api.serial_warranty_status", refuse)
    monkeypatch.setattr("sanbao.accounts.api_auth.api_token_user", refuse)
    return monkeypatch


def _sqlite_error(name: str) -> OperationalError:
    cause = sqlite3.OperationalError(name.lower())
    cause.sqlite_errorname = name  # type: ignore[attr-defined]
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


def test_it_tells_unavailable_from_mistakes():
    assert database_unavailable(REFUSED)
    assert database_unavailable(InterfaceError("connection already closed"))
    assert database_unavailable(_sqlite_error("SQLITE_BUSY"))  # database is locked
    assert database_unavailable(_sqlite_error("SQLITE_CANTOPEN"))
    assert not database_unavailable(_sqlite_error("SQLITE_ERROR"))  # no such table, syntax
    assert not database_unavailable(IntegrityError("duplicate key"))
    assert not database_unavailable(RuntimeError("boom"))
    assert not database_unavailable(None)


def test_it_answers_a_page_with_503_and_retry_after(database_down, client):
    page = client.get("/portal/")

    assert page.status_code == 503
    assert page["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert page["Cache-Control"] == "no-store"
    assert page["Content-Type"].startswith("text/html")
    text = page.content.decode()
    assert 'data-code="unavailable"' in text
    assert "Temporarily unavailable" in text
    assert "Please try again in a minute." in text


def test_it_answers_the_page_in_the_language_of_the_request(database_down):
    page = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/portal/")
    assert page.status_code == 503
    assert '<html lang="zh-Hans">' in page.content.decode()
    assert page["Content-Language"] == "zh-hans"


def test_it_answers_the_api_with_the_error_shape(database_down, client):
    response = client.get("/api/v1/warranty/TOP0000000001")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    error = response.json()["error"]
    assert error["code"] == "unavailable"
    assert error["message"] == "The service is briefly unavailable. Please try again in a minute."
    assert error["fields"] == {}


def test_it_answers_503_when_authentication_meets_the_failure(database_down, client):
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer sb_abc_def")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"


def test_it_answers_503_when_a_middleware_meets_the_failure(monkeypatch):
    """Sessions are saved after the view, by middleware: Django has made the failure a 500
    by then, which becomes the 503."""
    from django.contrib.sessions.backends.db import SessionStore

    def refuse(self, must_create=False):
        raise REFUSED

    monkeypatch.setattr(SessionStore, "save", refuse)
    client = Client(raise_request_exception=False)

    page = client.post("/accounts/language/", {"language": "zh-hans"})  # writes the session

    assert page.status_code == 503
    assert page["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert 'data-code="unavailable"' in page.content.decode()


def test_it_answers_503_from_idempotency_records_too(monkeypatch, make_user):
    from sanbao.accounts.models import IdempotencyRecord
    from sanbao.accounts.tokens import api_token_issue

    _token, raw = api_token_issue(user=make_user("manager"), name="t")

    def refuse(*args, **kwargs):
        raise REFUSED

    monkeypatch.setattr(IdempotencyRecord.objects, "create", refuse)
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.post(
        "/api/v1/accounts/me/tokens", {"name": "x"}, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )  # fmt: skip
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"


def test_it_answers_503_in_debug_mode_too(database_down, client, settings):
    settings.DEBUG = True
    assert client.get("/portal/").status_code == 503


def test_it_answers_again_once_the_database_is_back(database_down, client):
    assert client.get("/portal/").status_code == 503
    database_down.undo()
    assert client.get("/portal/").status_code == 200


def test_it_still_answers_500_for_a_mistake(monkeypatch):
    def mistake(*args, **kwargs):
        raise _sqlite_error("SQLITE_ERROR")

    monkeypatch.setattr("sanbao.portal.views.selectors.brands_with_outlets", mistake)
    monkeypatch.setattr("sanbao.warranty.api.serial_warranty_status", mistake)
    client = Client(raise_request_exception=False)
    assert client.get("/portal/").status_code == 500
    api = client.get("/api/v1/warranty/TOP0000000001")
    assert api.status_code == 500
    assert api.json()["error"]["code"] == "internal_error"
