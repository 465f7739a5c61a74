"""A service order as API data; personal data masked."""

from typing import Any

from django.conf import settings

from sanbao.service.models import ServiceOrder
from sanbao.service.signatures import signature_intact


def service_order_summary(order: ServiceOrder) -> dict[str, Any]:
    return {
        "number": order.number,
        "status": order.status,
        "status_label": order.get_status_display(),
        "brand": order.brand.code,
        "outlet": order.outlet.code,
        "at_hq": order.at_hq,
        "intake": order.intake,
        "customer": str(order.customer),
        "model": order.model.sku,
        "serial": order.serial,
        "fault_code": order.fault_code,
        "coverage": order.coverage,
        "serious": order.serious,
        "due_on": order.due_on,
        "created_at": order.created_at,
    }


def service_order_as_dict(order: ServiceOrder, *, just_registered: bool = False) -> dict[str, Any]:
    """The whole order; a just-registered one has no quote, parts, shipments or signature
    yet, so those are not queried."""
    quote = None if just_registered else order.quotes.first()
    return service_order_summary(order) | {
        "purchase_date": order.purchase_date,
        "accessories_received": order.accessories_received,
        "findings": order.findings,
        "exclusions": order.exclusions,
        "failed_repairs": order.failed_repairs,
        "labour_minutes": order.labour_minutes,
        "replacement_serial": order.replacement_unit.serial if order.replacement_unit else None,
        "decision": order.decision,
        "quote": None
        if quote is None
        else {
            "lines": quote.lines,
            "parts_total": quote.parts_total,
            "labour": quote.labour,
            "freight": quote.freight,
            "total": quote.total,
            "status": quote.status,
            "decided_via": quote.decided_via,
        },
        "parts_used": [
            {"code": use.part.code, "quantity": use.quantity, "charged_each": use.charged_each}
            for use in ([] if just_registered else order.parts_used.select_related("part"))
        ],
        "shipments": [
            {
                "leg": shipment.leg,
                "courier": shipment.courier,
                "tracking_number": shipment.tracking_number,
                "shipped_at": shipment.shipped_at,
            }
            for shipment in ([] if just_registered else order.shipments.all())
        ],
        "signed_at": order.signed_at,
        "signature_intact": None if just_registered else signature_intact(order),
        "events": [
            {
                "action": event.action,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "note": event.note,
                "by": event.by.username if event.by else None,
                "at": event.at,
            }
            for event in order.events.select_related("by")
        ],
    }


def order_tracking_url(order: ServiceOrder) -> str:
    """The customer's tracking page of an order: short, for the QR code on the card."""
    return f"{settings.PUBLIC_URL}/t/{order.number}"
