"""The after-sale service card: the customer's printed record of a product handed over.

It carries the card number and a QR code of the tracking page, what was received and the
warranty decision in the customer's language; of the customer only the name and the
masked phone, never the full number or the address.
"""

import base64
from typing import Any
from zoneinfo import ZoneInfo

import segno
from django.utils import timezone, translation

from sanbao.service.models import ServiceOrder
from sanbao.service.presenters import order_tracking_url
from sanbao.warranty import labels

# The card is read in China: times on it are Beijing time, whatever the server runs on.
CHINA = ZoneInfo("Asia/Shanghai")


def service_card_pdf(*, order: ServiceOrder, language: str) -> bytes:
    """The order's service card, one A5 page, in `language` ("en" or "zh-hans")."""
    with translation.override(language):
        context = service_card_context(order)
    # WeasyPrint takes a second to import: only processes that print pay for it, not every
    # web and worker process that loads the URLs.
    from sanbao.documents.rendering import pdf_render

    return pdf_render(template="service/card.html", context=context, language=language)


def service_card_context(order: ServiceOrder) -> dict[str, Any]:
    """What the card shows, in the active language. The order itself stays out of the
    template, so that no later edit can print the customer's phone or address by mistake."""
    decision = order.decision or {}
    tracking_url = order_tracking_url(order)
    deadlines = decision.get("deadlines", [])
    repair_due: dict[str, Any] = next((d for d in deadlines if d["kind"] == "repair_due"), {})
    return {
        "number": order.number,
        "brand": order.brand,
        "brand_name": order.brand.name,
        "outlet": order.outlet,
        "outlet_name": order.outlet.name,
        "registered_on": timezone.localdate(order.created_at, CHINA),
        "intake_label": order.get_intake_display(),
        "customer_name": order.customer.name,
        "masked_phone": card_phone(order.customer.phone),
        "model_name": order.model.name,
        "sku": order.model.sku,
        "serial": order.serial,
        "purchase_date": order.purchase_date,
        "warranty_card_number": order.warranty_card_number,
        "fault_label": order.fault_label,
        "fault_description": order.fault_description,
        "accessories_label": order.accessories_label,
        "condition_notes": order.condition_notes,
        "tracking_url": tracking_url,
        "qr_code": segno.make(tracking_url, error="m").svg_data_uri(omitsize=True, border=0),
        "coverage_label": order.coverage_label,
        "remedy_label": labels.label(labels.REMEDIES, decision.get("recommended", "")),
        "reasons": [
            {
                "clause_id": reason["clause_id"],
                "text": reason["text_zh"] if labels.zh_active() else reason["text_en"],
            }
            for reason in decision.get("reasons", [])
        ],
        "serious": order.serious,
        "due_on": order.due_on,
        "repair_days": repair_due.get("working_days"),
        "signature": _signature(order),
    }


def _signature(order: ServiceOrder) -> dict[str, str] | None:
    if not order.signature:
        return None
    with order.signature.open("rb") as image:
        png = image.read()
    signed_at = timezone.localtime(order.signed_at, CHINA) if order.signed_at else None
    return {
        "image": f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}",
        "signed_at": f"{signed_at:%Y-%m-%d %H:%M} (UTC+8)" if signed_at else "",
        "content_hash": order.signed_content_hash[:12],
    }


def card_phone(e164: str) -> str:
    """The phone as printed on the card: the last four digits are the customer's key to the
    tracking page, so unlike lists (138****1234) the card hides them too."""
    national = e164.removeprefix("+86")
    return f"{national[:3]}****{'*' * 4}" if len(national) == 11 else "****"
