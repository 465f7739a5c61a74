"""Moving the product: to headquarters, back to the customer (signed at the desk or by
parcel), closing, and cancelling with a reason."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import ServiceOutlet, User
from sanbao.config.errors import DomainError
from sanbao.feedback.invitations import survey_invite_for_order
from sanbao.service.models import Action, Intake, ServiceOrderEvent, Shipment
from sanbao.service.notices import order_notice
from sanbao.service.signatures import order_content_hash, signature_decode
from sanbao.service.workflow import order_for_change, order_transition
from sanbao.warranty.selectors import policy_get


def _parcel(courier: str, tracking_number: str) -> tuple[str, str]:
    courier, tracking_number = courier.strip(), tracking_number.strip().upper()
    if not courier:
        raise DomainError.invalid("courier", _("Name the courier."))
    if not tracking_number or len(tracking_number) > 40:
        raise DomainError.invalid("tracking_number", _("Give the courier's tracking number."))
    return courier[:60], tracking_number


@transaction.atomic
def order_transfer_to_hq(
    *, number: str, courier: str, tracking_number: str, sale_slip_included: bool, by: User,
    note: str = "",
) -> ServiceOrderEvent:  # fmt: skip
    """A serious fault the outlet cannot fix in time goes to headquarters with the sale slip."""
    order = order_for_change(number=number, by=by)
    if order.at_hq:
        raise DomainError("already_at_hq", _("The order is already at headquarters."), status=409)
    if not ServiceOutlet.objects.filter(is_hq=True, brands=order.brand, is_active=True).exists():
        raise DomainError.invalid("outlet", _("No headquarters outlet serves this brand."))
    service = policy_get(policy_id=order.brand.policy_id).service
    if service and service.hq_transfer_requires == "sale_slip" and not sale_slip_included:
        raise DomainError.invalid(
            "sale_slip_included",
            _("The product goes to headquarters with its sale slip (%(clause)s).")
            % {"clause": service.serious_repair_clause},
        )
    courier, tracking_number = _parcel(courier, tracking_number)
    event = order_transition(
        order=order,
        action=Action.TRANSFER_TO_HQ,
        by=by,
        note=f"{courier} {tracking_number} {note}".strip(),
        changes={"at_hq": True},
    )
    Shipment.objects.create(
        order=order, leg=Shipment.Leg.TO_HQ, courier=courier, tracking_number=tracking_number,
        sale_slip_included=sale_slip_included, by=by,
    )  # fmt: skip
    return event


@transaction.atomic
def order_hand_back(
    *, number: str, by: User, signature: str = "", courier: str = "", tracking_number: str = "",
    note: str = "",
) -> ServiceOrderEvent:  # fmt: skip
    """At the desk the customer signs the card and the order closes; a mail-in goes back by
    parcel and closes when it has arrived."""
    order = order_for_change(number=number, by=by)
    if signature:
        png = signature_decode(signature)
        event = order_transition(order=order, action=Action.HAND_BACK, by=by, note=note)
        signed_at = timezone.now().replace(microsecond=0)
        order.signature.save(f"{order.number}.png", ContentFile(png), save=False)
        content_hash = order_content_hash(order, signed_at=signed_at, signature=png)
        closing = _("Signed by the customer on the service card.")
        order_transition(
            order=order,
            action=Action.CLOSE,
            by=by,
            note=closing,
            changes={
                "signature": order.signature,
                "signed_at": signed_at,
                "signed_content_hash": content_hash,
                "closed_at": signed_at,
            },
        )
        order_notice(order, "closed")
        survey_invite_for_order(order=order)
        return event
    if order.intake == Intake.WALK_IN and not courier:
        raise DomainError.invalid("signature", _("Ask the customer to sign in the box."))
    courier, tracking_number = _parcel(courier, tracking_number)
    event = order_transition(
        order=order, action=Action.HAND_BACK, by=by,
        note=f"{courier} {tracking_number} {note}".strip(),
    )  # fmt: skip
    Shipment.objects.create(
        order=order, leg=Shipment.Leg.TO_CUSTOMER, courier=courier,
        tracking_number=tracking_number, by=by,
    )  # fmt: skip
    return event


@transaction.atomic
def order_close(*, number: str, by: User, note: str = "") -> ServiceOrderEvent:
    """The parcel reached the customer."""
    order = order_for_change(number=number, by=by)
    event = order_transition(
        order=order, action=Action.CLOSE, by=by, note=note, changes={"closed_at": timezone.now()}
    )
    order_notice(order, "closed")
    survey_invite_for_order(order=order)
    return event


@transaction.atomic
def order_cancel(*, number: str, by: User, reason: str) -> ServiceOrderEvent:
    order = order_for_change(number=number, by=by)
    if not reason.strip():
        raise DomainError.invalid("note", _("Give the reason for cancelling."))
    return order_transition(
        order=order,
        action=Action.CANCEL,
        by=by,
        note=reason,
        changes={"closed_at": timezone.now()},
    )
