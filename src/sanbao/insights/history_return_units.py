"""The units of generated return batches: what each is, what the dealer wrote, what the
inspection found and decided within the warranty decision, and its row as it stands."""

import json
import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sanbao.insights import history_words as words
from sanbao.insights.history_decisions import Template
from sanbao.insights.history_setting import (
    BrandSetting,
    ModelSetting,
    Setting,
    Weighted,
    as_datetime,
    purchase_pick,
)
from sanbao.insights.history_tables import Table
from sanbao.policy.codes import NO_FAULT
from sanbao.returns.models import Outcome, ReturnUnit, UnitState

UNITS = Table(ReturnUnit, (
    "batch_id", "line", "model_id", "category", "serial", "production_batch_id", "fault_text",
    "accessories", "purchase_date", "declared", "state", "counted_at", "tested", "result",
    "fault_code", "exclusions", "accessories_present", "outcome", "decision", "coverage",
    "hazard", "parts", "charge", "backorder_reason", "inspection_note", "inspected_by_id",
    "inspected_at", "shipment_id",
))  # fmt: skip
NOT_FOUND = 0.12  # units that work when tested
BACKORDERED = 0.06
SCENARIOS = (("in", 78), ("out", 8), ("excluded", 9), ("unknown", 5))


@dataclass
class ReturnedUnit:
    line: int
    model: ModelSetting
    declared: bool
    missing: bool
    batch: int | None
    purchase: date | None
    fault: str
    exclusions: tuple[str, ...]
    template: Template
    serial: str
    outcome: str = ""
    parts: list[dict[str, Any]] = field(default_factory=list)
    charge: Decimal = Decimal("0.00")
    waits_for: str = ""
    inspected: float | None = None


class UnitPlanner:
    def __init__(self, *, setting: Setting, rng: random.Random, hazard_every: int) -> None:
        self.setting, self.rng, self.hazard_every = setting, rng, hazard_every
        self.bad_seen: dict[int, int] = {}
        self.scenarios = Weighted([s for s, _ in SCENARIOS], [float(w) for _, w in SCENARIOS])

    def plan(
        self, brand: BrandSetting, day: date, line: int, extra: bool, missing: bool
    ) -> "ReturnedUnit":
        rng, templates = self.rng, self.setting.templates
        model = brand.model_choice.pick(rng)
        scenario = self.scenarios.pick(rng)
        warranty = model.warranty_days
        batch, purchase = purchase_pick(rng, model, "in" if scenario == "unknown" else scenario,
                                        day, warranty)  # fmt: skip
        if scenario == "unknown":
            purchase = None
        exclusions: tuple[str, ...] = ()
        if scenario == "excluded" and brand.exclusions:
            exclusions = (brand.exclusions.pick(rng),)
        fault = NO_FAULT if rng.random() < NOT_FOUND else model.faults.pick(rng)
        if batch is not None and batch == brand.bad_batch:
            seen = self.bad_seen[batch] = self.bad_seen.get(batch, 0) + 1
            if seen % self.hazard_every == 1 and model.category == "power_bank":
                fault, scenario, exclusions = "swelling", "in", ()
            elif rng.random() < 0.5:
                fault = rng.choice(("low_capacity", "overheating", "no_charge"))
        scenario = "in" if scenario == "excluded" and not exclusions else scenario
        template = templates.returned(model.id, fault, scenario, exclusions)
        serial = f"{model.serial_prefix}{rng.randrange(10**9):09d}" if rng.random() < 0.9 else ""
        unit = ReturnedUnit(line, model, not extra, missing, batch, purchase, fault, exclusions,
                            template, serial)  # fmt: skip
        outcome_choose(rng, unit)
        return unit


def outcome_choose(rng: random.Random, unit: ReturnedUnit) -> None:
    """What the inspection decides, within what the warranty decision allows."""
    template, remedies = unit.template, unit.template.remedies
    if template.hazard:
        unit.outcome = Outcome.SCRAP
    elif unit.fault == NO_FAULT:
        charged = template.testing_charged and rng.random() < 0.5
        unit.outcome = Outcome.CHARGE if charged else Outcome.RETURN_AS_IS
        if charged:
            unit.charge = Decimal(rng.choice((15, 20, 25, 30))).quantize(Decimal("0.01"))
    elif "repair" in remedies or "replace" in remedies:
        replace = "replace" in remedies and rng.random() < 0.4
        unit.outcome = Outcome.REPLACE if replace else Outcome.REPAIR
    elif "paid_repair" in remedies and rng.random() < 0.35:
        unit.outcome = Outcome.REPAIR
    else:
        unit.outcome = Outcome.RETURN_AS_IS
    if unit.outcome == Outcome.REPAIR and unit.model.parts and rng.random() < 0.7:
        part = rng.choice(unit.model.parts)
        basis = template.customer_pays.get("parts", "free")
        price = Decimal(0)
        if basis == "standard_price":
            price = Decimal(part.standard_price or part.mass_production_cost)
        elif basis != "free":
            price = Decimal(part.mass_production_cost)
        price = price.quantize(Decimal("0.01"))
        unit.parts = [{"code": part.code, "quantity": 1, "charged_each": str(price)}]
        unit.charge += price
    if unit.outcome == Outcome.REPAIR and "labour" in template.customer_pays:
        unit.charge += Decimal(rng.choice((20, 30, 40)))
    if unit.outcome in (Outcome.REPAIR, Outcome.REPLACE) and rng.random() < BACKORDERED:
        code = unit.parts[0]["code"] if unit.parts else ""
        unit.waits_for = f"parts: {code} x 1" if code else f"a replacement {unit.model.sku}"


def discrepancies_found(units: list[ReturnedUnit], boxes: int, short: bool) -> list[dict[str, Any]]:
    """The discrepancies in the shape the receipt records them (returns.receiving)."""
    found: list[dict[str, Any]] = []
    if short:
        found.append({"kind": "boxes", "declared": boxes, "received": boxes - 1})
    for unit in units:
        if unit.missing:
            found.append({"kind": "missing", "line": unit.line, "model": unit.model.sku,
                          "serial": unit.serial})  # fmt: skip
        elif not unit.declared:
            found.append({"kind": "extra", "line": unit.line, "model": unit.model.sku,
                          "serial": unit.serial})  # fmt: skip
    return found


def unit_row(
    batch_id: int, unit: ReturnedUnit, received: float | None, shipments: list[int],
    fill: float | None, moment: float, tech: int,
) -> tuple[Any, ...]:  # fmt: skip
    model, template = unit.model.model, unit.template
    accessories = "[]"
    if model.category == "power_bank" and unit.line % 7:
        accessories = '["data_cable"]'
    fault_words = words.FAULT_WORDS.get(unit.fault) or words.FAULT_WORDS["no_charge"]
    text = (
        "Not on the packing list"
        if not unit.declared
        else fault_words[unit.line % len(fault_words)]
    )
    state, counted = UnitState.DECLARED, None
    inspected = unit.inspected if unit.inspected is not None and unit.inspected <= moment else None
    if received is not None and received <= moment:
        state = UnitState.MISSING if unit.missing else UnitState.COUNTED
        counted = None if unit.missing else as_datetime(received - 600)
    shipment = None
    if inspected is not None:
        state = UnitState.READY
        if unit.outcome == Outcome.SCRAP:
            state = UnitState.SCRAPPED
        elif unit.waits_for:
            state = (
                UnitState.READY if fill is not None and fill <= moment else UnitState.BACKORDERED
            )
            if len(shipments) > 1:
                state, shipment = UnitState.SHIPPED, shipments[1]
        elif shipments:
            state, shipment = UnitState.SHIPPED, shipments[0]
    found = inspected is not None
    return (
        batch_id, unit.line, model.pk, model.category, unit.serial, unit.batch, text,
        accessories, unit.purchase, unit.declared, state, counted,
        (unit.fault == NO_FAULT or not template.hazard) if found else None,
        ("no_fault_found" if unit.fault == NO_FAULT else "fault_confirmed") if found else "",
        unit.fault if found else "", _codes(unit.exclusions if found else ()),
        accessories if found else "[]", unit.outcome if found else "",
        template.decision_json(purchase=unit.purchase, due=None) if found else "{}",
        template.coverage if found else "", template.hazard if found else False,
        json.dumps(unit.parts) if found else "[]", unit.charge if found else Decimal("0.00"),
        unit.waits_for if state == UnitState.BACKORDERED else "",
        words.FINDINGS.get(unit.fault, "") if found else "", tech if found else None,
        as_datetime(inspected), shipment,
    )  # fmt: skip


def _codes(codes: tuple[str, ...]) -> str:
    return json.dumps(list(codes))
