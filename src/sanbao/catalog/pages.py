"""Back-office pages of the catalog, scoped to the brands a user works for."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.models import Part, ProductionBatch, ProductModel
from sanbao.web.object_pages import ObjectPage


def _brand_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(brand__in=user_brands(user=user)).select_related("brand")


def _model_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(model__brand__in=user_brands(user=user)).select_related("model")


PAGES = [
    ObjectPage(
        slug="product-models",
        model=ProductModel,
        title=_("Product models"),
        permission="catalog.view_productmodel",
        columns=["sku", "name", "brand", "category", "capacity_mah", "energy_wh", "is_active"],
        detail_fields=[
            "sku", "name_en", "name_zh", "brand", "category", "capacity_mah", "energy_wh",
            "ccc_certificate", "ccc_valid_until", "warranty_months", "required_accessories",
            "is_active",
        ],
        search_fields=["sku", "name_en", "name_zh", "ccc_certificate"],
        filters=["brand", "category", "is_active"],
        scope=_brand_scope,
        labels={"name": _("name")},
        form_fields=[
            "brand", "sku", "name_en", "name_zh", "category", "capacity_mah", "energy_wh",
            "ccc_certificate", "ccc_valid_until", "warranty_months", "required_accessories",
            "is_active",
        ],
    ),
    ObjectPage(
        slug="batches",
        model=ProductionBatch,
        title=_("Production batches"),
        permission="catalog.view_productionbatch",
        columns=["code", "model", "produced_from", "produced_to", "cell_supplier"],
        detail_fields=["code", "model", "produced_from", "produced_to", "cell_supplier"],
        search_fields=["code", "model__sku", "cell_supplier"],
        filters=["model"],
        scope=_model_scope,
        form_fields=["model", "code", "produced_from", "produced_to", "cell_supplier"],
    ),
    ObjectPage(
        slug="parts",
        model=Part,
        title=_("Parts"),
        permission="catalog.view_part",
        columns=["code", "name", "brand", "mass_production_cost"],
        detail_fields=[
            "code", "name_en", "name_zh", "brand", "mass_production_cost", "models_served",
            "stock_summary",
        ],
        search_fields=["code", "name_en", "name_zh"],
        filters=["brand"],
        scope=_brand_scope,
        labels={"name": _("name"), "stock_summary": _("stock on hand per outlet")},
        form_fields=[
            "brand", "code", "name_en", "name_zh", "mass_production_cost", "models_served",
        ],
    ),
]  # fmt: skip
