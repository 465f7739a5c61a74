"""Reads of the customers app."""

from django.db.models import Q, QuerySet

from sanbao.accounts.models import Brand
from sanbao.customers.models import Customer


def brand_customers(*, brands: QuerySet[Brand]) -> QuerySet[Customer]:
    """The customers a brand's staff may see: owners of its units and those with its orders."""
    # Two subqueries, not one OR over two joins: that join multiplies every unit of a
    # customer by each of their orders, and the planner cannot use an index for it.
    owners = Customer.objects.filter(units__brand__in=brands).values("pk")
    with_orders = Customer.objects.filter(service_orders__brand__in=brands).values("pk")
    return Customer.objects.filter(Q(pk__in=owners) | Q(pk__in=with_orders))
