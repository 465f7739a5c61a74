"""Reads of the customers app."""

from django.db.models import Q, QuerySet

from sanbao.accounts.models import Brand
from sanbao.customers.models import Customer


def brand_customers(*, brands: QuerySet[Brand]) -> QuerySet[Customer]:
    """The customers a brand's staff may see: owners of its units and those with its orders."""
    ids = Customer.objects.filter(
        Q(units__brand__in=brands) | Q(service_orders__brand__in=brands)
    ).values("pk")
    return Customer.objects.filter(pk__in=ids)
