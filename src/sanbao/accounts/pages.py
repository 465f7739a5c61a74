"""Back-office pages of organisations, scoped to the brands a user works for."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, Dealer, ServiceOutlet, User
from sanbao.accounts.selectors import user_brands
from sanbao.web.object_pages import ObjectPage


def _brands_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(pk__in=user_brands(user=user))


def _serving_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(brands__in=user_brands(user=user)).distinct()


PAGES = [
    ObjectPage(
        slug="brands",
        model=Brand,
        title=_("Brands"),
        permission="accounts.view_brand",
        columns=["code", "name_en", "name_zh", "policy_id", "hotline", "is_active"],
        detail_fields=[
            "code",
            "name_en",
            "name_zh",
            "legal_name",
            "policy_id",
            "card_prefix",
            "hotline",
            "service_email",
            "is_active",
        ],
        search_fields=["code", "name_en", "name_zh", "legal_name"],
        filters=["is_active"],
        scope=_brands_scope,
    ),
    ObjectPage(
        slug="outlets",
        model=ServiceOutlet,
        title=_("Service outlets"),
        permission="accounts.view_serviceoutlet",
        columns=["code", "name_en", "name_zh", "is_hq", "city", "phone", "is_active"],
        detail_fields=[
            "code",
            "name_en",
            "name_zh",
            "is_hq",
            "brands",
            "province",
            "city",
            "district",
            "address_detail",
            "phone",
            "is_active",
        ],
        search_fields=["code", "name_en", "name_zh", "city"],
        filters=["is_hq", "brands", "is_active"],
        scope=_serving_scope,
    ),
    ObjectPage(
        slug="dealers",
        model=Dealer,
        title=_("Dealers"),
        permission="accounts.view_dealer",
        columns=["code", "name", "city", "contact_person", "authorised_until", "is_active"],
        detail_fields=[
            "code",
            "name",
            "credit_code",
            "contact_person",
            "phone",
            "brands",
            "province",
            "city",
            "district",
            "address_detail",
            "authorised_from",
            "authorised_until",
            "is_active",
        ],
        search_fields=["code", "name", "credit_code", "contact_person", "city"],
        filters=["brands", "is_active"],
        scope=_serving_scope,
    ),
]
