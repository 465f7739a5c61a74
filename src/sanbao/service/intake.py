"""Registering a product at an outlet: customer, unit, decision snapshot, service card number.

One transaction: the customer is found by phone (or registered), the unit is looked up in
the registry (its claim noted, which flags a second customer), the policy engine decides,
the order gets the next card number of its brand and day, and the registration is the
first event of its timeline; a customer who agreed to notifications gets a message.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import ServiceOutlet, User
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.claims import unit_claim_record
from sanbao.catalog.models import ProductModel, Unit
from sanbao.catalog.serials import serial_checked
from sanbao.config.errors import DomainError
from sanbao.config.sequences import daily_sequence_next
from sanbao.customers.services import customer_find_or_register
from sanbao.service.decisions import claim_facts, decision_snapshot, repair_due
from sanbao.service.models import (
    CardSequence,
    Intake,
    IntakePhoto,
    ServiceOrder,
    ServiceOrderEvent,
    Status,
)
from sanbao.service.notices import order_notice
from sanbao.service.uploads import photos_cleaned, proof_cleaned

ADDRESS_PARTS = ("province", "city", "district", "address_detail")


@dataclass
class IntakeDetails:
    """What the front desk records, as typed."""

    customer_name: str
    customer_phone: str
    fault_code: str
    intake: str = Intake.WALK_IN
    serial: str = ""
    model_sku: str = ""
    brand_code: str = ""
    purchase_date: date | None = None
    sales_channel: str = "offline"
    warranty_card_number: str = ""
    fault_description: str = ""
    accessories_received: list[str] = field(default_factory=list)
    condition_notes: str = ""
    customer_language: str = "zh-hans"
    customer_email: str = ""
    customer_address: dict[str, str] = field(default_factory=dict)
    notifications_agreed: bool = False


def intake_unit(
    *, details: IntakeDetails, outlet: ServiceOutlet
) -> tuple[Unit | None, ProductModel, str]:
    """(registered unit if known, its model, the serial as recorded)."""
    serial = serial_checked(details.serial) if details.serial.strip() else ""
    brands = outlet.brands.filter(is_active=True)
    if details.brand_code:
        brands = brands.filter(code=details.brand_code)
    if serial:
        units = Unit.objects.select_related("model__brand")
        unit = units.filter(serial=serial, brand__in=brands).first()
        if unit is not None:
            return unit, unit.model, serial
    model = (
        ProductModel.objects.select_related("brand")
        .filter(sku__iexact=details.model_sku.strip(), brand__in=brands)
        .first()
    )
    if model is None:
        if not details.model_sku.strip():
            raise DomainError.invalid("model_sku", _("Unknown serial: give the product model."))
        raise DomainError.invalid("model_sku", _("This outlet serves no model %(sku)s.") % {
            "sku": details.model_sku[:40],
        })  # fmt: skip
    return None, model, serial


def intake_decision(
    *, details: IntakeDetails, model: ProductModel, unit: Unit | None, has_proof: bool
) -> dict[str, Any]:
    """The policy engine's decision on what was recorded, as a storable snapshot."""
    facts = claim_facts(
        model=model,
        unit=unit,
        claim_date=timezone.localdate(),
        fault_code=details.fault_code,
        purchase_date=details.purchase_date,
        sales_channel=details.sales_channel,
        has_warranty_card=bool(details.warranty_card_number.strip()),
        has_proof=has_proof,
    )
    return decision_snapshot(model=model, unit=unit, facts=facts)


def _card_number(brand_id: int, prefix: str, day: date) -> str:
    table = CardSequence._meta.db_table
    last = daily_sequence_next(table=table, brand_id=brand_id, day=day)
    return f"{prefix}{day:%y%m%d}{last:04d}"


@transaction.atomic
def service_order_register(
    *,
    outlet: ServiceOutlet,
    details: IntakeDetails,
    by: User,
    proof: UploadedFile | None = None,
    photos: list[UploadedFile] | None = None,
) -> ServiceOrder:
    my_brands = set(user_brands(user=by).values_list("pk", flat=True))
    if by.outlet_id != outlet.pk and not outlet.brands.filter(pk__in=my_brands).exists():
        raise DomainError("forbidden", _("You do not work at this outlet."), status=403)
    if details.intake not in Intake.values:
        raise DomainError.invalid("intake", _("Choose walk-in or mail-in."))
    proof_file = proof_cleaned(proof) if proof is not None else None
    photo_files = photos_cleaned(photos or [])
    unit, model, serial = intake_unit(details=details, outlet=outlet)
    if not model.brand.is_active or model.brand_id not in my_brands:
        raise DomainError("forbidden", _("You do not work for this brand."), status=403)
    accessories = [a for a in details.accessories_received if a in model_accessories(model)]
    decision = intake_decision(details=details, model=model, unit=unit, has_proof=proof is not None)
    customer = customer_find_or_register(
        name=details.customer_name,
        phone=details.customer_phone,
        language=details.customer_language,
        email=details.customer_email,
        notifications_agreed=details.notifications_agreed,
        consent_source=_("Intake at %(outlet)s") % {"outlet": outlet.code},
        **{k: v for k, v in details.customer_address.items() if k in ADDRESS_PARTS},
    )
    today = timezone.localdate()
    order = ServiceOrder.objects.create(
        number=_card_number(model.brand_id, model.brand.card_prefix, today),
        brand=model.brand, outlet=outlet, intake=details.intake, customer=customer, unit=unit,
        production_batch_id=unit.batch_id if unit else None,
        model=model, serial=serial, purchase_date=details.purchase_date,
        sales_channel=details.sales_channel, warranty_card_number=details.warranty_card_number,
        fault_code=details.fault_code, fault_description=details.fault_description.strip(),
        accessories_received=accessories, condition_notes=details.condition_notes.strip(),
        decision=decision, coverage=decision["coverage"], serious=decision["serious"],
        due_on=repair_due(decision),
        created_by=by,
    )  # fmt: skip
    if proof_file is not None:
        content, extension = proof_file
        order.proof_of_purchase.save(f"proof.{extension}", ContentFile(content), save=True)
    for content, extension in photo_files:
        photo = IntakePhoto(order=order, extension=extension)
        photo.image.save(f"photo.{extension}", ContentFile(content), save=True)
    ServiceOrderEvent.objects.create(
        order=order, action="register", to_status=Status.REGISTERED, by=by
    )
    if unit is not None:
        unit_claim_record(unit=unit, customer=customer, reference=order.number)
    order_notice(order, "registered")
    return order


def model_accessories(model: ProductModel) -> list[str]:
    """The accessories the model ships with: the intake checklist."""
    return list(model.required_accessories or [])
