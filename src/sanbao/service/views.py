"""Pages of the maintenance register: act on an order, print its card."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanbao.accounts.http import SignedInRequest
from sanbao.config.errors import DomainError
from sanbao.service.card import service_card_pdf
from sanbao.service.events import order_event_apply
from sanbao.service.forms import OrderEventForm
from sanbao.service.models import Action, ServiceOrder
from sanbao.service.selectors import service_order_get
from sanbao.service.signatures import signature_intact
from sanbao.service.workflow import actions_allowed
from sanbao.warranty import labels
from sanbao.warranty.selectors import working_calendar


def _order(request: SignedInRequest, number: str) -> ServiceOrder:
    if not request.user.has_perm("service.view_serviceorder"):
        raise PermissionDenied
    try:
        return service_order_get(user=request.user, number=number)
    except DomainError:
        raise Http404 from None


def order_url(order: ServiceOrder) -> str:
    return reverse("web:object_detail:service-orders", args=[order.pk])


def order_workspace(request: SignedInRequest, order: ServiceOrder) -> dict[str, Any]:
    """What the order page shows under its fields: work done, and a form per next action."""
    today = timezone.localdate()
    due_in = None
    if order.due_on is not None:
        calendar = working_calendar()
        due_in = calendar.working_days_between(today, order.due_on)
        if order.due_on < today:
            due_in = -max(1, calendar.working_days_between(order.due_on, today))
    return {
        "due_in": due_in,
        "overdue_by": -due_in if due_in is not None and due_in < 0 else 0,
        "remedies": [labels.label(labels.REMEDIES, r) for r in order.decision.get("remedies", [])],
        "action_forms": [
            (Action(action).label, OrderEventForm(order=order, action=action))
            for action in actions_allowed(order=order, user=request.user)
        ],
        "quote": order.quotes.first(),
        "parts_used": order.parts_used.select_related("part", "outlet"),
        "shipments": order.shipments.all(),
        "signature_intact": signature_intact(order),
    }


@login_required
@require_POST
def order_act(request: SignedInRequest, number: str, action: str) -> HttpResponse:
    order = _order(request, number)
    if action not in Action.values or action not in actions_allowed(order=order, user=request.user):
        messages.error(request, _("This action is not open for the order now."))
        return redirect(order_url(order))
    form = OrderEventForm(request.POST, order=order, action=action)
    if form.is_valid():
        try:
            order_event_apply(number=order.number, event=form.event(), by=request.user)
        except DomainError as error:
            for field, message in error.fields.items():
                form.add_error(field if field in form.fields else None, message)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": Action(action).label})
            return redirect(order_url(order))
    context = {"obj": order, "form": form, "label": Action(action).label, "action": action}
    return render(request, "service/order_action.html", context, status=422)


@login_required
@require_GET
def order_card(request: SignedInRequest, number: str) -> HttpResponse:
    order = _order(request, number)
    language = request.GET.get("lang") or get_language()
    if language not in ("en", "zh-hans"):
        raise Http404
    pdf = service_card_pdf(order=order, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.number}-{language}.pdf"'
    return response


@login_required
@require_GET
def order_signature(request: SignedInRequest, number: str) -> HttpResponse:
    order = _order(request, number)
    if not order.signature:
        raise Http404
    with order.signature.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
