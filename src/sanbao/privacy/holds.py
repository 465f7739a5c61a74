"""Legal holds: what keeps a customer's personal data although its period ended or they
asked for deletion — an order still open, or an active recall of a unit of theirs."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sanbao.catalog.models import Recall
from sanbao.catalog.recall_scopes import recall_units
from sanbao.customers.models import Customer
from sanbao.service.models import ServiceOrder
from sanbao.service.models.orders import OPEN_STATUSES


@dataclass(frozen=True)
class Hold:
    code: str  # open_order | recall
    reference: str  # the card number or the recall's code

    @property
    def message(self) -> str:
        if self.code == "open_order":
            return _(
                "Service order %(number)s is still open: the data is needed to hand the "
                "product back."
            ) % {"number": self.reference}
        return _(
            "Recall %(code)s is active for a unit of theirs: the data is needed to reach "
            "them for the remedy."
        ) % {"code": self.reference}


def recall_held_customers() -> QuerySet[Customer, Any]:
    """Customers who own, or brought in, a unit of an active recall (as one subquery)."""
    held = Q(pk__in=[])
    for recall in Recall.objects.filter(status=Recall.Status.ACTIVE):
        units = recall_units(recall=recall)
        brought = ServiceOrder.objects.filter(unit__in=units.values("pk")).values("customer_id")
        held |= Q(pk__in=units.filter(owner__isnull=False).values("owner_id")) | Q(pk__in=brought)
    return Customer.objects.filter(held).values("pk")


def customer_holds(*, customer: Customer) -> list[Hold]:
    found = [
        Hold("open_order", number)
        for number in ServiceOrder.objects.filter(
            customer=customer, status__in=OPEN_STATUSES
        ).values_list("number", flat=True)
    ]
    for recall in Recall.objects.filter(status=Recall.Status.ACTIVE):
        units = recall_units(recall=recall)
        if units.filter(Q(owner=customer) | Q(service_orders__customer=customer)).exists():
            found.append(Hold("recall", recall.code))
    return found
