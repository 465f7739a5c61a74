"""A return batch as plain data in the active language (API, pages)."""

from typing import Any

from sanbao.accounts.models import User
from sanbao.accounts.phones import phone_mask
from sanbao.notify.models import ContactLogEntry
from sanbao.returns.models import ReturnBatch, ReturnUnit, UnitState
from sanbao.returns.workflow import actions_allowed


def batch_overdue(batch: ReturnBatch) -> bool:
    return batch.is_overdue


def unit_flags(unit: ReturnUnit) -> list[str]:
    """What the packing list marks on a unit (seed 003 IV.B1, IV.6; hazards)."""
    flags = []
    if unit.category == "power_bank" and "data_cable" not in unit.accessories:
        flags.append("no_data_cable")
    if not unit.declared:
        flags.append("extra")
    if unit.received_model_id:
        flags.append("wrong_model")
    if unit.state == UnitState.BACKORDERED:
        flags.append("backordered")
    if unit.hazard:
        flags.append("hazard")
    return flags


def batch_summary(batch: ReturnBatch) -> dict[str, Any]:
    units = getattr(batch, "unit_count", None)
    return {
        "number": batch.number,
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "brand": batch.brand.name,
        "dealer": batch.dealer.name,
        "units": units if units is not None else batch.units.filter(declared=True).count(),
        "boxes": batch.boxes,
        "submitted_at": batch.submitted_at,
        "received_at": batch.received_at,
        "due_on": batch.due_on,
        "overdue": batch_overdue(batch),
        "discrepancies": len(batch.discrepancies),
    }


def unit_as_dict(unit: ReturnUnit) -> dict[str, Any]:
    return {
        "line": unit.line,
        "model": unit.model.sku,
        "category": unit.category,
        "serial": unit.serial,
        "fault": unit.fault_text,
        "accessories": unit.accessories,
        "declared": unit.declared,
        "state": unit.state,
        "state_label": unit.get_state_display(),
        "received_model": unit.received_model.sku if unit.received_model else None,
        "flags": unit_flags(unit),
        "tested": unit.tested,
        "result": unit.result,
        "fault_code": unit.fault_code,
        "exclusions": unit.exclusions,
        "outcome": unit.outcome,
        "coverage": unit.coverage,
        "hazard": unit.hazard,
        "charge": unit.charge,
        "replacement_serial": unit.replacement.serial if unit.replacement else None,
        "waiting_for": unit.backorder_reason,
        "shipment": unit.shipment.number if unit.shipment else None,
        "decision": unit.decision,
    }


def batch_units(batch: ReturnBatch) -> list[ReturnUnit]:
    return list(batch.units.select_related("model", "received_model", "replacement", "shipment"))


def batch_as_dict(batch: ReturnBatch, *, user: User) -> dict[str, Any]:
    contacts = ContactLogEntry.objects.filter(topic=f"return-batch:{batch.number}")
    return batch_summary(batch) | {
        "contact_person": batch.contact_person,
        "contact_phone": phone_mask(batch.contact_phone),
        "courier": batch.courier,
        "tracking_number": batch.tracking_number,
        "home_delivery": batch.home_delivery,
        "payment": batch.payment,
        "shipper_bears_costs": batch.shipper_bears_costs,
        "repair_list_pages": batch.repair_list_pages,
        "boxes_received": batch.boxes_received,
        "discrepancy_list": batch.discrepancies,
        "shipped_on_time": batch.shipped_on_time,
        "repair_data_until": batch.repair_data_until,
        "delivery_data_until": batch.delivery_data_until,
        "actions": actions_allowed(batch=batch, user=user),
        "units_list": [unit_as_dict(unit) for unit in batch_units(batch)],
        "shipments": [
            {
                "number": s.number,
                "courier": s.courier,
                "tracking_number": s.tracking_number,
                "shipped_at": s.shipped_at,
                "on_time": s.on_time,
                "units": s.units.count(),
            }
            for s in batch.shipments.all()
        ],
        "contacts": [
            {
                "channel": c.channel,
                "outcome": c.outcome,
                "note": c.note,
                "called_at": c.called_at,
                "by": str(c.by),
            }
            for c in contacts.select_related("by")
        ],
        "timeline": [
            {
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "note": e.note,
                "by": str(e.by) if e.by else None,
                "at": e.at,
            }
            for e in batch.events.select_related("by")
        ],
    }
