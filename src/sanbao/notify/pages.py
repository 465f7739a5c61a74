"""Back-office page of the outbox: what is queued for customers, for the brands one works for."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.notify.models import OutboxMessage
from sanbao.web.object_pages import ObjectPage


def _scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    # A customer is the brand's when they own one of its units.
    owners = user_brands(user=user).values("unit__owner_id")
    return queryset.filter(customer_id__in=owners).select_related("customer")


PAGES = [
    ObjectPage(
        slug="outbox",
        model=OutboxMessage,
        title=_("Outbox"),
        permission="notify.view_outboxmessage",
        columns=["subject", "customer", "topic", "language", "status", "created_at"],
        detail_fields=[
            "customer",
            "topic",
            "language",
            "subject",
            "body",
            "status",
            "created_at",
            "sent_at",
        ],
        search_fields=["topic", "subject"],
        filters=["status"],
        scope=_scope,
    )
]
