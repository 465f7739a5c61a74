"""Customers find their order with the card number and the last four digits of their phone.

Wrong digits count against the card number in the shared cache, whether or not such a card
exists, so that neither the answer nor the lockout tells a guesser which cards are real;
after TRACKING_FAILURE_LIMIT wrong tries the number is locked for TRACKING_LOCKOUT_SECONDS.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from sanbao.config.errors import DomainError
from sanbao.config.rate_limit import cache_count
from sanbao.service.models import ServiceOrder

SESSION_KEY = "tracked_orders"


def _failures_key(number: str) -> str:
    return f"track-failures:{number}"


def order_track(*, number: str, phone_last4: str) -> ServiceOrder:
    number = number.strip().upper()[:24]
    digits = phone_last4.strip()
    if len(digits) != 4 or not digits.isdigit():
        raise DomainError.invalid("phone_last4", _("Give the last four digits of your phone."))
    locked = DomainError(
        "locked",
        _("Too many wrong tries for this card: try again in %(minutes)s minutes.")
        % {"minutes": max(1, settings.TRACKING_LOCKOUT_SECONDS // 60)},
        status=429,
    )
    if int(cache.get(_failures_key(number)) or 0) >= settings.TRACKING_FAILURE_LIMIT:
        raise locked
    order = ServiceOrder.objects.select_related("customer").filter(number=number).first()
    if order is not None and constant_time_compare(order.customer.phone[-4:], digits):
        cache.delete(_failures_key(number))
        return order
    failures = cache_count(_failures_key(number), settings.TRACKING_LOCKOUT_SECONDS)
    if failures >= settings.TRACKING_FAILURE_LIMIT:
        raise locked
    raise DomainError(
        "no_match", _("The card number and phone digits do not match an order."), status=404
    )
