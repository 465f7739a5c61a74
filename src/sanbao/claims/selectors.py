"""Reads of declarations."""

from django.db.models import QuerySet

from sanbao.accounts.models import User
from sanbao.claims.models import DamageClaim
from sanbao.claims.workflow import claim_not_found, claims_visible


def claims_filter(
    *, user: User, status: str = "", late: bool | None = None
) -> QuerySet[DamageClaim]:
    claims = claims_visible(user=user).select_related("brand", "dealer")
    if status:
        claims = claims.filter(status=status)
    if late is not None:
        claims = claims.filter(late=late)
    return claims.order_by("-created_at")


def claim_get(*, user: User, number: str) -> DamageClaim:
    claim = (
        claims_visible(user=user)
        .select_related("brand", "dealer", "delivery_shipment")
        .filter(number=number.strip().upper()[:24])
        .first()
    )
    if claim is None:
        raise claim_not_found(number)
    return claim
