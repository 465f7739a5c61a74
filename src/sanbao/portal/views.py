"""Portal pages: the customer's service directory, the warranty check, the dealer's home."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sanbao.accounts.http import SignedInRequest
from sanbao.catalog.serials import serial_normalise
from sanbao.config.errors import DomainError
from sanbao.config.rate_limit import rate_limited
from sanbao.portal import selectors
from sanbao.portal.access import dealer_required
from sanbao.returns.selectors import BatchFilter, batches_filter
from sanbao.warranty.api import TOO_MANY_LOOKUPS
from sanbao.warranty.serial_presenter import serial_status_as_dict
from sanbao.warranty.serial_status import serial_warranty_status


@rate_limited("portal-home")
def customer_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/customer_home.html", {"brands": selectors.brands_with_outlets()})


@dealer_required
def dealer_home(request: SignedInRequest) -> HttpResponse:
    dealer = request.user.dealer
    assert dealer is not None  # dealer_required
    today = timezone.localdate()
    return render(
        request,
        "portal/dealer_home.html",
        {
            "dealer": dealer,
            "brands": dealer.brands.filter(is_active=True),
            "authorised": selectors.dealer_authorised_on(dealer=dealer, day=today),
            "batches": batches_filter(user=request.user, criteria=BatchFilter())[:10],
        },
    )


@rate_limited("warranty-form")
def warranty_check(request: HttpRequest) -> HttpResponse:
    """The serial form; a typed serial goes to its own page, as the box's QR code does."""
    typed = request.GET.get("serial", "").strip()[:64]
    if not typed:
        return render(request, "portal/warranty_check.html", {})
    try:
        serial = serial_normalise(typed)
    except ValidationError as error:
        context = {"serial": typed, "error": error.messages[0], "code": "malformed_serial"}
        return render(request, "portal/warranty_check.html", context, status=422)
    return redirect("warranty_serial", serial=serial)


def _lookup_refused(request: HttpRequest, error: DomainError, serial: str = "") -> HttpResponse:
    response = render(
        request,
        "portal/warranty_check.html",
        {"serial": serial[:64], "error": error.message, "code": error.code},
        status=error.status,
    )
    for name, value in error.headers.items():
        response[name] = value
    return response


@rate_limited(
    "warranty-check", "PUBLIC_CHECK_LIMIT", "PUBLIC_CHECK_WINDOW_SECONDS",
    message=TOO_MANY_LOOKUPS, page=_lookup_refused,
)  # fmt: skip
def warranty_serial(request: HttpRequest, serial: str) -> HttpResponse:
    """Anyone may look a serial up (rate-limited); nothing personal is shown."""
    try:
        status = serial_warranty_status(
            serial=serial, brand=request.GET.get("brand"), today=timezone.localdate()
        )
    except DomainError as error:
        return _lookup_refused(request, error, serial)
    return render(
        request,
        "portal/warranty_check.html",
        {"serial": status.unit.serial, "status": serial_status_as_dict(status)},
    )
