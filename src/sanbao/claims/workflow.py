"""Who sees a declaration, the one way to lock it for a change, and its timeline rows."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.claims.models import ClaimEvent, ClaimStatus, DamageClaim, Desk
from sanbao.config.errors import DomainError

DECIDE = {
    Desk.COMMERCIAL: "claims.decide_commercial",
    Desk.AFTER_SALES: "claims.decide_after_sales",
}


def claims_visible(*, user: User) -> QuerySet[DamageClaim]:
    """A dealer its own declarations; staff their brands' (drafts stay the dealer's)."""
    if user.dealer_id:
        return DamageClaim.objects.filter(dealer_id=user.dealer_id)
    if not user.has_perm("claims.view_damageclaim"):
        return DamageClaim.objects.none()
    return DamageClaim.objects.filter(brand__in=user_brands(user=user)).filter(
        ~Q(status=ClaimStatus.DRAFT)
    )


def claim_not_found(number: str) -> DomainError:
    message = _("There is no declaration %(number)s.") % {"number": number[:24]}
    return DomainError("claim_not_found", message, status=404)


def claim_for_change(*, number: str, by: User) -> DamageClaim:
    claim = (
        claims_visible(user=by)
        .select_for_update(of=("self",))
        .select_related("brand", "dealer")
        .filter(number=number.strip().upper()[:24])
        .first()
    )
    if claim is None:
        raise claim_not_found(number)
    return claim


def claim_event(
    *, claim: DamageClaim, action: str, from_status: str, by: User | None, note: str = ""
) -> ClaimEvent:
    return ClaimEvent.objects.create(
        claim=claim, action=action, from_status=from_status, to_status=claim.status,
        note=note.strip()[:2000], by=by,
    )  # fmt: skip


def may_decide(*, claim: DamageClaim, user: User) -> bool:
    return bool(claim.desk) and user.has_perm(DECIDE[Desk(claim.desk)])
