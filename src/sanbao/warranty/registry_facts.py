"""Facts the serial registry knows about a unit: its category and model, whether it went
through an authorised dealer, and the active recall that covers it (the RecallFact)."""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from sanbao.catalog.recall_scopes import unit_recall
from sanbao.catalog.serials import serial_checked
from sanbao.catalog.unit_lookup import units_by_serial
from sanbao.config.errors import DomainError


def registry_facts(*, serial: str, policy_id: str, today: date) -> dict[str, Any]:
    """Facts of the registered unit; 404 when it is unknown, 422 under another brand."""
    records = units_by_serial(serial=serial_checked(serial))
    records = [record for record in records if record.policy_id == policy_id] or records
    if not records:
        message = _("No unit with serial %(serial)s is registered.") % {"serial": serial[:40]}
        raise DomainError("unknown_serial", message, status=404, fields={"serial": message})
    unit = records[0]
    if unit.policy_id != policy_id:
        message = _("This unit is %(brand)s's; decide it under its policy.") % {
            "brand": unit.brand_name
        }
        raise DomainError.invalid("policy", message, code="other_brand")
    values: dict[str, Any] = {
        "category": unit.category,
        "model": unit.sku,
        "model_warranty_months": unit.warranty_months,
        "authorised_channel": unit.channel_flag() is None,
    }
    recall = unit_recall(unit=unit, day=today)
    if recall is not None:
        fact = recall.fact()
        values["recall"] = {
            "campaign": fact.campaign,
            "remedy": fact.remedy,
            "alternative": fact.alternative,
        }
    return values
