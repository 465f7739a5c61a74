"""Reads behind the portals."""

from datetime import date

from django.db.models import Prefetch, QuerySet

from sanbao.accounts.models import Brand, Dealer, ServiceOutlet


def brands_with_outlets() -> QuerySet[Brand]:
    """Active brands, each with its active service outlets (headquarters first)."""
    outlets = ServiceOutlet.objects.filter(is_active=True).order_by("-is_hq", "city", "code")
    return Brand.objects.filter(is_active=True).prefetch_related(
        Prefetch("outlets", queryset=outlets, to_attr="active_outlets")
    )


def dealer_authorised_on(*, dealer: Dealer, day: date) -> bool:
    """A dealer is an authorised channel on a day inside its authorisation period."""
    if not dealer.is_active:
        return False
    if dealer.authorised_from and day < dealer.authorised_from:
        return False
    return not (dealer.authorised_until and day > dealer.authorised_until)
