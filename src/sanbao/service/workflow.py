"""The service order's transition table (DESIGN §5) and the one way to move along it.

Every transition locks the order, checks that the action is allowed from its status and
by this user, writes the new status with whatever else the action changes, and appends
one event row — all in the caller's transaction. Anything else is a 409.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.config.errors import DomainError
from sanbao.service.models import (
    OPEN_STATUSES,
    Action,
    ServiceOrder,
    ServiceOrderEvent,
    Status,
)

TECHNICIAN = "service.change_serviceorder"
DESK = "service.hand_back_serviceorder"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    permission: str


def _t(sources: Iterable[str], target: str, permission: str) -> Transition:
    return Transition(frozenset(sources), target, permission)


A, S = Action, Status
TRANSITIONS: dict[str, Transition] = {
    A.DIAGNOSE: _t({S.REGISTERED, S.DIAGNOSING, S.TRANSFERRED_TO_HQ}, S.DIAGNOSING, TECHNICIAN),
    A.REPAIR_ON_SPOT: _t({S.REGISTERED, S.DIAGNOSING}, S.READY, TECHNICIAN),
    A.QUOTE: _t({S.DIAGNOSING}, S.QUOTED, TECHNICIAN),
    A.APPROVE: _t({S.QUOTED}, S.APPROVED, DESK),
    A.DECLINE: _t({S.QUOTED}, S.DECLINED, DESK),
    A.START_REPAIR: _t({S.DIAGNOSING, S.APPROVED, S.AWAITING_PARTS}, S.REPAIRING, TECHNICIAN),
    A.AWAIT_PARTS: _t({S.DIAGNOSING, S.APPROVED, S.REPAIRING}, S.AWAITING_PARTS, TECHNICIAN),
    A.TRANSFER_TO_HQ: _t(
        {S.REGISTERED, S.DIAGNOSING, S.APPROVED, S.REPAIRING, S.AWAITING_PARTS},
        S.TRANSFERRED_TO_HQ,
        TECHNICIAN,
    ),
    A.REPAIR: _t({S.REPAIRING}, S.READY, TECHNICIAN),
    A.REPAIR_FAILED: _t({S.REPAIRING}, S.DIAGNOSING, TECHNICIAN),
    A.REPLACE: _t({S.DIAGNOSING, S.APPROVED, S.REPAIRING, S.AWAITING_PARTS}, S.READY, TECHNICIAN),
    A.REFUND: _t({S.DIAGNOSING, S.REPAIRING, S.AWAITING_PARTS}, S.CLOSED, TECHNICIAN),
    A.RETURN_UNREPAIRED: _t({S.DIAGNOSING, S.DECLINED}, S.READY, TECHNICIAN),
    A.HAND_BACK: _t({S.READY}, S.RETURNED, DESK),
    A.CLOSE: _t({S.RETURNED}, S.CLOSED, DESK),
    A.CANCEL: _t(OPEN_STATUSES - {S.READY}, S.CANCELLED, DESK),
}


def order_for_change(*, number: str, by: User | None) -> ServiceOrder:
    """The order, locked until the transaction ends; staff only see their brands' orders."""
    orders = ServiceOrder.objects.select_for_update(of=("self",)).select_related(
        "brand", "outlet", "customer", "model", "unit"
    )
    if by is not None:
        orders = orders.filter(brand__in=user_brands(user=by))
    order = orders.filter(number=number.strip().upper()[:24]).first()
    if order is None:
        message = _("There is no service order %(number)s.") % {"number": number[:24]}
        raise DomainError("order_not_found", message, status=404)
    return order


def actions_allowed(*, order: ServiceOrder, user: User) -> list[str]:
    """The actions this user may take on the order now, in table order."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if order.status in transition.sources and user.has_perm(transition.permission)
    ]


def order_transition(
    *,
    order: ServiceOrder,
    action: str,
    by: User | None,
    note: str = "",
    changes: dict[str, Any] | None = None,
    target: str | None = None,
) -> ServiceOrderEvent:
    """Moves a locked order along the table; `by` is None for the customer on the portal."""
    transition = TRANSITIONS[action]
    if by is not None and not by.has_perm(transition.permission):
        raise DomainError("forbidden", _("Your role may not do this."), status=403)
    if order.status not in transition.sources:
        raise DomainError(
            "illegal_transition",
            _("An order that is “%(status)s” cannot take “%(action)s”.")
            % {"status": order.get_status_display(), "action": Action(action).label},
            status=409,
        )
    from_status = order.status
    order.status = target or transition.target
    fields = ["status"]
    for name, value in (changes or {}).items():
        setattr(order, name, value)
        fields.append(name)
    order.save(update_fields=fields)
    return ServiceOrderEvent.objects.create(
        order=order,
        action=action,
        from_status=from_status,
        to_status=order.status,
        note=note.strip()[:2000],
        by=by,
    )
