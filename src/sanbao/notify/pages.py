"""Back-office page of the outbox: messages to customers and staff of the brands one works for."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.customers.selectors import brand_customers
from sanbao.notify.models import OutboxMessage
from sanbao.web.object_pages import ObjectPage


def _scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    brands = user_brands(user=user)
    # A customer is the brand's when they own one of its units or have one of its orders;
    # staff when they work for it.
    owners = brand_customers(brands=brands).values("pk")
    staff = User.objects.filter(
        Q(outlet__brands__in=brands) | Q(dealer__brands__in=brands) | Q(brands__in=brands)
    ).values("pk")
    return queryset.filter(Q(customer_id__in=owners) | Q(user_id__in=staff)).select_related(
        "customer", "user"
    )


PAGES = [
    ObjectPage(
        slug="outbox",
        model=OutboxMessage,
        title=_("Outbox"),
        permission="notify.view_outboxmessage",
        columns=[
            "subject",
            "addressee",
            "topic",
            "status",
            "channel",
            "masked_recipient",
            "attempts",
            "last_error",
            "created_at",
        ],
        detail_fields=[
            "customer",
            "user",
            "topic",
            "language",
            "subject",
            "body",
            "status",
            "channel",
            "masked_recipient",
            "attempts",
            "last_error",
            "next_attempt_at",
            "created_at",
            "sent_at",
        ],
        # Never the recipient: searching by an address would reveal it.
        search_fields=["topic", "subject"],
        filters=["status", "channel"],
        scope=_scope,
        labels={"addressee": _("addressed to"), "masked_recipient": _("recipient")},
    )
]
