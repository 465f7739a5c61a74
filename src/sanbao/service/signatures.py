"""The customer's signature on the service card, sealed with a hash of what they signed.

The hash covers the order's content at signing (customer, unit, malfunction, accessories,
decision, findings, parts, replacement, signing time) and the signature image itself; any
later change to those makes `signature_intact` false, and the card says so.
"""

import base64
import binascii
import hashlib
import io
import json
from datetime import datetime

from django.utils.translation import gettext as _
from PIL import Image

from sanbao.config.errors import DomainError
from sanbao.service.models import ServiceOrder
from sanbao.service.uploads import DECODE_ERRORS

MAX_SIGNATURE_BYTES = 512 * 1024
DATA_URL_PREFIX = "data:image/png;base64,"


def signature_decode(data_url: str) -> bytes:
    """PNG bytes from the signature pad's data URL; 422 for anything else or an empty pad."""
    message = _("Ask the customer to sign in the box.")
    if not data_url.startswith(DATA_URL_PREFIX):
        raise DomainError.invalid("signature", message)
    try:
        png = base64.b64decode(data_url[len(DATA_URL_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise DomainError.invalid("signature", message) from None
    if len(png) > MAX_SIGNATURE_BYTES:
        raise DomainError.invalid("signature", message)
    try:
        with Image.open(io.BytesIO(png)) as image:
            if image.format != "PNG" or not (50 <= image.width <= 4000) or image.height > 4000:
                raise DomainError.invalid("signature", message)
            # An empty pad is a fully transparent (or single-colour) image.
            if len(image.convert("RGBA").getcolors(maxcolors=4096) or [None, None]) < 2:
                raise DomainError.invalid("signature", message)
    except DECODE_ERRORS:  # a broken PNG
        raise DomainError.invalid("signature", message) from None
    return png


def order_content_hash(order: ServiceOrder, *, signed_at: datetime, signature: bytes) -> str:
    content = {
        "number": order.number,
        "brand": order.brand_id,
        "outlet": order.outlet_id,
        "customer": [order.customer_id, order.customer.name, order.customer.phone],
        "model": order.model_id,
        "serial": order.serial,
        "purchase_date": str(order.purchase_date),
        "warranty_card_number": order.warranty_card_number,
        "fault": [order.fault_code, order.fault_description],
        "accessories": order.accessories_received,
        "condition": order.condition_notes,
        "decision": [
            order.coverage,
            order.decision.get("recommended"),
            order.due_on and str(order.due_on),
        ],
        "findings": [order.findings, order.exclusions],
        "parts": [
            [use.part_id, use.quantity, str(use.charged_each)] for use in order.parts_used.all()
        ],
        "replacement": order.replacement_unit_id,
        "signed_at": signed_at.isoformat(),
        "signature": hashlib.sha256(signature).hexdigest(),
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def signature_intact(order: ServiceOrder) -> bool | None:
    """None when unsigned; otherwise whether the order still matches what was signed."""
    if not order.signature or order.signed_at is None:
        return None
    with order.signature.open("rb") as stored:
        signature = stored.read()
    expected = order_content_hash(order, signed_at=order.signed_at, signature=signature)
    return expected == order.signed_content_hash
