"""The HTTP API at /api/v1/: one NinjaAPI, its routers, and DESIGN §6's JSON errors."""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import Error as DatabaseDriverError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sanbao.accounts.api import router as accounts_router
from sanbao.accounts.api_auth import api_auth
from sanbao.claims.api import router as claims_router
from sanbao.config.api_errors import validation_fields
from sanbao.config.api_text import text_checked
from sanbao.config.database_unavailable import database_unavailable, database_unavailable_response
from sanbao.config.errors import DomainError, error_body
from sanbao.config.rate_limit import rate_limit_spent, rate_limit_wait, rate_limited
from sanbao.feedback.api import router as feedback_router
from sanbao.insights.api import router as insights_router
from sanbao.insights.quality_api import router as quality_router
from sanbao.privacy.api import router as privacy_router
from sanbao.returns.api import router as returns_router
from sanbao.service.api import router as service_router
from sanbao.warranty.api import router as warranty_router

logger = logging.getLogger(__name__)

_AUTH_FAILURES = "api-auth"


def _auth_failures_limits() -> dict[str, Any]:
    return {
        "scope": _AUTH_FAILURES,
        "limit": settings.API_AUTH_FAILURE_LIMIT,
        "window": settings.API_AUTH_FAILURE_WINDOW_SECONDS,
    }


def _auth_failures_guard(request: HttpRequest) -> None:
    """First in the authentication list: a client that failed to authenticate
    API_AUTH_FAILURE_LIMIT times this window gets 429 without its token being looked up.
    Otherwise it authenticates no one (None), and the real methods follow."""
    wait = rate_limit_spent(request, **_auth_failures_limits())
    if wait:
        raise DomainError(
            "rate_limited",
            _("Too many tries from your network: wait %(seconds)s seconds.") % {"seconds": wait},
            status=429,
            headers={"Retry-After": str(wait)},
        )


api = NinjaAPI(
    title="Sanbao API",
    version="1",
    description="Sanbao after-sales service API. Errors are "
    '`{"error": {"code", "message", "fields"}}`; send `Accept-Language: zh-hans` for Chinese '
    "messages and an `Idempotency-Key` header on writes. Public operations are rate-limited "
    "per client, and so are failed authentications: over a limit → 429 `rate_limited` with "
    "`Retry-After`. The database out of reach → 503 `unavailable` with `Retry-After`.",
    auth=[_auth_failures_guard, *api_auth],
    urls_namespace="api",
    docs_decorator=rate_limited("api-docs"),
)
api.add_router("/accounts", accounts_router)
api.add_router("/warranty", warranty_router)
api.add_router("/service-orders", service_router)
api.add_router("/return-batches", returns_router)
api.add_router("/damage-claims", claims_router)
api.add_router("/insights", insights_router)
api.add_router("/insights", quality_router)
api.add_router("", feedback_router)  # /surveys/{token} (public) and /follow-ups
api.add_router("", privacy_router)  # /privacy/... (public) and /customers/{id}/data-requests
api.add_decorator(text_checked)  # 422 for a NUL character anywhere in the input


def _error(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> HttpResponse:
    return api.create_response(request, error_body(code, message, fields), status=status)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    response = _error(request, exc.status, exc.code, exc.message, exc.fields)
    for name, value in exc.headers.items():
        response[name] = value
    return response


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(
        request,
        422,
        "invalid_input",
        _("Some fields are missing or not valid."),
        validation_fields(exc.errors),
    )


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    rate_limit_wait(request, **_auth_failures_limits())  # counted; the guard refuses the next
    return _error(request, 401, "not_authenticated", _("Sign in or send a valid API token."))


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", _("You are not allowed to do this."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "too_large", _("The request is too large."))


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _error(request, 400, "bad_request", _("The uploaded form data cannot be read."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(DatabaseDriverError)
def _database_error(request: HttpRequest, exc: DatabaseDriverError) -> HttpResponse:
    if database_unavailable(exc):
        return database_unavailable_response(request, exc)
    return _unexpected(request, exc)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled API error on %s %s", request.method, request.path)
    return _error(
        request, 500, "internal_error", _("Something went wrong on our side; it has been logged.")
    )
