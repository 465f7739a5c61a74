"""Back-office pages of the catalog, scoped to the brands a user works for."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.models import ProductModel
from sanbao.web.object_pages import ObjectPage


def _brand_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(brand__in=user_brands(user=user)).select_related("brand")


PAGES = [
    ObjectPage(
        slug="product-models",
        model=ProductModel,
        title=_("Product models"),
        permission="catalog.view_productmodel",
        columns=["sku", "name", "brand", "category", "capacity_mah", "energy_wh", "is_active"],
        detail_fields=[
            "sku",
            "name_en",
            "name_zh",
            "brand",
            "category",
            "capacity_mah",
            "energy_wh",
            "warranty_months",
            "required_accessories",
            "is_active",
        ],
        search_fields=["sku", "name_en", "name_zh"],
        filters=["brand", "category", "is_active"],
        scope=_brand_scope,
        labels={"name": _("name")},
    ),
]
