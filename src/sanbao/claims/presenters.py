"""A declaration as plain data (API), in the active language."""

from typing import Any

from sanbao.claims.models import DamageClaim


def claim_summary(claim: DamageClaim) -> dict[str, Any]:
    return {
        "number": claim.number,
        "status": claim.status,
        "status_label": claim.get_status_display(),
        "late": claim.late,
        "brand": claim.brand.name,
        "dealer": claim.dealer.name,
        "signed_for_at": claim.signed_for_at,
        "report_due_at": claim.report_due_at,
        "desk": claim.desk,
        "submitted_at": claim.submitted_at,
    }


def claim_as_dict(claim: DamageClaim) -> dict[str, Any]:
    return claim_summary(claim) | {
        "delivery_note_number": claim.delivery_note_number,
        "order_reference": claim.order_reference,
        "delivery_list": claim.delivery_shipment.number if claim.delivery_shipment else None,
        "shipment_kind": claim.shipment_kind,
        "description": claim.description,
        "lines": [
            {"model": line.model.sku, "quantity": line.quantity}
            for line in claim.lines.select_related("model")
        ],
        "checklist": {
            "seams_total": claim.seams_total,
            "seams_intact": claim.seams_intact,
            "box_damaged": claim.box_damaged,
            "opened_before_courier": claim.opened_before_courier,
        },
        "courier_note": {
            "name": claim.courier_name,
            "work_number": claim.courier_work_number,
            "phone": claim.courier_phone,
            "labels_intact": claim.courier_labels_intact,
            "box_intact": claim.courier_box_intact,
            "actual_weight_kg": claim.actual_weight_kg,
            "shipped_weight_kg": claim.shipped_weight_kg,
        },
        "evidence": [
            {"id": e.pk, "kind": e.kind, "content_type": e.content_type, "size": e.size}
            for e in claim.evidence.all()
        ],
        "remedy": claim.remedy,
        "decision_reason": claim.decision_reason,
        "decided_at": claim.decided_at,
        "timeline": [
            {
                "action": e.action,
                "to_status": e.to_status,
                "note": e.note,
                "by": str(e.by) if e.by else None,
                "at": e.at,
            }
            for e in claim.events.select_related("by")
        ],
    }
