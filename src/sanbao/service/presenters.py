"""A service order as API data; personal data masked."""

from typing import Any

from django.conf import settings

from sanbao.service.models import ServiceOrder


def service_order_as_dict(order: ServiceOrder) -> dict[str, Any]:
    return {
        "number": order.number,
        "status": order.status,
        "status_label": order.get_status_display(),
        "brand": order.brand.code,
        "outlet": order.outlet.code,
        "intake": order.intake,
        "customer": str(order.customer),
        "model": order.model.sku,
        "serial": order.serial,
        "purchase_date": order.purchase_date,
        "fault_code": order.fault_code,
        "accessories_received": order.accessories_received,
        "coverage": order.coverage,
        "serious": order.serious,
        "due_on": order.due_on,
        "decision": order.decision,
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
        "created_at": order.created_at,
    }


def order_tracking_url(order: ServiceOrder) -> str:
    """The customer's tracking page of an order: short, for the QR code on the card."""
    return f"{settings.PUBLIC_URL}/t/{order.number}"
