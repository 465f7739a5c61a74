"""Warranty decisions for generated history, taken by the real engine once per case.

A case is a model, a fault, how old the purchase is (the scenario), the exclusions found,
and whether a customer brought it or a dealer returned it. The snapshot is kept as JSON
text with its dates left open; each order or returned unit fills in its own warranty end
and repair due date, so a million orders cost a few hundred decisions.
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sanbao.catalog.models import ProductModel
from sanbao.service.decisions import claim_facts, decision_snapshot

# How long before the claim the product was bought, per scenario (None: not known).
PURCHASE_AGE = {
    "early7": 3,
    "early15": 10,
    "in": 100,
    "excluded": 100,
    "out": 1500,
    "unknown": None,
}
_WARRANTY_ENDS, _REPAIR_DUE = '"@warranty-ends@"', '"@repair-due@"'


@dataclass(frozen=True)
class Template:
    coverage: str
    serious: bool
    remedies: tuple[str, ...]
    recommended: str
    hazard: bool
    repair_days: int | None  # working days to repair a serious fault, if the policy sets them
    customer_pays: dict[str, str]  # charge kind → basis, for what the customer pays
    testing_charged: bool
    charges_json: str
    warranty_days: int | None  # from the purchase to the end of the warranty
    snapshot: str

    def decision_json(self, *, purchase: date | None, due: date | None) -> str:
        text = self.snapshot
        if self.warranty_days is not None and purchase is not None:
            ends = purchase + timedelta(days=self.warranty_days)
            text = text.replace(_WARRANTY_ENDS, f'"{ends.isoformat()}"')
        text = text.replace(_WARRANTY_ENDS, "null")
        return text.replace(_REPAIR_DUE, f'"{due.isoformat()}"' if due else "null")


class DecisionTemplates:
    def __init__(self, *, claim_date: date, models: dict[int, ProductModel]) -> None:
        self.claim_date = claim_date
        self.models = models
        self._cache: dict[tuple[int, str, str, tuple[str, ...], bool], Template] = {}

    def order(
        self, model_id: int, fault: str, scenario: str, exclusions: tuple[str, ...] = ()
    ) -> Template:
        return self._get(model_id, fault, scenario, exclusions, dealer=False)

    def returned(
        self, model_id: int, fault: str, scenario: str, exclusions: tuple[str, ...] = ()
    ) -> Template:
        return self._get(model_id, fault, scenario, exclusions, dealer=True)

    def _get(
        self, model_id: int, fault: str, scenario: str, exclusions: tuple[str, ...], dealer: bool
    ) -> Template:
        key = (model_id, fault, scenario, exclusions, dealer)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._decide(*key)
        return found

    def _decide(
        self, model_id: int, fault: str, scenario: str, exclusions: tuple[str, ...], dealer: bool
    ) -> Template:
        model = self.models[model_id]
        age = PURCHASE_AGE[scenario]
        purchase = self.claim_date - timedelta(days=age) if age is not None else None
        facts = claim_facts(
            model=model, unit=None, claim_date=self.claim_date, fault_code=fault,
            purchase_date=purchase, sales_channel="offline", has_warranty_card=True,
            has_proof=True, exclusions=list(exclusions),
        )  # fmt: skip
        if dealer:
            facts |= {"context": "dealer_return", "received_on": self.claim_date}
        snapshot = decision_snapshot(model=model, unit=None, facts=facts)
        return _template(snapshot, purchase)


def _template(snapshot: dict[str, Any], purchase: date | None) -> Template:
    # "text" repeats text_en or text_zh (the language active when deciding): pages read
    # those two, and a million snapshots are a quarter smaller without it.
    for item in (*snapshot["reasons"], *snapshot["hazards"]):
        item.pop("text", None)
    warranty_days = None
    if snapshot.get("warranty_ends") and purchase is not None:
        warranty_days = (date.fromisoformat(snapshot["warranty_ends"]) - purchase).days
    repair_days = None
    for deadline in snapshot["deadlines"]:
        if deadline["kind"] == "warranty_ends":
            deadline["due_on"] = _WARRANTY_ENDS.strip('"')
        if deadline["kind"] == "repair_due":
            deadline["due_on"] = _REPAIR_DUE.strip('"')
            repair_days = deadline["working_days"]
    snapshot["warranty_ends"] = _WARRANTY_ENDS.strip('"') if snapshot.get("warranty_ends") else None
    charges = snapshot["charges"]
    return Template(
        coverage=snapshot["coverage"],
        serious=bool(snapshot["serious"]),
        remedies=tuple(snapshot["remedies"]),
        recommended=snapshot["recommended"] or "",
        hazard=bool(snapshot["hazards"]),
        repair_days=repair_days,
        customer_pays={
            c["kind"]: c["basis"] for c in charges if c["payer"] in ("customer", "shipper")
        },
        testing_charged=any(c["kind"] == "testing" for c in charges),
        charges_json=json.dumps(charges, ensure_ascii=False),
        warranty_days=warranty_days,
        snapshot=json.dumps(snapshot, ensure_ascii=False),
    )
