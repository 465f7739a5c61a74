"""Admin pages of users and organisations."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import ApiToken, Brand, Dealer, LoginLockout, ServiceOutlet, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Sanbao"), {"fields": ("language", "outlet", "dealer", "brands")}),
    )
    list_display = ["username", "first_name", "last_name", "outlet", "dealer", "is_active"]
    list_filter = ["groups", "outlet", "dealer", "is_active"]
    filter_horizontal = ["groups", "user_permissions", "brands"]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin[Brand]):
    list_display = [
        "code",
        "name_en",
        "name_zh",
        "policy_id",
        "card_prefix",
        "hotline",
        "is_active",
    ]
    search_fields = ["code", "name_en", "name_zh", "legal_name"]


@admin.register(ServiceOutlet)
class ServiceOutletAdmin(admin.ModelAdmin[ServiceOutlet]):
    list_display = ["code", "name_en", "name_zh", "is_hq", "city", "phone", "is_active"]
    list_filter = ["is_hq", "is_active", "brands"]
    search_fields = ["code", "name_en", "name_zh", "city"]


@admin.register(Dealer)
class DealerAdmin(admin.ModelAdmin[Dealer]):
    list_display = [
        "code",
        "name",
        "credit_code",
        "contact_person",
        "authorised_until",
        "is_active",
    ]
    list_filter = ["is_active", "brands"]
    search_fields = ["code", "name", "credit_code", "contact_person"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
    search_fields = ["name", "user__username", "prefix"]


@admin.register(LoginLockout)
class LoginLockoutAdmin(admin.ModelAdmin[LoginLockout]):
    list_display = ["username", "failures", "last_failure_at", "locked_until"]
    search_fields = ["username"]
