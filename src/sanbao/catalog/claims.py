"""Claims on units: a unit claimed by a second customer is flagged for review (fraud signal)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.catalog.models import Unit, UnitClaim
from sanbao.config.errors import DomainError
from sanbao.customers.models import Customer


@transaction.atomic
def unit_claim_record(*, unit: Unit, customer: Customer, reference: str) -> UnitClaim:
    """Notes a customer's claim on a unit, flagged when the unit's owner is someone else.

    The owner is whoever made the first claim, or a later claim that a reviewer found
    genuine (the unit changed hands); flagged claims pending review or found fraudulent
    never make their customer the owner.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    owner_claim = (
        UnitClaim.objects.filter(unit=unit)
        .filter(Q(duplicate_of__isnull=True) | Q(review=UnitClaim.Review.GENUINE))
        .order_by("-claimed_at", "-pk")
        .first()
    )
    flagged = owner_claim is not None and owner_claim.customer_id != customer.pk
    return UnitClaim.objects.create(
        unit=unit,
        customer=customer,
        reference=reference[:40],
        claimed_at=timezone.now(),
        duplicate_of=owner_claim if flagged else None,
        review=UnitClaim.Review.PENDING if flagged else "",
    )


@transaction.atomic
def unit_claim_review(*, claim: UnitClaim, outcome: str, note: str, by: User) -> UnitClaim:
    claim = UnitClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.review != UnitClaim.Review.PENDING:
        raise DomainError("not_pending", _("This claim is not waiting for a review."), status=409)
    if outcome not in (UnitClaim.Review.GENUINE, UnitClaim.Review.FRAUD):
        message = _("Choose genuine or fraudulent.")
        raise DomainError.invalid("outcome", message)
    if outcome == UnitClaim.Review.FRAUD and not note.strip():
        message = _("Say why the claim is fraudulent.")
        raise DomainError.invalid("note", message)
    claim.review = outcome
    claim.review_note = note.strip()[:2000]
    claim.reviewed_by = by
    claim.reviewed_at = timezone.now()
    claim.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    return claim
