"""Admin pages of the catalog."""

from django.contrib import admin

from sanbao.catalog.models import ProductModel


@admin.register(ProductModel)
class ProductModelAdmin(admin.ModelAdmin[ProductModel]):
    list_display = ["sku", "name_en", "name_zh", "brand", "category", "capacity_mah", "is_active"]
    list_filter = ["brand", "category", "is_active"]
    search_fields = ["sku", "name_en", "name_zh"]
