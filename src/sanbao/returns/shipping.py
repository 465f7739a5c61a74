"""Backorders filled and goods shipped back with a delivery list (seed 003 IV.5 to IV.8).

A shipment takes every unit of the batch that is ready, plus the dealer's earlier
backorders filled since ("the good product is returned together with the ordered
product after it arrives"). Scrapped hazards never travel. The first shipment is on time
when it leaves by the batch's return-cycle due date.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.config.errors import DomainError
from sanbao.feedback.invitations import survey_invite_for_batch
from sanbao.notify.services import message_to_dealer
from sanbao.policy.calendar import add_months
from sanbao.returns.inspection import Inspection, unit_fulfil
from sanbao.returns.models import (
    BatchAction,
    BatchEvent,
    BatchStatus,
    DeliveryShipment,
    ReturnBatch,
    ReturnUnit,
    UnitState,
)
from sanbao.returns.workflow import batch_for_change, batch_transition, may_take
from sanbao.service.parts import PartLine
from sanbao.warranty.selectors import policy_get


@transaction.atomic
def backorders_fill(*, number: str, by: User) -> int:
    """Tries the batch's backordered units again now stock has come in; returns how many left."""
    batch = batch_for_change(number=number, by=by)
    waiting = list(
        batch.units.select_for_update(of=("self",))
        .select_related("model", "received_model", "unit")
        .filter(state=UnitState.BACKORDERED)
    )
    if not waiting:
        raise DomainError("no_backorders", _("Nothing in this batch is waiting."), status=409)
    filled = []
    for unit in waiting:
        unit.state = UnitState.READY
        again = Inspection(
            tested=bool(unit.tested), result=unit.result, outcome=unit.outcome,
            parts=[PartLine(p["code"], int(p["quantity"])) for p in unit.parts],
        )  # fmt: skip
        unit.parts = []
        unit_fulfil(batch, unit, again)
        if unit.state == UnitState.READY:
            unit.backorder_reason = ""
            filled.append(unit)
        unit.save()
    lines = ", ".join(str(unit.line) for unit in filled) or _("none")
    batch_transition(
        batch=batch, action=BatchAction.FILL, by=by,
        note=_("Filled from stock: lines %(lines)s") % {"lines": lines},
    )  # fmt: skip
    return len(filled)


def _shippable(batch: ReturnBatch) -> list[ReturnUnit]:
    """Ready units of this batch, then filled backorders of the dealer's part-shipped batches."""
    others = list(
        ReturnBatch.objects.select_for_update()
        .filter(dealer=batch.dealer, brand=batch.brand, status=BatchStatus.PART_SHIPPED)
        .exclude(pk=batch.pk)
        .values_list("pk", flat=True)
    )
    return list(
        ReturnUnit.objects.select_for_update(of=("self",))
        .select_related("batch", "model")
        .filter(batch_id__in=[batch.pk, *others], state=UnitState.READY)
        .order_by("batch_id", "line")
    )


def _retention_end(batch: ReturnBatch) -> Any:
    retention = policy_get(policy_id=batch.brand.policy_id).retention
    return add_months(timezone.localdate(), retention.months) if retention else None


@transaction.atomic
def batch_ship(
    *, number: str, courier: str, tracking_number: str, by: User, note: str = ""
) -> DeliveryShipment:
    """Ships what is ready with a delivery list; the batch is shipped, or in part."""
    batch = batch_for_change(number=number, by=by)
    if not may_take(batch=batch, action=BatchAction.SHIP, user=by) or batch.status not in (
        BatchStatus.READY_TO_SHIP, BatchStatus.PART_SHIPPED,
    ):  # fmt: skip
        batch_transition(batch=batch, action=BatchAction.SHIP, by=by)  # raises 403 / 409
    courier, tracking = courier.strip()[:60], tracking_number.strip()[:40]
    if not courier:
        raise DomainError.invalid("courier", _("Name the courier or logistics company."))
    if not tracking:
        raise DomainError.invalid("tracking_number", _("Give the courier's tracking number."))
    units = _shippable(batch)
    if not units and batch.units.filter(state=UnitState.BACKORDERED).exists():
        raise DomainError(
            "nothing_ready", _("Nothing is ready yet: every unit left is waiting for stock."),
            status=409,
        )  # fmt: skip
    now = timezone.now()
    count = batch.shipments.count() + 1
    shipment = DeliveryShipment.objects.create(
        number=f"{batch.number}-D{count}", batch=batch, brand=batch.brand, dealer=batch.dealer,
        courier=courier, tracking_number=tracking, by=by, note=note.strip()[:2000],
        on_time=bool(batch.due_on and timezone.localdate(now) <= batch.due_on),
    )  # fmt: skip
    ReturnUnit.objects.filter(pk__in=[u.pk for u in units]).update(
        state=UnitState.SHIPPED, shipment=shipment
    )
    touched = {batch.pk: batch} | {u.batch_id: u.batch for u in units}
    for each in touched.values():
        _after_shipment(each, shipment, by)
    _tell_dealer(batch, shipment, len(units))
    return shipment


def _after_shipment(batch: ReturnBatch, shipment: DeliveryShipment, by: User) -> BatchEvent:
    waiting = batch.units.filter(state__in=[UnitState.BACKORDERED, UnitState.COUNTED]).exists()
    changes: dict[str, Any] = {"delivery_data_until": _retention_end(batch)}
    if batch.first_shipped_at is None:
        changes["first_shipped_at"] = shipment.shipped_at
        changes["shipped_on_time"] = shipment.on_time
    return batch_transition(
        batch=batch, action=BatchAction.SHIP, by=by,
        note=_("Delivery list %(number)s, %(courier)s %(tracking)s") % {
            "number": shipment.number, "courier": shipment.courier,
            "tracking": shipment.tracking_number,
        },
        changes=changes, target=BatchStatus.PART_SHIPPED if waiting else BatchStatus.SHIPPED,
    )  # fmt: skip


def _tell_dealer(batch: ReturnBatch, shipment: DeliveryShipment, units: int) -> None:
    values = {"number": shipment.number, "batch": batch.number, "units": units,
              "courier": shipment.courier, "tracking": shipment.tracking_number}  # fmt: skip
    texts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            texts.append(
                _("Delivery list %(number)s for batch %(batch)s: %(units)s unit(s) sent back "
                  "by %(courier)s, tracking number %(tracking)s.") % values
            )  # fmt: skip
            subject = _("Batch %(batch)s: goods shipped back") % values
    message_to_dealer(
        dealer=batch.dealer, topic=f"return-shipment:{shipment.number}",
        subject=subject, body="\n\n".join(texts),
    )  # fmt: skip


@transaction.atomic
def batch_close(*, number: str, by: User, note: str = "") -> BatchEvent:
    """The dealer has the goods (or the factory closes the file); it is asked how it went."""
    batch = batch_for_change(number=number, by=by)
    event = batch_transition(
        batch=batch, action=BatchAction.CLOSE, by=by, note=note,
        changes={"closed_at": timezone.now()},
    )  # fmt: skip
    survey_invite_for_batch(batch=batch)
    return event
