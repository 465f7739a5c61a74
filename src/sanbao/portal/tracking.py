"""The customer's tracking pages: find an order, follow it, answer a quote, print the card."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from sanbao.config.errors import DomainError
from sanbao.config.rate_limit import rate_limited
from sanbao.service.card import service_card_pdf
from sanbao.service.models import Action, ServiceOrder, Shipment
from sanbao.service.quotes import quote_decide
from sanbao.service.tracking import SESSION_KEY, order_track


@rate_limited("track-short")
def track_short(request: HttpRequest, number: str) -> HttpResponse:
    """The QR code on the card: straight to the order if this browser already found it."""
    if number.upper() in request.session.get(SESSION_KEY, []):
        return redirect("portal:track_order", number=number.upper())
    return redirect(f"{_form_url()}?card={number.upper()[:24]}")


def _form_url() -> str:
    return reverse("portal:track")


def _card(request: HttpRequest) -> str:
    return (request.POST.get("card") or request.GET.get("card") or "").strip().upper()[:24]


def _find_refused(request: HttpRequest, error: DomainError) -> HttpResponse:
    context = {"card": _card(request), "error": error.message}
    response = render(request, "portal/track_find.html", context, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


@rate_limited("track", "PUBLIC_CHECK_LIMIT", "PUBLIC_CHECK_WINDOW_SECONDS", page=_find_refused)
def track_find(request: HttpRequest) -> HttpResponse:
    card = _card(request)
    context = {"card": card}
    if request.method != "POST":
        return render(request, "portal/track_find.html", context)
    try:
        order = order_track(number=card, phone_last4=request.POST.get("phone_last4", ""))
    except DomainError as error:
        return _find_refused(request, error)
    tracked = [n for n in request.session.get(SESSION_KEY, []) if n != order.number]
    request.session[SESSION_KEY] = [*tracked[-9:], order.number]
    return redirect("portal:track_order", number=order.number)


def _tracked(request: HttpRequest, number: str) -> ServiceOrder:
    if number not in request.session.get(SESSION_KEY, []):
        raise Http404
    order = (
        ServiceOrder.objects.select_related("brand", "outlet", "model", "customer")
        .filter(number=number)
        .first()
    )
    if order is None:
        raise Http404
    return order


@rate_limited("track-order")
def track_order(request: HttpRequest, number: str) -> HttpResponse:
    if number not in request.session.get(SESSION_KEY, []):
        return redirect(f"{_form_url()}?card={number[:24]}")
    order = _tracked(request, number)
    context = {
        "order": order,
        "events": order.events.exclude(action=Action.OVERDUE),
        "quote": order.quotes.first(),
        "parcels": order.shipments.filter(leg=Shipment.Leg.TO_CUSTOMER),
    }
    return render(request, "portal/track_order.html", context)


@rate_limited("track-quote")
@require_POST
def track_quote(request: HttpRequest, number: str) -> HttpResponse:
    order = _tracked(request, number)
    try:
        quote_decide(number=order.number, approve=request.POST.get("answer") == "approve", by=None)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("portal:track_order", number=order.number)


@rate_limited("track-card", "PUBLIC_PDF_LIMIT", "PUBLIC_PDF_WINDOW_SECONDS")
@require_GET
def track_card(request: HttpRequest, number: str) -> HttpResponse:
    order = _tracked(request, number)
    language = get_language() if get_language() in ("en", "zh-hans") else "zh-hans"
    response = HttpResponse(service_card_pdf(order=order, language=language), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.number}.pdf"'
    return response
