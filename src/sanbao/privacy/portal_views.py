"""The customers' own privacy pages: prove the phone with a code, then download a copy of
their personal data or ask for its deletion. The proof lasts 15 minutes in the session."""

import time

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sanbao.config.errors import DomainError
from sanbao.config.rate_limit import rate_limited
from sanbao.customers.models import Customer
from sanbao.policy.rules import Clause
from sanbao.privacy.phone_codes import phone_code_send, phone_code_verify
from sanbao.privacy.requests import data_request_erase, data_request_export, request_holds_text
from sanbao.privacy.views import EXPORT_KINDS, export_response
from sanbao.warranty.selectors import law_policy


def deletion_basis() -> Clause:
    """PIPL-47: deletion when the purpose is met, the period ends, or on request."""
    return law_policy().clause("PIPL-47")


PHONE, CUSTOMER, UNTIL = "privacy_phone", "privacy_customer", "privacy_until"
PROOF_SECONDS = 15 * 60


def _refused(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "privacy/mine_phone.html", {"error": error.message}, status=429)


@never_cache
@rate_limited("privacy-code", "PHONE_CODE_LIMIT", "PHONE_CODE_WINDOW_SECONDS", page=_refused)
@require_http_methods(["GET", "POST"])
def phone_ask(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "privacy/mine_phone.html")
    phone = request.POST.get("phone", "")[:40]
    try:
        phone_code_send(phone=phone)
    except DomainError as error:
        return render(
            request, "privacy/mine_phone.html", {"error": error.message, "phone": phone},
            status=error.status,
        )  # fmt: skip
    request.session[PHONE] = phone
    return redirect("privacy:mine_code")


@never_cache
@rate_limited("privacy-code", "PHONE_CODE_LIMIT", "PHONE_CODE_WINDOW_SECONDS", page=_refused)
@require_http_methods(["GET", "POST"])
def code_check(request: HttpRequest) -> HttpResponse:
    phone = request.session.get(PHONE)
    if not phone:
        return redirect("privacy:mine")
    if request.method == "GET":
        return render(request, "privacy/mine_code.html")
    try:
        customer = phone_code_verify(phone=phone, code=request.POST.get("code", "")[:12])
    except DomainError as error:
        return render(
            request, "privacy/mine_code.html", {"error": error.message}, status=error.status
        )
    request.session.cycle_key()
    request.session[CUSTOMER] = customer.pk
    request.session[UNTIL] = time.time() + PROOF_SECONDS
    request.session.pop(PHONE, None)
    return redirect("privacy:my_data")


def _proven(request: HttpRequest) -> Customer | None:
    customer_id = request.session.get(CUSTOMER)
    if not isinstance(customer_id, int) or request.session.get(UNTIL, 0) < time.time():
        return None
    return Customer.objects.filter(pk=customer_id, erased_at__isnull=True).first()


@never_cache
@rate_limited("privacy-mine")
@require_http_methods(["GET"])
def my_data(request: HttpRequest) -> HttpResponse:
    customer = _proven(request)
    if customer is None:
        return redirect("privacy:mine")
    orders = customer.service_orders.select_related("model").order_by("-created_at")[:50]
    return render(
        request, "privacy/mine_data.html",
        {"customer": customer, "orders": orders, "basis": deletion_basis()},
    )  # fmt: skip


@never_cache
@rate_limited("privacy-mine")
@require_POST
def my_export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in EXPORT_KINDS:
        raise Http404
    customer = _proven(request)
    if customer is None:
        return redirect("privacy:mine")
    data_request_export(customer=customer, via="portal", by=None, where=request.path)
    return export_response(customer, kind, language=request.LANGUAGE_CODE)


@never_cache
@rate_limited("privacy-mine")
@require_POST
def my_erase(request: HttpRequest) -> HttpResponse:
    customer = _proven(request)
    if customer is None:
        return redirect("privacy:mine")
    done = data_request_erase(customer=customer, via="portal", by=None, where=request.path)
    if done.status == done.Status.DONE:
        request.session.flush()
        return render(request, "privacy/mine_erased.html")
    return render(
        request, "privacy/mine_data.html",
        {"customer": customer, "holds": request_holds_text(done), "basis": deletion_basis(),
         "orders": customer.service_orders.select_related("model").order_by("-created_at")[:50]},
    )  # fmt: skip
