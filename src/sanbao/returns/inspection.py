"""Inspecting a returned unit: the finding, the policy engine's decision, the outcome.

The outcome must be one the decision allows: repair or replace under warranty, paid
repair or return as it is when excluded or expired, a testing charge for a unit that
works (seed 003 IV.B2), and scrap for a battery hazard, which never goes back by
ordinary express. Parts or replacement products that are short put the unit on
backorder (IV.6) instead of refusing the outcome.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import ServiceOutlet, User
from sanbao.catalog.models import Accessory, PartStock, Unit, UnitStatus
from sanbao.catalog.serials import serial_checked
from sanbao.config.errors import DomainError
from sanbao.policy.calendar import add_months
from sanbao.policy.codes import EXCLUSIONS, FAULTS
from sanbao.returns.models import (
    BatchAction,
    BatchEvent,
    BatchStatus,
    InspectionResult,
    Outcome,
    ReturnBatch,
    ReturnUnit,
    UnitState,
)
from sanbao.returns.workflow import batch_for_change, batch_transition
from sanbao.service.decisions import claim_facts, decision_snapshot
from sanbao.service.parts import FREE, PartLine, part_price, parts_fitting
from sanbao.warranty.selectors import policy_get

PAID = ("customer", "shipper")


@dataclass(frozen=True)
class Inspection:
    tested: bool
    result: str
    outcome: str
    fault_code: str = ""
    exclusions: list[str] = field(default_factory=list)
    accessories_present: list[str] = field(default_factory=list)
    parts: list[PartLine] = field(default_factory=list)
    charge: Decimal = Decimal(0)
    replacement_serial: str = ""
    note: str = ""


def outcomes_allowed(decision: dict[str, Any]) -> list[str]:
    """The outcomes the decision allows, in the order they are offered."""
    remedies = set(decision.get("remedies", []))
    covered = bool(remedies & {"repair", "replace"})
    if decision.get("hazards"):
        return [Outcome.SCRAP, *([Outcome.REPLACE] if covered else [])]
    found: list[str] = []
    if covered:
        found += [Outcome.REPAIR, Outcome.REPLACE]
    elif "paid_repair" in remedies:
        found.append(Outcome.REPAIR)
    if any(c["kind"] == "testing" for c in decision.get("charges", [])):
        found.append(Outcome.CHARGE)
    if "reject" in remedies or not found:
        found.append(Outcome.RETURN_AS_IS)
    return found


def _basis(decision: dict[str, Any], kind: str) -> str:
    for charge in decision.get("charges", []):
        if charge["kind"] == kind and charge["payer"] in PAID:
            return str(charge["basis"])
    return FREE


def _checked(inspection: Inspection) -> str:
    """The fault code the finding amounts to; 422 on the first wrong field."""
    if inspection.result not in InspectionResult.values:
        raise DomainError.invalid("result", _("Choose fault confirmed or no fault found."))
    if inspection.result == InspectionResult.NO_FAULT_FOUND:
        if not inspection.tested:
            raise DomainError.invalid("tested", _("“No fault found” needs the unit tested."))
        code = "no_fault_found"
    else:
        code = inspection.fault_code
        if code not in FAULTS or code == "no_fault_found":
            raise DomainError.invalid("fault_code", _("Choose the fault that was confirmed."))
    if set(inspection.exclusions) - EXCLUSIONS:
        raise DomainError.invalid("exclusions", _("Use the policy's exclusion codes."))
    if set(inspection.accessories_present) - set(Accessory.values):
        raise DomainError.invalid("accessories_present", _("Use the accessory codes."))
    if inspection.outcome not in Outcome.values:
        raise DomainError.invalid("outcome", _("Choose an outcome."))
    if inspection.charge < 0 or inspection.charge > Decimal("99999"):
        raise DomainError.invalid("charge", _("A charge is between 0 and 99,999 yuan."))
    return code


def _purchase_basis(unit: ReturnUnit) -> date | None:
    """The dealer's purchase date given, else the registry's sale, else its shipment."""
    registered = unit.unit
    if unit.purchase_date:
        return unit.purchase_date
    if registered is None:
        return None
    return registered.sold_on or registered.shipped_on


def _decide(
    batch: ReturnBatch, unit: ReturnUnit, code: str, exclusions: list[str]
) -> dict[str, Any]:
    assert batch.received_at is not None
    received = timezone.localdate(batch.received_at)
    model = unit.received_model or unit.model
    registered = unit.unit if unit.unit and unit.unit.model_id == model.pk else None
    facts = claim_facts(
        model=model, unit=registered, claim_date=received, fault_code=code,
        purchase_date=_purchase_basis(unit), sales_channel="offline",
        has_warranty_card=True, has_proof=True, exclusions=exclusions,
    )  # fmt: skip
    facts |= {"context": "dealer_return", "received_on": received}
    return decision_snapshot(model=model, unit=registered, facts=facts)


def _factory(batch: ReturnBatch) -> ServiceOutlet | None:
    return ServiceOutlet.objects.filter(is_hq=True, brands=batch.brand, is_active=True).first()


class _Short(Exception):
    """Stock ran short: nothing is taken, the unit waits."""


def _parts_take(
    batch: ReturnBatch, unit: ReturnUnit, lines: list[PartLine], basis: str
) -> list[dict[str, Any]]:
    """Takes every part from the factory's shelf, or none (raises _Short naming them)."""
    fitted = parts_fitting(brand=batch.brand, model=unit.received_model or unit.model, lines=lines)
    factory = _factory(batch)
    taken: list[dict[str, Any]] = []
    short: list[str] = []
    for part, quantity in fitted:
        took = factory is not None and PartStock.objects.filter(
            part=part, outlet=factory, on_hand__gte=quantity
        ).update(on_hand=F("on_hand") - quantity)
        if not took:
            short.append(f"{part.code} x {quantity}")
        price = part_price(part, basis)
        taken.append({"code": part.code, "quantity": quantity, "charged_each": str(price)})
    if short:
        raise _Short(_("parts: %(parts)s") % {"parts": ", ".join(short)})
    return taken


def _replacement(batch: ReturnBatch, unit: ReturnUnit, serial: str) -> Unit:
    """A factory-stock unit of the same model (or a typed one of no lower specification)."""
    model = unit.received_model or unit.model
    stock = (
        Unit.objects.select_for_update()
        .select_related("model")
        .filter(brand=batch.brand, status=UnitStatus.PRODUCED, owner__isnull=True)
    )
    if serial.strip():
        chosen = stock.filter(serial=serial_checked(serial)).first()
        if chosen is None:
            raise DomainError.invalid("replacement_serial", _("This unit is not in factory stock."))
        better = chosen.model.category == model.category and (
            (chosen.model.capacity_mah or 0) >= (model.capacity_mah or 0)
        )
        if chosen.model_id != model.pk and not better:
            raise DomainError.invalid(
                "replacement_serial",
                _("A replacement is the same model, or one of no lower specification."),
            )
        return chosen
    chosen = stock.filter(model=model).order_by("serial").first()
    if chosen is None:
        raise _Short(_("a replacement %(sku)s") % {"sku": model.sku})
    return chosen


def _swap(batch: ReturnBatch, unit: ReturnUnit, new: Unit) -> None:
    """The replacement goes to the dealer, linked to the old unit, which stays here. A
    customer's unit (sold) passes its warranty on afresh (PRC law: it restarts)."""
    today = timezone.localdate()
    new.status, new.dealer_id, new.shipped_on = UnitStatus.SHIPPED, batch.dealer_id, today
    new.replaces_id = unit.unit_id
    old = unit.unit
    if old is not None and old.sold_on is not None:
        new.warranty_restarts_on = today
    new.save(update_fields=["status", "dealer", "shipped_on", "replaces", "warranty_restarts_on"])
    unit.replacement = new
    if old is not None and not unit.hazard:
        Unit.objects.filter(pk=old.pk).update(status=UnitStatus.REPLACED)


def unit_fulfil(batch: ReturnBatch, unit: ReturnUnit, inspection: Inspection) -> None:
    """Parts or replacement; on a shortage the unit waits with what it waits for."""
    basis = _basis(unit.decision, "parts")
    try:
        with transaction.atomic():
            if unit.outcome == Outcome.REPAIR and inspection.parts:
                unit.parts = _parts_take(batch, unit, inspection.parts, basis)
            if unit.outcome == Outcome.REPLACE:
                _swap(batch, unit, _replacement(batch, unit, inspection.replacement_serial))
    except _Short as short:
        unit.state = UnitState.BACKORDERED
        unit.backorder_reason = str(short)[:200]
        unit.parts = [{"code": p.code, "quantity": p.quantity} for p in inspection.parts]
        return
    parts_charge = sum((Decimal(p["charged_each"]) * p["quantity"] for p in unit.parts), Decimal(0))
    unit.charge = (unit.charge + parts_charge).quantize(Decimal("0.01"))


def _charge_checked(decision: dict[str, Any], outcome: str, charge: Decimal) -> Decimal:
    if outcome == Outcome.CHARGE:
        if charge <= 0:
            raise DomainError.invalid("charge", _("Enter what the actual testing cost."))
        return charge
    if charge and not (outcome == Outcome.REPAIR and _basis(decision, "labour") != FREE):
        raise DomainError.invalid("charge", _("The policy charges nothing more for this outcome."))
    return charge


@transaction.atomic
def unit_inspect(*, number: str, line: int, inspection: Inspection, by: User) -> BatchEvent:
    """Records the inspection of one counted unit and its outcome; moves the batch on."""
    batch = batch_for_change(number=number, by=by)
    code = _checked(inspection)
    unit = (
        batch.units.select_for_update(of=("self",))
        .select_related("model", "received_model", "unit")
        .filter(line=line)
        .first()
    )
    if unit is None:
        raise DomainError(
            "unit_not_found", _("There is no line %(line)s.") % {"line": line}, status=404
        )
    if batch.status not in (BatchStatus.RECEIVED, BatchStatus.INSPECTING):
        return batch_transition(batch=batch, action=BatchAction.INSPECT, by=by)  # 409 or 403
    if unit.state != UnitState.COUNTED:
        raise DomainError(
            "not_inspectable",
            _("Line %(line)s is “%(state)s”: only units counted in and not yet inspected can be.")
            % {"line": line, "state": unit.get_state_display()},
            status=409,
        )
    decision = _decide(batch, unit, code, inspection.exclusions)
    allowed = outcomes_allowed(decision)
    if inspection.outcome not in allowed:
        words = ", ".join(str(Outcome(o).label) for o in allowed)
        raise DomainError(
            "outcome_not_allowed",
            _("The warranty decision (%(coverage)s) allows: %(outcomes)s.")
            % {"coverage": decision["coverage_label"], "outcomes": words},
            status=409,
        )
    unit.tested, unit.result, unit.fault_code = inspection.tested, inspection.result, code
    unit.exclusions, unit.accessories_present = (
        sorted(inspection.exclusions),
        inspection.accessories_present,
    )
    unit.outcome, unit.decision, unit.coverage = inspection.outcome, decision, decision["coverage"]
    unit.hazard = bool(decision["hazards"])
    unit.charge = _charge_checked(decision, inspection.outcome, inspection.charge)
    unit.inspection_note = inspection.note.strip()[:2000]
    unit.inspected_by, unit.inspected_at = by, timezone.now()
    unit.state = UnitState.READY
    if inspection.outcome == Outcome.SCRAP:
        unit.state = UnitState.SCRAPPED
    else:
        unit_fulfil(batch, unit, inspection)
    if unit.hazard and unit.unit_id:
        Unit.objects.filter(pk=unit.unit_id).update(status=UnitStatus.SCRAPPED)
    unit.save()
    return _batch_after_inspection(batch, unit, by)


def _batch_after_inspection(batch: ReturnBatch, unit: ReturnUnit, by: User) -> BatchEvent:
    waiting = batch.units.filter(state=UnitState.COUNTED).exists()
    changes: dict[str, Any] = {}
    if not waiting:
        retention = policy_get(policy_id=batch.brand.policy_id).retention
        if retention is not None:
            changes["repair_data_until"] = add_months(timezone.localdate(), retention.months)
    note = _("line %(line)s: %(outcome)s") % {
        "line": unit.line,
        "outcome": unit.get_outcome_display(),
    }
    if unit.state == UnitState.BACKORDERED:
        note += " — " + _("waiting for %(what)s") % {"what": unit.backorder_reason}
    return batch_transition(
        batch=batch, action=BatchAction.INSPECT, by=by, note=note, changes=changes,
        target=BatchStatus.INSPECTING if waiting else BatchStatus.READY_TO_SHIP,
    )  # fmt: skip
