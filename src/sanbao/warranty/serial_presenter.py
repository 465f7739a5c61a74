"""A serial's public status as plain data in the active language (API and portal page)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanbao.catalog.models import Category, ChannelFlag, RecallRemedy
from sanbao.warranty.labels import zh_active
from sanbao.warranty.serial_status import SerialStatus

BASIS_LABELS = {
    "sold_on": gettext_lazy("from the date of sale"),
    "shipped_on": gettext_lazy("from the date shipped to the dealer"),
    "produced_on": gettext_lazy("from the production date"),
}


def serial_status_as_dict(status: SerialStatus) -> dict[str, Any]:
    unit, policy = status.unit, status.policy
    clause = policy.clauses.get(policy.warranty_clause or "")
    return {
        "serial": unit.serial,
        "brand": {"code": unit.brand_code, "name": unit.brand_name},
        "model": {
            "sku": unit.sku,
            "name": unit.model_name,
            "category": unit.category,
            "category_label": str(Category(unit.category).label),
            "capacity_mah": unit.capacity_mah,
            "energy_wh": unit.energy_wh,
        },
        "batch": unit.batch_code,
        "produced_on": unit.produced_on,
        "shipped_on": unit.shipped_on,
        "sold_on": unit.sold_on,
        "warranty": {
            "policy": policy.id,
            "months": status.months,
            "clause_id": clause.id if clause else None,
            "clause_text": (clause.zh if zh_active() else clause.en) if clause else None,
            "ends": [
                {
                    "basis": end.basis,
                    "basis_label": str(BASIS_LABELS[end.basis]),
                    "start": end.start,
                    "ends_on": end.ends_on,
                    "in_warranty": end.in_warranty,
                }
                for end in status.ends
            ],
            "note": _(
                "The warranty counts from the date on your proof of purchase; "
                "without one it counts from the earliest date we know."
            ),
        },
        "legal_channel": status.channel_flag is None,
        "channel": _channel(status),
        "recall": _recall(status),
        "hazard_advice": _hazard_advice(status),
    }


def _channel(status: SerialStatus) -> dict[str, Any] | None:
    if status.channel_flag is None:
        return None
    clause = status.policy.clauses.get(status.channel_clause or "")
    return {
        "flag": status.channel_flag,
        "label": str(ChannelFlag(status.channel_flag).label),
        "clause_id": clause.id if clause else None,
        "clause_text": (clause.zh if zh_active() else clause.en) if clause else None,
    }


def _recall(status: SerialStatus) -> dict[str, Any] | None:
    recall = status.recall
    if recall is None:
        return None
    return {
        "campaign": recall.code,
        "title": recall.title,
        "cause": recall.cause,
        "remedy": recall.remedy,
        "remedy_label": str(RecallRemedy(recall.remedy).label),
        "regulator_reference": recall.regulator_reference or None,
        "starts_on": recall.starts_on,
        "ends_on": recall.ends_on,
    }


def _hazard_advice(status: SerialStatus) -> list[str]:
    if status.recall is None:
        return []
    advice = [
        _("Stop using and charging this product now."),
        _("Bring it to a service outlet or call the hotline; the recall remedy is free."),
    ]
    if status.has_battery:
        advice.insert(
            1,
            _(
                "Do not take it on a plane, in hand luggage or checked in: airlines refuse "
                "recalled power banks. Do not send it by ordinary express."
            ),
        )
    hotline = status.unit.hotline
    if hotline:
        advice.append(_("Hotline: %(hotline)s") % {"hotline": hotline})
    return advice
