"""What each role sees first: its duties, its organisation and its entry points."""

from dataclasses import dataclass
from typing import Any

from sanbao.accounts.models import Brand, Dealer, ServiceOutlet, User
from sanbao.accounts.roles import Role
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.models import ProductModel
from sanbao.web.navigation import nav_for


@dataclass(frozen=True)
class Home:
    user: User
    roles: list[Role]
    brands: list[Brand]
    outlet: ServiceOutlet | None
    sections: list[Any]
    figures: list[tuple[str, int, str]]


def home_for(*, user: User) -> Home:
    brands = list(user_brands(user=user))
    figures: list[tuple[str, int, str]] = []
    if user.has_perm("catalog.view_productmodel"):
        count = ProductModel.objects.filter(brand__in=brands, is_active=True).count()
        figures.append(("product-models", count, "web:object_list:product-models"))
    if user.has_perm("accounts.view_serviceoutlet"):
        count = ServiceOutlet.objects.filter(brands__in=brands, is_active=True).distinct().count()
        figures.append(("outlets", count, "web:object_list:outlets"))
    if user.has_perm("accounts.view_dealer"):
        count = Dealer.objects.filter(brands__in=brands, is_active=True).distinct().count()
        figures.append(("dealers", count, "web:object_list:dealers"))
    return Home(
        user=user,
        roles=user.roles,
        brands=brands,
        outlet=user.outlet,
        sections=[s for s in nav_for(user) if s[1][0].url_name != "web:home"],
        figures=figures,
    )
