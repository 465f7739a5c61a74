"""The database out of reach (restarting, failing over, locked) answers 503 with Retry-After,
not 500: DESIGN §6's JSON error under /api/, a short translated page elsewhere.

Three routes lead here, all to `database_unavailable_response`:

- a view raises: `DatabaseUnavailableMiddleware.process_exception`;
- a ninja operation (or its authentication) raises: the handler in config/api.py;
- a middleware raises (sessions saved, Idempotency-Key records): Django has already turned
  the exception into a 500 by then, so `got_request_exception` marks the request and the
  middleware, further out, swaps the 500 for the 503.

Recovery needs nothing more: Django closes a connection that failed
(`close_if_unusable_or_obsolete` at the end of the request) and, with `CONN_HEALTH_CHECKS`,
checks a kept connection before the next request uses it.
"""

import logging
import sqlite3
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from sanbao.config.errors import error_body
from sanbao.config.plain_page import plain_page

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
_MARK = "_sanbao_database_unavailable"
# SQLite's operational errors also cover mistakes ("no such table", syntax): only these
# mean "not now".
_SQLITE_TRANSIENT = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR",
                     "SQLITE_FULL", "SQLITE_PROTOCOL", "SQLITE_NOMEM")  # fmt: skip


def database_unavailable(exc: BaseException | None) -> bool:
    """The database could not be reached or could not serve now: try again shortly."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        return str(getattr(cause, "sqlite_errorname", "")).startswith(_SQLITE_TRANSIENT)
    return True  # PostgreSQL: refused or lost connections, shutdown, timeouts, deadlocks


def database_unavailable_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    logger.warning(
        "Database unavailable on %s %s: %s",
        request.method, request.path, str(exc).strip().splitlines()[0] if str(exc) else type(exc),
    )  # fmt: skip
    # The language from the cookie or Accept-Language, never from the session (a query).
    with translation.override(translation.get_language_from_request(request)):
        message = _("The service is briefly unavailable. Please try again in a minute.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(error_body("unavailable", message), status=503)
        else:
            response = plain_page(
                request, status=503, code="unavailable", title=_("Temporarily unavailable"),
                message=message,
            )  # fmt: skip
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Outside sessions, authentication and Idempotency-Key handling, so that a failure in
    any of them becomes the 503 as well."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        exc = getattr(request, _MARK, None)
        if exc is not None and response.status_code >= 500:
            return database_unavailable_response(request, exc)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if database_unavailable(exception):
            return database_unavailable_response(request, exception)
        return None


def _remember(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Django sends this inside its `except` block, before it renders the 500."""
    exc = sys.exc_info()[1]
    if request is not None and database_unavailable(exc):
        setattr(request, _MARK, exc)


got_request_exception.connect(_remember, dispatch_uid="sanbao.database_unavailable")
