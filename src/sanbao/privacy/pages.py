"""Back-office pages of privacy: the access log, searchable by auditors, and the
data-subject requests."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import User
from sanbao.accounts.phones import phone_normalise
from sanbao.accounts.selectors import user_brands
from sanbao.customers.selectors import brand_customers
from sanbao.privacy.crypto import phone_digest
from sanbao.privacy.models import AccessLogEntry, DataSubjectRequest
from sanbao.web.object_pages import ObjectPage


def _brand_staff(user: User) -> QuerySet[User, Any]:
    brands = user_brands(user=user)
    return User.objects.filter(Q(outlet__brands__in=brands) | Q(brands__in=brands)).values("pk")


def _access_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Entries by staff who work for one of the user's brands, and the customers' own
    requests about customers of those brands."""
    customers = brand_customers(brands=user_brands(user=user)).values("pk")
    mine = Q(user_id__in=_brand_staff(user)) | Q(user__isnull=True, customer_id__in=customers)
    return queryset.filter(mine).select_related("user")


def _access_search(query: str) -> Q:
    """A customer's phone finds the entries about them; anything else, the staff member's
    login or the page."""
    try:
        digest = phone_digest(phone_normalise(query))
    except ValidationError:
        return Q(user__username__icontains=query) | Q(where__icontains=query)
    return Q(customer__phone_hash=digest)


def _requests_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    customers = brand_customers(brands=user_brands(user=user)).values("pk")
    return queryset.filter(customer_id__in=customers).select_related("customer", "handled_by")


PAGES = [
    ObjectPage(
        slug="access-log",
        model=AccessLogEntry,
        title=_("Access log"),
        permission="privacy.view_accesslogentry",
        columns=["viewed_at", "user", "action", "customer_label", "where", "detail"],
        detail_fields=["viewed_at", "user", "action", "customer_label", "where", "detail"],
        filters=["action"],
        search=_access_search,
        search_hint=_("Customer's phone, staff login or page"),
        scope=_access_scope,
        count_cap=10_000,
    ),
    ObjectPage(
        slug="data-requests",
        model=DataSubjectRequest,
        title=_("Data-subject requests"),
        permission="privacy.view_datasubjectrequest",
        columns=["created_at", "kind", "status", "via", "handled_by", "completed_at"],
        detail_fields=[
            "created_at", "customer", "kind", "status", "via", "handled_by", "holds",
            "completed_at",
        ],
        filters=["kind", "status", "via"],
        scope=_requests_scope,
    ),
]  # fmt: skip
