"""The intake page: the front desk registers a product and sees the decision as it types."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import ServiceOutlet
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.models import Accessory
from sanbao.config.errors import DomainError
from sanbao.service.intake import (
    IntakeDetails,
    intake_decision,
    intake_unit,
    model_accessories,
    service_order_register,
)
from sanbao.service.intake_forms import IntakeForm
from sanbao.service.views import order_url
from sanbao.warranty import labels

# The customer service names its own fields; the form prefixes them.
CUSTOMER_FIELDS = {"name": "customer_name", "phone": "customer_phone", "email": "customer_email"}


@login_required
@permission_required("service.add_serviceorder", raise_exception=True)
def intake_new(request: SignedInRequest) -> HttpResponse:
    form = IntakeForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            order = service_order_register(
                outlet=form.cleaned_data["outlet"],
                details=form.details(),
                by=request.user,
                proof=form.cleaned_data["proof_of_purchase"],
                photos=form.cleaned_data["photos"],
            )
        except DomainError as error:
            for field, message in error.fields.items():
                field = CUSTOMER_FIELDS.get(field, field)
                form.add_error(field if field in form.fields else None, message)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Registered. Service card %(number)s: print it for the customer.")
                % {"number": order.number},
            )
            return redirect(order_url(order))
    context = {"form": form} | _live(request, form.data)
    return render(request, "service/intake.html", context, status=422 if form.errors else 200)


@login_required
@permission_required("service.add_serviceorder", raise_exception=True)
@require_POST
def intake_live(request: SignedInRequest) -> HttpResponse:
    """The unit found and the decision on what is typed so far (htmx, on every change)."""
    return render(request, "service/_intake_live.html", _live(request, request.POST))


def _live(request: SignedInRequest, data: Any) -> dict[str, Any]:
    """Looks the unit up and decides; a message instead when there is not enough yet."""
    checked = data.getlist("accessories_received") if hasattr(data, "getlist") else []
    context: dict[str, Any] = {"accessories": [], "checked": checked}
    outlets = ServiceOutlet.objects.filter(brands__in=user_brands(user=request.user))
    outlet_id = _int(data.get("outlet")) or request.user.outlet_id
    outlet = outlets.filter(pk=outlet_id).first() if outlet_id else None
    if outlet is None or not (data.get("serial") or data.get("model_sku")):
        context["hint"] = _("Type the serial, or choose the model, to see the warranty decision.")
        return context
    details = IntakeDetails(
        customer_name="",
        customer_phone="",
        fault_code=data.get("fault_code") or "no_fault_found",
        serial=data.get("serial", "")[:64],
        model_sku=data.get("model_sku", "")[:40],
        purchase_date=_date(data.get("purchase_date")),
        sales_channel="online" if data.get("sales_channel") == "online" else "offline",
        warranty_card_number=data.get("warranty_card_number", "")[:40],
    )
    try:
        unit, model, _serial = intake_unit(details=details, outlet=outlet)
        decision = intake_decision(
            details=details, model=model, unit=unit, has_proof=data.get("has_proof") == "1"
        )
    except DomainError as error:
        context["hint"] = error.message
        return context
    names = dict(Accessory.choices)
    context.update(
        unit=unit,
        model=model,
        decision=decision,
        coverage_label=labels.label(labels.COVERAGE, decision["coverage"]),
        remedy_labels=[labels.label(labels.REMEDIES, r) for r in decision["remedies"]],
        accessories=[(code, names.get(code, code)) for code in model_accessories(model)],
    )
    return context


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
