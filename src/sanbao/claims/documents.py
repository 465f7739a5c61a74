"""The printed application form for unpacking damage (seed 003 V and VI): filled in from the
declaration, printed by the dealer, stamped with the unit's official seal, signed, and
uploaded (or faxed) with the delivery note the courier signed.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from sanbao.claims.models import DamageClaim, Desk, EvidenceKind
from sanbao.claims.routing import desk_for
from sanbao.policy.rules import Policy
from sanbao.warranty import labels
from sanbao.warranty.selectors import policy_get

# The documents are read in China: dates and times on them are Beijing time.
CHINA = ZoneInfo("Asia/Shanghai")


def application_form_pdf(*, claim: DamageClaim, language: str) -> bytes:
    """The unpacking-damage application form (V.2), pre-filled, with a box for the seal."""
    return _pdf(
        "claims/documents/application_form.html", language, lambda: application_form_context(claim)
    )


def _pdf(template: str, language: str, context: Callable[[], dict[str, Any]]) -> bytes:
    with translation.override(language):
        values = context()
    # WeasyPrint takes a second to import: only processes that print pay for it.
    from sanbao.documents.rendering import pdf_render

    return pdf_render(template=template, context=values, language=language)


def application_form_context(claim: DamageClaim) -> dict[str, Any]:
    """What the application form shows, in the active language."""
    dealer = claim.dealer
    lines = [
        {"sku": line.model.sku, "name": line.model.name, "quantity": line.quantity}
        for line in claim.lines.select_related("model").order_by("model__sku")
    ]
    kinds = list(claim.evidence.values_list("kind", flat=True))
    return {
        "number": claim.number,
        "brand_name": claim.brand.name,
        "dealer_name": dealer.name,
        "dealer_code": dealer.code,
        "dealer_address": dealer.full_address,
        "dealer_phone": dealer.phone,
        "contact_person": dealer.contact_person,
        "shipment_kind": claim.get_shipment_kind_display(),
        "delivery_note_number": claim.delivery_note_number,
        "order_reference": claim.order_reference,
        "delivery_list": claim.delivery_shipment.number if claim.delivery_shipment else "",
        "signed_for_at": timezone.localtime(claim.signed_for_at, CHINA),
        "report_due_at": timezone.localtime(claim.report_due_at, CHINA),
        "lines": lines,
        "total_quantity": sum(line["quantity"] for line in lines),
        "description": claim.description,
        "seams_total": claim.seams_total,
        "seams_intact": claim.seams_intact,
        "box_damaged": claim.box_damaged,
        "opened_before_courier": claim.opened_before_courier,
        "courier_name": claim.courier_name,
        "courier_work_number": claim.courier_work_number,
        "courier_phone": claim.courier_phone,
        "courier_labels_intact": claim.courier_labels_intact,
        "courier_box_intact": claim.courier_box_intact,
        "actual_weight_kg": claim.actual_weight_kg,
        "shipped_weight_kg": claim.shipped_weight_kg,
        "weight_difference_kg": _difference(claim.actual_weight_kg, claim.shipped_weight_kg),
        "photo_count": kinds.count(EvidenceKind.PHOTO),
        "delivery_note_attached": EvidenceKind.DELIVERY_NOTE in kinds,
        # Before submission the form names the desk the declaration will be routed to.
        "desk": claim.get_desk_display() if claim.desk else _desk_label(desk_for(claim)),
        "clauses": policy_clauses(policy_get(policy_id=claim.brand.policy_id)),
    }


def _desk_label(desk: str) -> str:
    return str(Desk(desk).label) if desk in Desk.values else desk


def _difference(actual: Decimal | None, shipped: Decimal | None) -> Decimal | None:
    return actual - shipped if actual is not None and shipped is not None else None


def policy_clauses(policy: Policy) -> list[dict[str, str]]:
    """The damage clauses the form rests on: id and text in the active language."""
    rules = policy.damage
    if rules is None:
        return []
    ids = dict.fromkeys([rules.clause, rules.application_clause, *rules.inspection_clauses])
    zh = labels.zh_active()
    cited = []
    for clause_id in ids:
        found = policy.clauses.get(clause_id)
        if found is not None:
            cited.append({"id": clause_id, "text": found.zh if zh else found.en})
    return cited
