"""Receiving a batch: count what came, record what differs, tell the return unit.

"The details of the returned products are subject to the physical quantity received"
(seed 003 IV.1): the receipt records missing, extra and wrong-model units; the dealer gets
a message and the staff's call or fax goes in the contact log (IV.4). The receipt starts
the return cycle (IV.5), counted in working days.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.catalog.models import ProductModel
from sanbao.catalog.serials import serial_normalise
from sanbao.config.errors import DomainError
from sanbao.notify.contacts import contact_record
from sanbao.notify.models import ContactLogEntry
from sanbao.notify.services import message_to_dealer
from sanbao.returns.building import brand_returns
from sanbao.returns.models import (
    BatchAction,
    BatchEvent,
    BatchStatus,
    ReturnBatch,
    ReturnUnit,
    UnitState,
)
from sanbao.returns.workflow import WAREHOUSE, batch_for_change, batch_transition
from sanbao.warranty.selectors import working_calendar

_LABEL_URL = re.compile(r"/returns/([A-Z0-9]+)/u/(\d+)/?$", re.IGNORECASE)
COUNTING = {BatchStatus.SUBMITTED, BatchStatus.IN_TRANSIT}


@dataclass(frozen=True, slots=True)
class ExtraUnit:
    model_sku: str
    serial: str = ""
    fault_text: str = ""


@dataclass(frozen=True, slots=True)
class Receipt:
    boxes_received: int
    counted_lines: list[int] = field(default_factory=list)  # besides those scanned already
    wrong_models: dict[int, str] = field(default_factory=dict)  # line → model received
    extras: list[ExtraUnit] = field(default_factory=list)
    note: str = ""


def _counting_batch(number: str, by: User) -> ReturnBatch:
    batch = batch_for_change(number=number, by=by)
    if not by.has_perm(WAREHOUSE) or by.dealer_id:
        raise DomainError("forbidden", _("Your role may not do this."), status=403)
    if batch.status not in COUNTING:
        raise DomainError(
            "not_counting",
            _("Batch %(number)s is “%(status)s”: its count is closed.")
            % {"number": batch.number, "status": batch.get_status_display()},
            status=409,
        )
    return batch


def _unit_by_code(batch: ReturnBatch, code: str) -> ReturnUnit:
    """A scanned label (its URL), a line number, or a serial."""
    text = code.strip()
    link = _LABEL_URL.search(text)
    units = batch.units.select_for_update()
    if link:
        if link.group(1).upper() != batch.number:
            raise DomainError.invalid(
                "code",
                _("This label belongs to batch %(number)s.") % {"number": link.group(1).upper()},
            )
        found = units.filter(line=int(link.group(2))).first()
    else:
        found = units.filter(line=int(text)).first() if text.isdigit() and len(text) <= 6 else None
        if found is None:
            try:
                found = units.filter(serial=serial_normalise(text)).first()
            except ValidationError:
                found = None
    if found is None:
        raise DomainError.invalid(
            "code", _("No unit of this batch matches “%(code)s”.") % {"code": text[:60]}
        )
    return found


@transaction.atomic
def unit_count(*, number: str, code: str, by: User) -> ReturnUnit:
    """One unit taken out of a box: its label scanned or its line or serial typed."""
    batch = _counting_batch(number, by)
    unit = _unit_by_code(batch, code)
    if unit.state == UnitState.COUNTED:
        raise DomainError(
            "already_counted",
            _("Line %(line)s was counted at %(time)s.")
            % {"line": unit.line, "time": timezone.localtime(unit.counted_at).strftime("%H:%M:%S")},
            status=409,
        )
    unit.state = UnitState.COUNTED
    unit.counted_at = timezone.now()
    unit.save(update_fields=["state", "counted_at"])
    return unit


def _models(batch: ReturnBatch, skus: list[str]) -> dict[str, ProductModel]:
    wanted = {sku.strip().upper() for sku in skus}
    found = {
        m.sku.upper(): m for m in ProductModel.objects.filter(brand=batch.brand, sku__in=wanted)
    }
    unknown = sorted(wanted - set(found))
    if unknown:
        raise DomainError.invalid(
            "model",
            _("%(brand)s has no model %(sku)s.") % {"brand": batch.brand, "sku": unknown[0][:30]},
        )
    return found


def _extra_serial(batch: ReturnBatch, typed: str) -> str:
    if not typed.strip():
        return ""
    try:
        serial = serial_normalise(typed)
    except ValidationError as error:
        raise DomainError.invalid("extras", error.messages[0]) from None
    if batch.units.filter(serial=serial).exists():
        raise DomainError.invalid(
            "extras", _("%(serial)s is already in this batch.") % {"serial": serial}
        )
    return serial


def _discrepancies(batch: ReturnBatch, receipt: Receipt) -> list[dict[str, Any]]:
    """Applies the count to the units; returns what differs from the packing list."""
    now = timezone.now()
    lines = set(receipt.counted_lines) | set(receipt.wrong_models)
    declared = {u.line: u for u in batch.units.select_for_update().filter(declared=True)}
    unknown = sorted(lines - set(declared))
    if unknown:
        raise DomainError.invalid(
            "counted_lines", _("The packing list has no line %(line)s.") % {"line": unknown[0]}
        )
    models = _models(
        batch, [*receipt.wrong_models.values(), *(e.model_sku for e in receipt.extras)]
    )
    found: list[dict[str, Any]] = []
    if receipt.boxes_received != batch.boxes:
        found.append({"kind": "boxes", "declared": batch.boxes, "received": receipt.boxes_received})
    for line, unit in sorted(declared.items()):
        if line in lines and unit.state == UnitState.DECLARED:
            unit.state, unit.counted_at = UnitState.COUNTED, now
        if unit.state == UnitState.DECLARED:
            unit.state = UnitState.MISSING
            found.append(
                {"kind": "missing", "line": line, "model": unit.model.sku, "serial": unit.serial}
            )
        if line in receipt.wrong_models:
            received = models[receipt.wrong_models[line].strip().upper()]
            if received.pk != unit.model_id:
                unit.received_model = received
                found.append({"kind": "wrong_model", "line": line, "model": unit.model.sku,
                              "received": received.sku, "serial": unit.serial})  # fmt: skip
    ReturnUnit.objects.bulk_update(
        declared.values(), ["state", "counted_at", "received_model"], batch_size=2000
    )
    next_line = (batch.units.aggregate(last=Max("line"))["last"] or 0) + 1
    extras = []
    for offset, extra in enumerate(receipt.extras):
        model = models[extra.model_sku.strip().upper()]
        serial = _extra_serial(batch, extra.serial)
        fault = extra.fault_text.strip() or _("Not on the packing list")
        extras.append(
            ReturnUnit(
                batch=batch, line=next_line + offset, model=model, category=model.category,
                serial=serial, fault_text=fault[:200],
                declared=False, state=UnitState.COUNTED, counted_at=now,
            )
        )  # fmt: skip
        found.append(
            {"kind": "extra", "line": next_line + offset, "model": model.sku, "serial": serial}
        )
    ReturnUnit.objects.bulk_create(extras)
    return found


def _tell_dealer(batch: ReturnBatch, found: list[dict[str, Any]]) -> None:
    with translation.override("zh-hans"):
        zh = discrepancies_text(batch, found)
    with translation.override("en"):
        en = discrepancies_text(batch, found)
        subject = _("Batch %(number)s: the goods received differ from the packing list") % {
            "number": batch.number
        }
    message_to_dealer(
        dealer=batch.dealer, topic=f"return-batch:{batch.number}:receipt",
        subject=subject, body=f"{zh}\n\n{en}",
    )  # fmt: skip


def discrepancy_words(item: dict[str, Any]) -> str:
    kind = item["kind"]
    item = item | {"unit": " ".join(filter(None, [item.get("model"), item.get("serial")]))}
    if kind == "boxes":
        return _("%(declared)s boxes on the packing list, %(received)s received") % item
    if kind == "missing":
        return _("line %(line)s (%(unit)s) was not in the boxes") % item
    if kind == "wrong_model":
        return _("line %(line)s: %(received)s arrived instead of %(model)s") % item
    return _("an extra %(unit)s, not on the packing list, is now line %(line)s") % item


def discrepancies_text(batch: ReturnBatch, found: list[dict[str, Any]]) -> str:
    head = _(
        "Batch %(number)s was received and counted; what we found differs from the packing list:"
    ) % {"number": batch.number}
    tail = _("The quantities received are the ones that count (%(clause)s).") % {
        "clause": brand_returns(batch.brand).clauses.get("counted", "")
    }
    return "\n".join([head, *(f"- {discrepancy_words(item)}" for item in found), tail])


@transaction.atomic
def batch_receive(*, number: str, receipt: Receipt, by: User) -> BatchEvent:
    """Closes the count: discrepancies recorded, dealer told, the return cycle starts."""
    batch = _counting_batch(number, by)
    rules = brand_returns(batch.brand)
    if receipt.boxes_received < 1:
        raise DomainError.invalid("boxes_received", _("Record how many boxes arrived."))
    found = _discrepancies(batch, receipt)
    if not batch.units.filter(state=UnitState.COUNTED).exists():
        raise DomainError.invalid("counted_lines", _("No unit was counted: count the units first."))
    now = timezone.now()
    due = working_calendar().add_working_days(timezone.localdate(now), rules.cycle_working_days)
    if found:
        _tell_dealer(batch, found)
    note = "; ".join(discrepancy_words(item) for item in found) or receipt.note
    return batch_transition(
        batch=batch, action=BatchAction.RECEIVE, by=by, note=note,
        changes={"received_at": now, "boxes_received": receipt.boxes_received,
                 "due_on": due, "discrepancies": found},
    )  # fmt: skip


@transaction.atomic
def batch_contact_record(
    *, number: str, channel: str, outcome: str, by: User, note: str = "",
    called_at: datetime | None = None,
) -> ContactLogEntry:  # fmt: skip
    """The call or fax that told the return unit about its receipt (seed 003 IV.4)."""
    batch = batch_for_change(number=number, by=by)
    entry = contact_record(
        dealer=batch.dealer, topic=f"return-batch:{batch.number}", channel=channel,
        outcome=outcome, by=by, note=note, called_at=called_at,
    )  # fmt: skip
    words = f"{entry.get_channel_display()}: {entry.get_outcome_display()}"
    batch_transition(batch=batch, action=BatchAction.CONTACT, by=by, note=f"{words}. {entry.note}")
    return entry
