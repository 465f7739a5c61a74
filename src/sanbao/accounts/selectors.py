"""Reads of the accounts app."""

from django.db.models import QuerySet

from sanbao.accounts.models import ApiToken, Brand, User


def user_brands(*, user: User) -> QuerySet[Brand]:
    """The brands a user may work for: their own limit, else their outlet's or dealer's."""
    limited = user.brands.all()
    if limited.exists():
        return limited
    if user.outlet_id:
        return Brand.objects.filter(outlets=user.outlet_id, is_active=True)
    if user.dealer_id:
        return Brand.objects.filter(dealers=user.dealer_id, is_active=True)
    if user.is_superuser or user.groups.filter(name__in=["admin", "manager", "auditor"]).exists():
        return Brand.objects.filter(is_active=True)
    return Brand.objects.none()


def user_api_tokens(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
