"""Which commissioner reviews a declaration: by what the goods were (DAMAGE_CLAIM_ROUTES)."""

from django.conf import settings

from sanbao.claims.models import DamageClaim, Desk, ShipmentKind


def desk_for(claim: DamageClaim) -> str:
    """Sales shipments go to the commercial commissioner, goods back from repair to the
    customer-service commissioner, unless the settings route them otherwise."""
    kind = ShipmentKind.REPAIR_RETURN if claim.delivery_shipment_id else claim.shipment_kind
    routes: dict[str, str] = settings.DAMAGE_CLAIM_ROUTES
    desk = routes.get(kind, Desk.COMMERCIAL)
    return desk if desk in Desk.values else Desk.COMMERCIAL
