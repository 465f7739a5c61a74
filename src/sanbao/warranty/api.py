"""API of the warranty engine and the public warranty check by serial."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Router
from ninja.params import functions as param
from ninja.responses import NinjaJSONEncoder

from sanbao.accounts.http import SignedInRequest
from sanbao.config.api_schemas import ErrorOut
from sanbao.config.rate_limit import api_rate_limited
from sanbao.warranty import services
from sanbao.warranty.presenters import decision_as_dict
from sanbao.warranty.schemas import DecisionOut, FactsIn, SerialStatusOut
from sanbao.warranty.serial_presenter import serial_status_as_dict
from sanbao.warranty.serial_status import serial_warranty_status

router = Router(tags=["warranty"])


@router.post(
    "/decisions",
    response=DecisionOut,
    summary="Decide a claim: facts → coverage, remedies, charges, deadlines, reasons",
)
def decision_create(request: SignedInRequest, payload: FactsIn) -> dict[str, Any]:
    if not request.user.has_perm("warranty.simulate_decision"):
        raise PermissionDenied
    facts = payload.model_dump(exclude={"policy", "serial"})
    decision = services.warranty_decide(
        policy_id=payload.policy, facts=facts, serial=payload.serial
    )
    return decision_as_dict(decision)


# The public check by serial, here and at /w/<serial>: one counter ("warranty-check") per
# client for both.
TOO_MANY_LOOKUPS = gettext_lazy("Too many lookups; try again in %(seconds)s seconds.")


@router.get(
    "/{serial}",
    auth=None,
    response={200: SerialStatusOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Public warranty and recall status of a unit, by serial (no personal data)",
)
@api_rate_limited(
    "warranty-check", "PUBLIC_CHECK_LIMIT", "PUBLIC_CHECK_WINDOW_SECONDS", message=TOO_MANY_LOOKUPS
)
def serial_status(
    request: HttpRequest,
    serial: str = param.Path(..., max_length=64, description="As printed or in its QR code"),
    brand: str | None = param.Query(None, max_length=20, description="Brand, if brands share it"),
) -> HttpResponse:
    status = serial_warranty_status(serial=serial, brand=brand, today=timezone.localdate())
    # Built to SerialStatusOut already: skip re-validating it (a third of the request's time).
    return JsonResponse(serial_status_as_dict(status), encoder=NinjaJSONEncoder)
