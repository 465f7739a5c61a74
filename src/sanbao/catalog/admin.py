"""Admin pages of the catalog."""

from django.contrib import admin

from sanbao.catalog.models import Part, PartStock, ProductionBatch, ProductModel


@admin.register(ProductModel)
class ProductModelAdmin(admin.ModelAdmin[ProductModel]):
    list_display = ["sku", "name_en", "name_zh", "brand", "category", "capacity_mah", "is_active"]
    list_filter = ["brand", "category", "is_active"]
    search_fields = ["sku", "name_en", "name_zh"]


@admin.register(ProductionBatch)
class ProductionBatchAdmin(admin.ModelAdmin[ProductionBatch]):
    list_display = ["code", "model", "produced_from", "produced_to", "cell_supplier"]
    list_filter = ["model__brand"]
    search_fields = ["code", "model__sku"]


class PartStockInline(admin.TabularInline[PartStock, Part]):
    model = PartStock
    extra = 0


@admin.register(Part)
class PartAdmin(admin.ModelAdmin[Part]):
    list_display = ["code", "name_en", "brand", "mass_production_cost"]
    list_filter = ["brand"]
    search_fields = ["code", "name_en", "name_zh"]
    inlines = [PartStockInline]
