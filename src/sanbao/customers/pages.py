"""Back-office pages of customers: masked everywhere; the full record is a logged step."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import User
from sanbao.accounts.phones import phone_normalise
from sanbao.accounts.selectors import user_brands
from sanbao.customers.models import Customer
from sanbao.customers.selectors import brand_customers
from sanbao.privacy.crypto import phone_digest
from sanbao.web.object_pages import ObjectPage


def _scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    visible = brand_customers(brands=user_brands(user=user)).values("pk")
    return queryset.filter(pk__in=visible)


def _search(query: str) -> Q:
    """Staff find a customer by the phone they give; anything else matches nobody."""
    try:
        return Q(phone_hash=phone_digest(phone_normalise(query)))
    except ValidationError:
        return Q(pk__in=[])


def _orders(request: SignedInRequest, customer: Customer) -> dict[str, Any]:
    brands = user_brands(user=request.user)
    orders = customer.service_orders.filter(brand__in=brands).select_related("model")
    return {"orders": orders.order_by("-created_at")[:50]}


PAGES = [
    ObjectPage(
        slug="customers",
        model=Customer,
        title=_("Customers"),
        permission="customers.view_customer",
        columns=["masked_name", "masked_phone", "city", "language", "accepts_notifications"],
        detail_fields=[
            "masked_name", "masked_phone", "province", "city", "language",
            "accepts_notifications", "notifications_consent_source",
        ],
        filters=["language"],
        search=_search,
        search_hint=_("Mobile phone number"),
        scope=_scope,
        count_cap=10_000,
        labels={
            "masked_name": _("name"),
            "masked_phone": _("phone"),
            "accepts_notifications": _("agreed to notifications"),
        },
        detail_template="customers/_customer_detail.html",
        detail_context=_orders,
    ),
]  # fmt: skip
