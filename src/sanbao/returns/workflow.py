"""The return batch's transition table (DESIGN §5) and the one way to move along it.

A dealer acts on its own batches only; factory staff on their brands' batches, each
action gated by a permission. Every change locks the batch and appends one event row in
the caller's transaction; an action the table does not allow is a 409.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.config.errors import DomainError
from sanbao.returns.models import BatchAction, BatchEvent, BatchStatus, ReturnBatch

PREPARE = "returns.add_returnbatch"  # factory staff preparing a batch for a dealer
WAREHOUSE = "returns.change_returnbatch"
INSPECT = "returns.inspect_returnunit"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the service decides (or the status stays)
    permission: str
    dealer: bool = False  # the batch's own dealer may take it too


def _t(sources: Iterable[str], target: str | None, permission: str, dealer: bool = False) -> Any:
    return Transition(frozenset(sources), target, permission, dealer)


A, S = BatchAction, BatchStatus
AFTER_RECEIPT = {S.RECEIVED, S.INSPECTING, S.READY_TO_SHIP, S.PART_SHIPPED, S.SHIPPED}
TRANSITIONS: dict[str, Transition] = {
    A.SUBMIT: _t({S.DRAFT}, S.SUBMITTED, PREPARE, dealer=True),
    A.DISPATCH: _t({S.SUBMITTED}, S.IN_TRANSIT, PREPARE, dealer=True),
    A.RECEIVE: _t({S.SUBMITTED, S.IN_TRANSIT}, S.RECEIVED, WAREHOUSE),
    A.CONTACT: _t(AFTER_RECEIPT, None, WAREHOUSE),
    A.INSPECT: _t({S.RECEIVED, S.INSPECTING}, None, INSPECT),
    A.FILL: _t({S.INSPECTING, S.READY_TO_SHIP, S.PART_SHIPPED}, None, WAREHOUSE),
    A.SHIP: _t({S.READY_TO_SHIP, S.PART_SHIPPED}, None, WAREHOUSE),
    A.CLOSE: _t({S.SHIPPED}, S.CLOSED, WAREHOUSE, dealer=True),
    A.CANCEL: _t({S.DRAFT, S.SUBMITTED}, S.CANCELLED, PREPARE, dealer=True),
}


def batches_visible(*, user: User) -> QuerySet[ReturnBatch]:
    """The batches a user may see: a dealer its own, staff their brands'."""
    if user.dealer_id:
        return ReturnBatch.objects.filter(dealer_id=user.dealer_id)
    if not user.has_perm("returns.view_returnbatch"):
        return ReturnBatch.objects.none()
    return ReturnBatch.objects.filter(brand__in=user_brands(user=user))


def batch_not_found(number: str) -> DomainError:
    message = _("There is no return batch %(number)s.") % {"number": number[:24]}
    return DomainError("batch_not_found", message, status=404)


def batch_for_change(*, number: str, by: User) -> ReturnBatch:
    """The batch, locked until the transaction ends; 404 outside the user's view."""
    batch = (
        batches_visible(user=by)
        .select_for_update(of=("self",))
        .select_related("brand", "dealer")
        .filter(number=number.strip().upper()[:24])
        .first()
    )
    if batch is None:
        raise batch_not_found(number)
    return batch


def may_take(*, batch: ReturnBatch, action: str, user: User) -> bool:
    transition = TRANSITIONS[action]
    if user.dealer_id:
        return transition.dealer and user.dealer_id == batch.dealer_id
    return user.has_perm(transition.permission)


def actions_allowed(*, batch: ReturnBatch, user: User) -> list[str]:
    """The actions this user may take on the batch now, in table order."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if batch.status in transition.sources and may_take(batch=batch, action=action, user=user)
    ]


def batch_transition(
    *,
    batch: ReturnBatch,
    action: str,
    by: User,
    note: str = "",
    changes: dict[str, Any] | None = None,
    target: str | None = None,
) -> BatchEvent:
    """Moves a locked batch along the table, writing `changes` and one event row."""
    transition = TRANSITIONS[action]
    if not may_take(batch=batch, action=action, user=by):
        raise DomainError("forbidden", _("Your role may not do this."), status=403)
    if batch.status not in transition.sources:
        raise DomainError(
            "illegal_transition",
            _("A batch that is “%(status)s” cannot take “%(action)s”.")
            % {"status": batch.get_status_display(), "action": BatchAction(action).label},
            status=409,
        )
    from_status = batch.status
    batch.status = target or transition.target or batch.status
    fields = ["status"]
    for name, value in (changes or {}).items():
        setattr(batch, name, value)
        fields.append(name)
    batch.save(update_fields=fields)
    return BatchEvent.objects.create(
        batch=batch,
        action=action,
        from_status=from_status,
        to_status=batch.status,
        note=note.strip()[:2000],
        by=by,
    )
