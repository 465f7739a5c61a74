"""The policy engine's decision on a service order, as a storable snapshot.

The claim date is the day the product was registered, whenever the decision is taken
again: a diagnosis a week later must not let the warranty run out meanwhile.
"""

import json
from datetime import date
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation

from sanbao.catalog.models import ProductModel, Unit
from sanbao.service.models import ServiceOrder
from sanbao.warranty.presenters import decision_as_dict
from sanbao.warranty.services import warranty_decide


def claim_facts(
    *,
    model: ProductModel,
    unit: Unit | None,
    claim_date: date,
    fault_code: str,
    purchase_date: date | None,
    sales_channel: str,
    has_warranty_card: bool,
    has_proof: bool,
    exclusions: list[str] | None = None,
    failed_repairs: int = 0,
) -> dict[str, Any]:
    return {
        "category": model.category,
        "claim_date": claim_date,
        "fault_code": fault_code,
        "purchase_date": purchase_date,
        "sales_channel": sales_channel,
        "model": model.sku,
        "model_warranty_months": model.warranty_months,
        "has_warranty_card": has_warranty_card,
        "has_proof_of_purchase": has_proof,
        "exclusions": frozenset(exclusions or ()),
        "prior_failed_repairs": failed_repairs,
        "replacement_date": unit.warranty_restarts_on if unit else None,
    }


def decision_snapshot(
    *, model: ProductModel, unit: Unit | None, facts: dict[str, Any]
) -> dict[str, Any]:
    """Decides, and keeps the decision as JSON in English (pages translate its codes)."""
    decision = warranty_decide(
        policy_id=model.brand.policy_id, facts=facts, serial=unit.serial if unit else None
    )
    with translation.override("en"):
        snapshot = decision_as_dict(decision)
    return dict(json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder)))


def order_decision(order: ServiceOrder) -> dict[str, Any]:
    """The decision on the order as it stands now: findings, exclusions, failed repairs."""
    facts = claim_facts(
        model=order.model,
        unit=order.unit,
        claim_date=timezone.localdate(order.created_at),
        fault_code=order.fault_code,
        purchase_date=order.purchase_date,
        sales_channel=order.sales_channel,
        has_warranty_card=bool(order.warranty_card_number.strip()),
        has_proof=bool(order.proof_of_purchase),
        exclusions=list(order.exclusions),
        failed_repairs=order.failed_repairs,
    )
    return decision_snapshot(model=order.model, unit=order.unit, facts=facts)


def repair_due(decision: dict[str, Any]) -> date | None:
    """The day a serious fault must be repaired by, if the decision sets one."""
    due = next((d for d in decision["deadlines"] if d["kind"] == "repair_due"), None)
    return date.fromisoformat(due["due_on"]) if due and due["due_on"] else None
