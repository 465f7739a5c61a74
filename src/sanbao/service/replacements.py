"""Replacing a faulty unit with a new one from stock, or refunding it.

The new unit is linked to the old one and its warranty restarts on the day of the swap
(PRC law: the three-guarantees period runs again from a replacement); the old unit and its
parts stay with the service centre.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.catalog.models import Unit, UnitStatus
from sanbao.catalog.serials import serial_checked
from sanbao.config.errors import DomainError
from sanbao.service.models import Action, ServiceOrder, ServiceOrderEvent
from sanbao.service.notices import order_notice
from sanbao.service.workflow import order_for_change, order_transition

IN_STOCK = (UnitStatus.PRODUCED, UnitStatus.SHIPPED)


def _remedy_allowed(order: ServiceOrder, remedy: str) -> None:
    """Replacement is the outlet's choice under warranty (seed 003); a refund needs the
    decision to offer it (e.g. after repeated failed repairs)."""
    offered = remedy in order.decision.get("remedies", [])
    outlet_choice = remedy == "replace" and order.coverage in ("in_warranty", "recall")
    if not (offered or outlet_choice):
        raise DomainError(
            "remedy_not_offered",
            _("The warranty decision does not offer this remedy for the order."),
            status=409,
        )


def _new_unit(order: ServiceOrder, serial: str) -> Unit:
    unit = (
        Unit.objects.select_for_update()
        .select_related("model")
        .filter(brand=order.brand, serial=serial_checked(serial))
        .first()
    )
    if unit is None:
        raise DomainError.invalid("serial", _("No unit with this serial is registered."))
    if unit.status not in IN_STOCK or unit.owner_id is not None or unit.pk == order.unit_id:
        raise DomainError.invalid("serial", _("This unit is not in stock: choose another."))
    same_or_better = unit.model.category == order.model.category and (
        unit.model_id == order.model_id
        or (unit.model.capacity_mah or 0) >= (order.model.capacity_mah or 0)
    )
    if not same_or_better:
        raise DomainError.invalid(
            "serial", _("A replacement is the same model, or one of no lower specification.")
        )
    return unit


@transaction.atomic
def order_replace(*, number: str, serial: str, by: User, note: str = "") -> ServiceOrderEvent:
    order = order_for_change(number=number, by=by)
    _remedy_allowed(order, "replace")
    new = _new_unit(order, serial)
    today = timezone.localdate()
    new.owner = order.customer
    new.status = UnitStatus.SOLD
    new.sold_on = today
    new.replaces = order.unit
    new.warranty_restarts_on = today
    new.save(update_fields=["owner", "status", "sold_on", "replaces", "warranty_restarts_on"])
    if order.unit is not None:
        Unit.objects.filter(pk=order.unit.pk).update(status=UnitStatus.REPLACED)
    message = _("Replaced by %(serial)s; the old unit stays with the service centre.") % {
        "serial": new.serial
    }
    event = order_transition(
        order=order,
        action=Action.REPLACE,
        by=by,
        note=f"{message} {note}".strip(),
        changes={"replacement_unit": new},
    )
    order_notice(order, "ready")
    return event


@transaction.atomic
def order_refund(*, number: str, amount: Decimal, by: User, note: str = "") -> ServiceOrderEvent:
    order = order_for_change(number=number, by=by)
    _remedy_allowed(order, "refund")
    if amount <= 0 or amount > Decimal("100000"):
        raise DomainError.invalid("amount", _("Give the refunded amount in yuan."))
    message = _("Refunded ¥%(amount)s; the product stays with the service centre.") % {
        "amount": amount.quantize(Decimal("0.01"))
    }
    event = order_transition(
        order=order,
        action=Action.REFUND,
        by=by,
        note=f"{message} {note}".strip(),
        changes={"closed_at": timezone.now()},
    )
    order_notice(order, "closed")
    return event
