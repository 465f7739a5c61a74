"""Reads of the maintenance register, limited to the brands a user works for."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.config.errors import DomainError
from sanbao.service.models import ServiceOrder


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
