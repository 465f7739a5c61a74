"""Quotes for repairs the warranty does not cover, priced only as the policy allows
(TOP-4.2: parts at mass-production cost, discounted delivery), decided once."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.config.errors import DomainError
from sanbao.service.models import Action, Quote, ServiceOrderEvent, Status
from sanbao.service.notices import order_notice
from sanbao.service.parts import FREE, PartLine, charge_basis, part_price, parts_resolve
from sanbao.service.workflow import order_for_change, order_transition

MAX_AMOUNT = Decimal("100000")


def _amount(field: str, value: Decimal, basis: str, clause: str) -> Decimal:
    if value < 0 or value > MAX_AMOUNT:
        raise DomainError.invalid(field, _("Give an amount from 0 to 100,000 yuan."))
    if basis == FREE and value > 0:
        raise DomainError.invalid(
            field, _("The policy (%(clause)s) charges nothing for this.") % {"clause": clause}
        )
    return Quote.money(value)


@transaction.atomic
def quote_send(
    *, number: str, parts: list[PartLine], labour: Decimal, freight: Decimal, by: User
) -> Quote:
    """Prices the repair and asks the customer; refused while the warranty covers it."""
    order = order_for_change(number=number, by=by)
    if order.coverage in ("in_warranty", "recall"):
        raise DomainError(
            "covered",
            _("The warranty covers this repair: the customer pays nothing, so no quote."),
            status=409,
        )
    clause = next((c["clause_id"] for c in order.decision.get("charges", [])), "")
    basis = charge_basis(order, "parts")
    priced = [
        (part, quantity, part_price(part, basis)) for part, quantity in parts_resolve(order, parts)
    ]
    lines = [
        {
            "code": part.code,
            "name_en": part.name_en,
            "name_zh": part.name_zh,
            "quantity": quantity,
            "unit_price": str(price),
        }
        for part, quantity, price in priced
    ]
    parts_total = Quote.money(sum((price * quantity for _p, quantity, price in priced), Decimal(0)))
    labour = _amount("labour", labour, charge_basis(order, "labour"), clause)
    freight = _amount("freight", freight, charge_basis(order, "freight_out"), clause)
    quote = Quote.objects.create(
        order=order,
        lines=lines,
        parts_total=parts_total,
        labour=labour,
        freight=freight,
        total=parts_total + labour + freight,
        charges=order.decision.get("charges", []),
        created_by=by,
    )
    note = _("Quote ¥%(total)s") % {"total": quote.total}
    order_transition(order=order, action=Action.QUOTE, by=by, note=note)
    order_notice(order, f"quote:{quote.pk}")
    return quote


@transaction.atomic
def quote_decide(
    *, number: str, approve: bool, by: User | None, note: str = ""
) -> ServiceOrderEvent:
    """The customer's answer, on the portal (`by` None) or told at the desk; only once."""
    order = order_for_change(number=number, by=by)
    quote = order.quotes.select_for_update().first()
    if quote is None or quote.status != Quote.Status.PENDING or order.status != Status.QUOTED:
        raise DomainError("quote_decided", _("This quote has already been answered."), status=409)
    quote.status = Quote.Status.APPROVED if approve else Quote.Status.DECLINED
    quote.decided_at = timezone.now()
    quote.decided_via = Quote.Via.PORTAL if by is None else Quote.Via.DESK
    quote.save(update_fields=["status", "decided_at", "decided_via"])
    action = Action.APPROVE if approve else Action.DECLINE
    if not note:
        note = _("By the customer on the portal") if by is None else ""
    return order_transition(order=order, action=action, by=by, note=note)
