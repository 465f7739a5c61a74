"""Customers find their order with the card number and the last four digits of their phone.

Wrong digits count against the card, atomically; after TRACKING_FAILURE_LIMIT in a row the
card is locked for TRACKING_LOCKOUT_SECONDS, so the four digits cannot be guessed. The
answer never says whether a card exists.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from sanbao.config.errors import DomainError
from sanbao.service.models import ServiceOrder

SESSION_KEY = "tracked_orders"


def _no_match() -> DomainError:
    return DomainError(
        "no_match", _("The card number and phone digits do not match an order."), status=404
    )


def order_track(*, number: str, phone_last4: str) -> ServiceOrder:
    number = number.strip().upper()[:24]
    digits = phone_last4.strip()
    if len(digits) != 4 or not digits.isdigit():
        raise DomainError.invalid("phone_last4", _("Give the last four digits of your phone."))
    order = ServiceOrder.objects.select_related("customer").filter(number=number).first()
    if order is None:
        raise _no_match()
    now = timezone.now()
    if order.tracking_locked_until and order.tracking_locked_until > now:
        raise DomainError(
            "locked",
            _("Too many wrong tries: this card is locked until %(time)s.")
            % {"time": timezone.localtime(order.tracking_locked_until).strftime("%H:%M")},
            status=429,
        )
    if constant_time_compare(order.customer.phone[-4:], digits):
        ServiceOrder.objects.filter(pk=order.pk).update(tracking_failures=0)
        return order
    ServiceOrder.objects.filter(pk=order.pk).update(tracking_failures=F("tracking_failures") + 1)
    locked = ServiceOrder.objects.filter(
        pk=order.pk, tracking_failures__gte=settings.TRACKING_FAILURE_LIMIT
    ).update(
        tracking_failures=0,
        tracking_locked_until=now + timedelta(seconds=settings.TRACKING_LOCKOUT_SECONDS),
    )
    if locked:
        raise DomainError(
            "locked", _("Too many wrong tries: this card is locked for a while."), status=429
        )
    raise _no_match()
