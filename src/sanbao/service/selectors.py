"""Reads of the maintenance register, limited to the brands a user works for."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.config.errors import DomainError
from sanbao.service.models import OPEN_STATUSES, ServiceOrder


def user_service_orders(*, user: User) -> QuerySet[ServiceOrder]:
    return ServiceOrder.objects.filter(brand__in=user_brands(user=user)).select_related(
        "brand", "outlet", "customer", "model"
    )


def service_order_get(*, user: User, number: str) -> ServiceOrder:
    order = user_service_orders(user=user).filter(number=number.strip().upper()[:24]).first()
    if order is None:
        raise DomainError(
            "order_not_found",
            _("There is no service order %(number)s.") % {"number": number[:24]},
            status=404,
        )
    return order


@dataclass(frozen=True)
class OrderFilter:
    """What a board or the list API narrows orders down to."""

    status: str = ""
    statuses: tuple[str, ...] = ()
    outlet: str = ""
    query: str = ""
    overdue: bool = False
    due_today: bool = False
    at_hq: bool = False
    open_only: bool = False


def service_orders_filter(
    *, user: User, criteria: OrderFilter, today: date | None = None
) -> QuerySet[ServiceOrder]:
    """Orders matching the criteria, most urgent first (earliest due, then oldest)."""
    today = today or timezone.localdate()
    orders = user_service_orders(user=user)
    if criteria.status:
        orders = orders.filter(status=criteria.status)
    if criteria.statuses:
        orders = orders.filter(status__in=criteria.statuses)
    if criteria.open_only or criteria.overdue or criteria.due_today:
        orders = orders.filter(status__in=OPEN_STATUSES)
    if criteria.outlet:
        orders = orders.filter(outlet__code=criteria.outlet)
    if criteria.at_hq:
        orders = orders.filter(at_hq=True)
    if criteria.overdue:
        orders = orders.filter(due_on__lt=today)
    if criteria.due_today:
        orders = orders.filter(due_on=today)
    if term := criteria.query.strip().upper()[:32]:
        orders = orders.filter(Q(number__startswith=term) | Q(serial=term))
    return orders.order_by(F("due_on").asc(nulls_last=True), "created_at", "pk")
