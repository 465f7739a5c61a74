"""Back-office pages of the catalog, scoped to the brands a user works for."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.details import recall_detail_context, unit_detail_context
from sanbao.catalog.forms import ClaimReviewForm, RecallForm
from sanbao.catalog.models import (
    Part,
    ProductionBatch,
    ProductModel,
    Recall,
    SerialImport,
    Unit,
    UnitClaim,
)
from sanbao.catalog.recalls import recall_save
from sanbao.web.object_pages import ObjectPage, PageAction


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


def _unit_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(brand__in=user_brands(user=user)).select_related(
        "model", "batch", "dealer"
    )


def _serial_search(query: str) -> Q:
    """A serial or its beginning, as an index range (serials are letters and digits)."""
    prefix = "".join(ch for ch in query.upper() if ch.isalnum())[:32]
    return Q(serial__gte=prefix, serial__lte=prefix.ljust(32, "Z"))


def _claim_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(unit__brand__in=user_brands(user=user)).select_related(
        "unit", "customer", "duplicate_of__customer"
    )


_IMPORT_ACTION = PageAction(
    _("Import serials"), "catalog:serial_import_new", "catalog.add_serialimport"
)

PAGES += [
    ObjectPage(
        slug="units",
        model=Unit,
        title=_("Units"),
        permission="catalog.view_unit",
        columns=["serial", "model", "batch", "produced_on", "dealer", "shipped_on", "status"],
        detail_fields=[
            "serial", "brand", "model", "batch", "produced_on", "dealer", "shipped_on",
            "sold_on", "owner", "status",
        ],
        search=_serial_search,
        search_hint=_("Serial or its first characters"),
        filters=["model", "status"],
        scope=_unit_scope,
        count_cap=10_000,
        actions=[
            _IMPORT_ACTION,
        ],
        detail_template="catalog/_unit_detail.html",
        detail_context=unit_detail_context,
    ),
    ObjectPage(
        slug="serial-imports",
        model=SerialImport,
        title=_("Serial imports"),
        permission="catalog.view_serialimport",
        columns=[
            "file_name", "brand", "status", "rows_total", "units_imported", "error_count",
            "created_by", "created_at",
        ],
        detail_fields=["file_name", "brand", "created_by", "created_at"],
        search_fields=["file_name"],
        filters=["brand", "status"],
        scope=_brand_scope,
        actions=[
            _IMPORT_ACTION,
        ],
        detail_template="catalog/_serial_import_detail.html",
    ),
    ObjectPage(
        slug="recalls",
        model=Recall,
        title=_("Recalls"),
        permission="catalog.view_recall",
        columns=["code", "title", "brand", "remedy", "status", "starts_on", "units_in_scope"],
        detail_fields=[
            "code", "title_en", "title_zh", "brand", "cause", "regulator_reference", "remedy",
            "product_models", "batches", "serial_ranges_text", "starts_on", "ends_on", "status",
        ],
        search_fields=["code", "title_en", "title_zh", "regulator_reference"],
        filters=["brand", "status", "remedy"],
        scope=_brand_scope,
        labels={"title": _("title"), "serial_ranges_text": _("serial ranges")},
        form_fields=["brand", "code"],  # the form is RecallForm
        form_class=RecallForm,
        save=recall_save,
        detail_template="catalog/_recall_detail.html",
        detail_context=recall_detail_context,
    ),
    ObjectPage(
        slug="unit-claims",
        model=UnitClaim,
        title=_("Claims on units"),
        permission="catalog.view_unitclaim",
        columns=["unit", "customer", "reference", "claimed_at", "duplicate_of", "review"],
        detail_fields=[
            "unit", "customer", "reference", "claimed_at", "duplicate_of", "review",
            "reviewed_by", "reviewed_at", "review_note",
        ],
        search=lambda query: Q(unit__serial=query.upper()) | Q(reference=query),
        search_hint=_("Serial or reference"),
        filters=["review"],
        scope=_claim_scope,
        detail_template="catalog/_unit_claim_detail.html",
        detail_context=lambda request, claim: {"review_form": ClaimReviewForm()},
    ),
]  # fmt: skip
