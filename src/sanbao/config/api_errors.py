"""Every error under /api/ speaks DESIGN §6's JSON shape, whatever part of Django raised it."""

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanbao.config.errors import error_body

logger = logging.getLogger(__name__)

# Pydantic's English messages, by error type, in the words people read.
_FIELD_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_too_short": gettext_lazy("This value is too short."),
    "string_too_long": gettext_lazy("This value is too long."),
    "string_type": gettext_lazy("Enter text."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "date_from_datetime_parsing": gettext_lazy("Enter a valid date (YYYY-MM-DD)."),
    "date_parsing": gettext_lazy("Enter a valid date (YYYY-MM-DD)."),
    "datetime_parsing": gettext_lazy("Enter a valid date and time."),
    "enum": gettext_lazy("Choose one of the allowed values."),
    "literal_error": gettext_lazy("Choose one of the allowed values."),
    "greater_than_equal": gettext_lazy("This value is too small."),
    "less_than_equal": gettext_lazy("This value is too large."),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
    "value_error": gettext_lazy("This value is not valid."),
}

_STATUS_CODES = {
    400: ("bad_request", gettext_lazy("The request could not be understood.")),
    401: ("not_authenticated", gettext_lazy("Sign in or send a valid API token.")),
    403: ("forbidden", gettext_lazy("You are not allowed to do this.")),
    404: ("not_found", gettext_lazy("No API endpoint at this address.")),
    405: ("method_not_allowed", gettext_lazy("This method is not allowed here.")),
    413: ("too_large", gettext_lazy("The request is too large.")),
    415: ("unsupported_media_type", gettext_lazy("This content type is not supported.")),
    429: ("rate_limited", gettext_lazy("Too many requests; slow down and try again later.")),
    503: (
        "unavailable",
        gettext_lazy("The service is briefly unavailable. Please try again in a minute."),
    ),
}


def validation_fields(errors: list[dict[str, Any]]) -> dict[str, str]:
    """{"payload.name": "This field is required."} from Pydantic's error list."""
    fields: dict[str, str] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body",)]
        name = ".".join(location[1:] if len(location) > 1 else location) or "body"
        message = _FIELD_MESSAGES.get(error.get("type", ""))
        fields.setdefault(name, str(message) if message else str(error.get("msg", "")))
    return fields


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiErrorShapeMiddleware:
    """Turns HTML error pages (CSRF, 405, 500…) under /api/ into the JSON error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if _is_json(response) or response.streaming:
            return response
        code, message = _STATUS_CODES.get(
            response.status_code, ("error", gettext_lazy("The request failed."))
        )
        shaped = JsonResponse(error_body(code, str(message)), status=response.status_code)
        if response.has_header("Allow"):
            shaped["Allow"] = response["Allow"]
        return shaped

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith("/api/"):
            return None
        if isinstance(exception, Http404 | PermissionDenied):
            return None  # Django answers 404 / 403, which __call__ then reshapes
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return JsonResponse(
            error_body(
                "internal_error", _("Something went wrong on our side; it has been logged.")
            ),
            status=500,
        )


def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    code, message = _STATUS_CODES[404]
    return JsonResponse(error_body(code, str(message)), status=404)
