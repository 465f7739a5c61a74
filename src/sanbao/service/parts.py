"""Parts for a repair: priced as the policy charges them, taken from the working outlet's stock."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from sanbao.accounts.models import Brand, ServiceOutlet, User
from sanbao.catalog.models import Part, PartStock, ProductModel
from sanbao.config.errors import DomainError
from sanbao.service.models import PartUse, ServiceOrder

FREE = "free"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PartLine:
    code: str
    quantity: int


def charge_basis(order: ServiceOrder, kind: str) -> str:
    """How the decision charges the customer for `kind` (parts, labour, freight_*)."""
    for charge in order.decision.get("charges", []):
        if charge["kind"] == kind and charge["payer"] == "customer":
            return str(charge["basis"])
    return FREE


def part_price(part: Part, basis: str) -> Decimal:
    """A part's price under the policy's basis: mass-production cost, standard price, free."""
    if basis == FREE:
        return ZERO
    if basis == "standard_price":
        if part.standard_price is None:
            raise DomainError.invalid(
                "parts", _("Part %(code)s has no standard price yet.") % {"code": part.code}
            )
        return Decimal(part.standard_price)
    return Decimal(part.mass_production_cost)


def parts_resolve(order: ServiceOrder, lines: list[PartLine]) -> list[tuple[Part, int]]:
    """The brand's parts that fit the order's model, one row per code; 422 otherwise."""
    return parts_fitting(brand=order.brand, model=order.model, lines=lines)


def parts_fitting(
    *, brand: Brand, model: ProductModel, lines: list[PartLine]
) -> list[tuple[Part, int]]:
    """The brand's parts that fit the model, one row per code; 422 otherwise."""
    if any(line.quantity < 1 or line.quantity > 20 for line in lines):
        raise DomainError.invalid("parts", _("Each part is used 1 to 20 times."))
    codes = [line.code.strip().upper() for line in lines]
    if len(set(codes)) != len(codes):
        raise DomainError.invalid("parts", _("List each part once, with its quantity."))
    parts = {
        part.code.upper(): part for part in Part.objects.filter(brand=brand, models_served=model)
    }
    unknown = [code for code in codes if code not in parts]
    if unknown:
        raise DomainError.invalid(
            "parts",
            _("No part %(codes)s fits the %(model)s.")
            % {"codes": ", ".join(unknown)[:80], "model": model.sku},
        )
    return [(parts[code], line.quantity) for code, line in zip(codes, lines, strict=True)]


def working_outlet(order: ServiceOrder) -> ServiceOutlet:
    """Where the work happens: the outlet, or the brand's headquarters once sent there."""
    if not order.at_hq:
        return order.outlet
    hq = ServiceOutlet.objects.filter(is_hq=True, brands=order.brand, is_active=True).first()
    return hq or order.outlet


def parts_take(
    *, order: ServiceOrder, lines: list[PartLine], charged: bool, by: User
) -> list[dict[str, Any]]:
    """Records the parts fitted and takes them from stock; 409 when the shelf is short."""
    outlet = working_outlet(order)
    basis = charge_basis(order, "parts") if charged else FREE
    used = []
    for part, quantity in parts_resolve(order, lines):
        taken = PartStock.objects.filter(part=part, outlet=outlet, on_hand__gte=quantity).update(
            on_hand=F("on_hand") - quantity
        )
        if not taken:
            raise DomainError(
                "out_of_stock",
                _("%(outlet)s has fewer than %(quantity)s of part %(code)s: wait for parts.")
                % {"outlet": outlet.code, "quantity": quantity, "code": part.code},
                status=409,
            )
        price = part_price(part, basis)
        PartUse.objects.create(
            order=order, part=part, outlet=outlet, quantity=quantity, charged_each=price, by=by
        )
        used.append({"code": part.code, "quantity": quantity, "charged_each": str(price)})
    return used
