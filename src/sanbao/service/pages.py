"""Back-office pages of the maintenance register: orders with their timeline."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.service.models import ServiceOrder
from sanbao.service.views import order_workspace
from sanbao.web.object_pages import ObjectPage


def _scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(brand__in=user_brands(user=user)).select_related(
        "brand", "outlet", "customer", "model"
    )


def _search(query: str) -> Q:
    term = query.strip().upper()
    return Q(number=term) | Q(serial=term) | Q(number__startswith=term)


PAGES = [
    ObjectPage(
        slug="service-orders",
        model=ServiceOrder,
        title=_("Service orders"),
        permission="service.view_serviceorder",
        columns=["number", "status", "outlet", "customer", "model", "coverage_label", "due_on"],
        detail_fields=[
            "number", "status", "intake", "brand", "outlet", "customer", "model", "serial",
            "purchase_date", "sales_channel", "warranty_card_number", "fault_label",
            "fault_description", "accessories_label", "condition_notes", "coverage_label",
            "serious", "due_on", "created_by", "created_at",
        ],
        search=_search,
        search_hint=_("Card number or serial"),
        filters=["status", "outlet", "intake"],
        scope=_scope,
        count_cap=10_000,
        labels={
            "fault_label": _("main malfunction"),
            "accessories_label": _("accessories received"),
            "coverage_label": _("coverage"),
        },
        detail_template="service/_order_detail.html",
        detail_context=order_workspace,
    ),
]  # fmt: skip
