"""Writes of the privacy app."""

from sanbao.accounts.models import User
from sanbao.customers.models import Customer
from sanbao.privacy.models import AccessLogEntry


def customer_access_record(*, customer: Customer, user: User, where: str) -> AccessLogEntry:
    """Notes that `user` saw `customer`'s personal data unmasked."""
    return AccessLogEntry.objects.create(
        user=user, customer=customer, customer_label=str(customer)[:60], where=where[:200]
    )
