"""Reads of return batches: lists for the floor and the dealer, one batch with its units."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from sanbao.accounts.models import User
from sanbao.returns.models import OPEN_BATCH_STATUSES, BatchStatus, ReturnBatch
from sanbao.returns.workflow import batch_not_found, batches_visible

BEFORE_SHIPPING = {BatchStatus.RECEIVED, BatchStatus.INSPECTING, BatchStatus.READY_TO_SHIP}


@dataclass(frozen=True)
class BatchFilter:
    status: str = ""
    dealer: str = ""
    query: str = ""
    overdue: bool = False


def overdue_q() -> Q:
    """Received, not shipped back yet, past the return cycle's due date."""
    return Q(status__in=BEFORE_SHIPPING, due_on__lt=timezone.localdate())


def batches_filter(*, user: User, criteria: BatchFilter) -> QuerySet[ReturnBatch]:
    """The batches the user may see, matching the filter: due first, then newest."""
    batches = batches_visible(user=user).select_related("brand", "dealer")
    if criteria.status:
        batches = batches.filter(status=criteria.status)
    if criteria.dealer:
        batches = batches.filter(dealer__code=criteria.dealer.strip().lower())
    if text := criteria.query.strip():
        batches = batches.filter(Q(number__startswith=text.upper()) | Q(tracking_number=text))
    if criteria.overdue:
        batches = batches.filter(overdue_q())
    declared = Count("units", filter=Q(units__declared=True))
    return batches.annotate(unit_count=declared).order_by(
        F("due_on").asc(nulls_last=True), "-created_at"
    )


def batch_get(*, user: User, number: str) -> ReturnBatch:
    """One batch the user may see, with what its page shows; 404 otherwise."""
    batch = (
        batches_visible(user=user)
        .select_related("brand", "dealer")
        .filter(number=number.strip().upper()[:24])
        .first()
    )
    if batch is None:
        raise batch_not_found(number)
    return batch


def open_batches_count(*, user: User) -> int:
    return batches_visible(user=user).filter(status__in=OPEN_BATCH_STATUSES).count()
