"""Back-office page of the access log: who saw which customer's data unmasked, and when."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.privacy.models import AccessLogEntry
from sanbao.web.object_pages import ObjectPage


def _scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Entries by staff who work for one of the user's brands."""
    brands = user_brands(user=user)
    staff = User.objects.filter(Q(outlet__brands__in=brands) | Q(brands__in=brands)).values("pk")
    return queryset.filter(user_id__in=staff).select_related("user")


PAGES = [
    ObjectPage(
        slug="access-log",
        model=AccessLogEntry,
        title=_("Access log"),
        permission="privacy.view_accesslogentry",
        columns=["viewed_at", "user", "customer_label", "where"],
        detail_fields=["viewed_at", "user", "customer_label", "where"],
        scope=_scope,
        count_cap=10_000,
    ),
]
