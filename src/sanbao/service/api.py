"""API of the maintenance register: register, list, read, and move orders along."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import ServiceOutlet
from sanbao.config.api_schemas import ErrorOut
from sanbao.config.errors import DomainError
from sanbao.service.events import OrderEvent, order_event_apply
from sanbao.service.intake import IntakeDetails, service_order_register
from sanbao.service.parts import PartLine
from sanbao.service.presenters import service_order_as_dict, service_order_summary
from sanbao.service.schemas import (
    OrderEventIn,
    OrderListQuery,
    ServiceOrderIn,
    ServiceOrderOut,
    ServiceOrderPageOut,
)
from sanbao.service.selectors import OrderFilter, service_order_get, service_orders_filter

router = Router(tags=["service orders"])


@router.post(
    "",
    response={201: ServiceOrderOut, 403: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    summary="Register a product at an outlet; returns the service card number",
)
def service_order_create(
    request: SignedInRequest, payload: ServiceOrderIn
) -> Status[dict[str, Any]]:
    if not request.user.has_perm("service.add_serviceorder"):
        raise PermissionDenied
    outlet = ServiceOutlet.objects.filter(code=payload.outlet, is_active=True).first()
    if outlet is None:
        message = _("There is no outlet %(outlet)s.") % {"outlet": payload.outlet}
        raise DomainError.invalid("outlet", message)
    customer = payload.customer
    details = IntakeDetails(
        customer_name=customer.name,
        customer_phone=customer.phone,
        customer_language=customer.language,
        customer_email=customer.email,
        customer_address={
            "province": customer.province, "city": customer.city,
            "district": customer.district, "address_detail": customer.address_detail,
        },
        notifications_agreed=customer.notifications_agreed,
        brand_code=payload.brand,
        **payload.model_dump(exclude={"customer", "outlet", "brand"}),
    )  # fmt: skip
    try:
        order = service_order_register(outlet=outlet, details=details, by=request.user)
    except DomainError as error:
        # The customer's fields sit under "customer" in this payload.
        error.fields = {
            f"customer.{name}" if name in ("name", "phone", "email") else name: message
            for name, message in error.fields.items()
        }
        raise
    return Status(201, service_order_as_dict(order, just_registered=True))


@router.get(
    "/{number}",
    response={200: ServiceOrderOut, 404: ErrorOut},
    summary="A service order and its timeline",
)
def service_order_read(request: SignedInRequest, number: str) -> dict[str, Any]:
    if not request.user.has_perm("service.view_serviceorder"):
        raise PermissionDenied
    return service_order_as_dict(service_order_get(user=request.user, number=number))


@router.get(
    "",
    response={200: ServiceOrderPageOut, 422: ErrorOut},
    summary="Service orders, most urgent first",
)
def service_order_list(request: SignedInRequest, filters: Query[OrderListQuery]) -> dict[str, Any]:
    if not request.user.has_perm("service.view_serviceorder"):
        raise PermissionDenied
    criteria = OrderFilter(**filters.model_dump(exclude={"limit", "offset"}))
    orders = service_orders_filter(user=request.user, criteria=criteria)
    page = orders[filters.offset : filters.offset + filters.limit]
    return {"count": orders.count(), "items": [service_order_summary(order) for order in page]}


@router.post(
    "/{number}/events",
    response={
        200: ServiceOrderOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
    },
    summary="One transition of the order: diagnose, quote, repair, hand back, cancel…",
    description="Actions not allowed from the order's status answer 409 illegal_transition.",
)
def service_order_event(
    request: SignedInRequest, number: str, payload: OrderEventIn
) -> dict[str, Any]:
    if not request.user.has_perm("service.view_serviceorder"):
        raise PermissionDenied
    event = OrderEvent(
        **payload.model_dump(exclude={"parts"}),
        parts=[PartLine(line.code, line.quantity) for line in payload.parts],
    )
    order_event_apply(number=number, event=event, by=request.user)
    return service_order_as_dict(service_order_get(user=request.user, number=number))
