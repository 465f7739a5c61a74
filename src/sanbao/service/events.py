"""One event on an order, as the API and the pages send it: which service it goes to."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.config.errors import DomainError
from sanbao.service.handback import (
    order_cancel,
    order_close,
    order_hand_back,
    order_transfer_to_hq,
)
from sanbao.service.models import Action
from sanbao.service.parts import PartLine
from sanbao.service.quotes import quote_decide, quote_send
from sanbao.service.repairs import (
    order_diagnose,
    order_parts_await,
    order_repair_complete,
    order_repair_fail,
    order_repair_on_spot,
    order_repair_start,
    order_return_unrepaired,
)
from sanbao.service.replacements import order_refund, order_replace


@dataclass
class OrderEvent:
    """What staff send with an action; each action reads the fields it needs."""

    action: str
    note: str = ""
    findings: str = ""
    fault_code: str = ""
    exclusions: list[str] = field(default_factory=list)
    parts: list[PartLine] = field(default_factory=list)
    labour_minutes: int = 0
    labour: Decimal = Decimal(0)
    freight: Decimal = Decimal(0)
    courier: str = ""
    tracking_number: str = ""
    sale_slip_included: bool = False
    serial: str = ""
    amount: Decimal = Decimal(0)
    signature: str = ""


Handler = Callable[[str, OrderEvent, User], object]
A = Action
HANDLERS: dict[str, Handler] = {
    A.DIAGNOSE: lambda n, e, by: order_diagnose(
        number=n, findings=e.findings, exclusions=e.exclusions, fault_code=e.fault_code, by=by
    ),
    A.REPAIR_ON_SPOT: lambda n, e, by: order_repair_on_spot(
        number=n, work_done=e.note, parts=e.parts, labour_minutes=e.labour_minutes, by=by
    ),
    A.QUOTE: lambda n, e, by: quote_send(
        number=n, parts=e.parts, labour=e.labour, freight=e.freight, by=by
    ),
    A.APPROVE: lambda n, e, by: quote_decide(number=n, approve=True, by=by, note=e.note),
    A.DECLINE: lambda n, e, by: quote_decide(number=n, approve=False, by=by, note=e.note),
    A.START_REPAIR: lambda n, e, by: order_repair_start(number=n, by=by, note=e.note),
    A.AWAIT_PARTS: lambda n, e, by: order_parts_await(number=n, by=by, note=e.note),
    A.TRANSFER_TO_HQ: lambda n, e, by: order_transfer_to_hq(
        number=n,
        courier=e.courier,
        tracking_number=e.tracking_number,
        sale_slip_included=e.sale_slip_included,
        by=by,
        note=e.note,
    ),
    A.REPAIR: lambda n, e, by: order_repair_complete(
        number=n, work_done=e.note, parts=e.parts, labour_minutes=e.labour_minutes, by=by
    ),
    A.REPAIR_FAILED: lambda n, e, by: order_repair_fail(number=n, by=by, note=e.note),
    A.REPLACE: lambda n, e, by: order_replace(number=n, serial=e.serial, by=by, note=e.note),
    A.REFUND: lambda n, e, by: order_refund(number=n, amount=e.amount, by=by, note=e.note),
    A.RETURN_UNREPAIRED: lambda n, e, by: order_return_unrepaired(number=n, by=by, note=e.note),
    A.HAND_BACK: lambda n, e, by: order_hand_back(
        number=n,
        by=by,
        signature=e.signature,
        courier=e.courier,
        tracking_number=e.tracking_number,
        note=e.note,
    ),
    A.CLOSE: lambda n, e, by: order_close(number=n, by=by, note=e.note),
    A.CANCEL: lambda n, e, by: order_cancel(number=n, by=by, reason=e.note),
}


def order_event_apply(*, number: str, event: OrderEvent, by: User) -> None:
    """Runs the action's service, which checks everything and writes in one transaction."""
    handler = HANDLERS.get(event.action)
    if handler is None:
        raise DomainError.invalid("action", _("Choose one of the actions listed."))
    handler(number, event, by)
