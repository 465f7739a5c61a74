"""Submitting the packing list (seed 003 IV.2) and handing the boxes to the courier."""

from math import ceil
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import Brand, Dealer, User
from sanbao.config.errors import DomainError
from sanbao.returns.building import BatchHeader, batch_create, batch_units_add, brand_returns
from sanbao.returns.models import BatchAction, BatchEvent, Payment, ReturnBatch
from sanbao.returns.workflow import batch_for_change, batch_transition

# The repair list's page layout (documents/returns/repair_list.html): A4 portrait, rows of
# one line each, every category starting on a new page (seed 003 IV.B3: kept apart).
ROWS_PER_PAGE = 22


def repair_list_pages(counts_by_category: dict[str, int]) -> int:
    """How many pages the printed repair list takes."""
    return sum(ceil(count / ROWS_PER_PAGE) for count in counts_by_category.values() if count)


def batch_category_counts(batch: ReturnBatch) -> dict[str, int]:
    rows = batch.units.filter(declared=True).values("category").annotate(n=Count("pk"))
    return {row["category"]: row["n"] for row in rows}


@transaction.atomic
def batch_submit(*, number: str, by: User) -> BatchEvent:
    """Freezes the packing list: units, boxes, pages of the repair list, shipping terms."""
    batch = batch_for_change(number=number, by=by)
    rules = brand_returns(batch.brand)
    counts = batch_category_counts(batch)
    total = sum(counts.values())
    if total == 0:
        raise DomainError.invalid("units", _("Add the units to return before submitting."))
    if batch.boxes > total:
        raise DomainError.invalid(
            "boxes", _("%(boxes)s boxes for %(units)s units: check the number of packages.")
            % {"boxes": batch.boxes, "units": total}
        )  # fmt: skip
    if batch.payment == Payment.COD:
        raise DomainError.invalid(
            "payment",
            _("Cash-on-delivery parcels are refused: whoever sends the goods pays (%(clause)s).")
            % {"clause": rules.clauses.get("cod_refused", "")},
            code="cod_refused",
        )
    if not batch.courier:
        raise DomainError.invalid("courier", _("Name the courier or logistics company."))
    note = ""
    if not batch.home_delivery:
        note = _("No home delivery: the costs this causes fall on the shipper (%(clause)s).") % {
            "clause": rules.clauses.get("home_delivery", "")
        }
    return batch_transition(
        batch=batch,
        action=BatchAction.SUBMIT,
        by=by,
        note=note,
        changes={
            "submitted_at": timezone.now(),
            "repair_list_pages": repair_list_pages(counts),
            "shipper_bears_costs": not batch.home_delivery,
        },
    )


@transaction.atomic
def batch_dispatch(*, number: str, tracking_number: str, by: User, courier: str = "") -> BatchEvent:
    """The boxes are with the courier: the tracking number is known."""
    batch = batch_for_change(number=number, by=by)
    tracking = tracking_number.strip()[:40]
    if not tracking:
        raise DomainError.invalid("tracking_number", _("Give the courier's tracking number."))
    return batch_transition(
        batch=batch,
        action=BatchAction.DISPATCH,
        by=by,
        changes={
            "tracking_number": tracking,
            "courier": courier.strip()[:60] or batch.courier,
            "dispatched_at": timezone.now(),
        },
    )


@transaction.atomic
def batch_register(
    *,
    brand: Brand,
    header: BatchHeader,
    by: User,
    rows: list[dict[str, Any]],
    dealer: Dealer | None = None,
    submit: bool = True,
) -> str:
    """A batch with its units, submitted unless a draft is wanted: all of it, or nothing."""
    batch = batch_create(brand=brand, header=header, by=by, dealer=dealer)
    if rows:
        batch_units_add(number=batch.number, rows=rows, by=by)
    if submit:
        batch_submit(number=batch.number, by=by)
    return batch.number
