"""A dealer declares goods damaged in transit (seed 003 V and VI): the draft, its evidence,
and the submission inside the 24-hour window counted from the signed-for time.

A late submission is not lost: it is recorded as refused for lateness, with the deadline,
for staff to see.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import Brand, Dealer, User
from sanbao.accounts.phones import phone_normalise
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.models import ProductModel
from sanbao.claims.models import (
    ClaimAction,
    ClaimEvidence,
    ClaimLine,
    ClaimSequence,
    ClaimStatus,
    DamageClaim,
    EvidenceKind,
    ShipmentKind,
)
from sanbao.claims.routing import desk_for
from sanbao.claims.workflow import claim_event, claim_for_change
from sanbao.config.errors import DomainError
from sanbao.config.sequences import daily_sequence_next
from sanbao.policy.rules import Damage
from sanbao.returns.models import DeliveryShipment
from sanbao.service.uploads import photo_cleaned, scan_cleaned, thumbnail_of
from sanbao.warranty.selectors import policy_get, working_calendar

MAX_PHOTOS = 12
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png",
                 "webp": "image/webp"}  # fmt: skip


@dataclass(frozen=True)
class Declaration:
    """What the dealer fills in; `lines` are (model SKU, quantity)."""

    delivery_note_number: str
    signed_for_at: datetime
    description: str
    lines: list[tuple[str, int]]
    shipment_kind: str = ShipmentKind.SALES
    order_reference: str = ""
    delivery_list: str = ""  # the delivery list number, for goods back from repair
    seams_total: int = 0
    seams_intact: int = 0
    box_damaged: bool = False
    opened_before_courier: bool = False
    courier_name: str = ""
    courier_work_number: str = ""
    courier_phone: str = ""
    courier_labels_intact: bool | None = None
    courier_box_intact: bool | None = None
    actual_weight_kg: Decimal | None = None
    shipped_weight_kg: Decimal | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def brand_damage_rules(brand: Brand) -> Damage:
    rules = policy_get(policy_id=brand.policy_id).damage
    if rules is None:
        raise DomainError.invalid(
            "brand",
            _("%(brand)s's after-sales policy has no rules for unpacking damage.")
            % {"brand": brand},
            code="no_damage_rules",
        )
    return rules


def report_due(brand: Brand, signed_for_at: datetime) -> datetime:
    """The end of the reporting window: 24 hours (per policy) after signing for the goods."""
    hours = brand_damage_rules(brand).report_hours
    return working_calendar().hours_after(signed_for_at, hours)


def _fields(brand: Brand, dealer: Dealer, declaration: Declaration) -> dict[str, Any]:
    d = declaration
    if not d.delivery_note_number.strip():
        raise DomainError.invalid("delivery_note_number", _("Give the delivery note number."))
    signed = d.signed_for_at
    if timezone.is_naive(signed):
        signed = timezone.make_aware(signed)
    try:  # in UTC: PostgreSQL takes offsets up to ±15:59, and no time before year 1 in UTC
        signed = signed.astimezone(UTC)
    except OverflowError:
        raise DomainError.invalid("signed_for_at", _("Enter a valid date and time.")) from None
    if signed > timezone.now():
        raise DomainError.invalid(
            "signed_for_at", _("The goods cannot be signed for in the future.")
        )
    if not d.description.strip():
        raise DomainError.invalid("description", _("Describe what you found on unpacking."))
    if d.shipment_kind not in ShipmentKind.values:
        raise DomainError.invalid("shipment_kind", _("Say which goods these are."))
    if d.seams_intact > d.seams_total:
        raise DomainError.invalid("seams_intact", _("More intact labels than seams."))
    phone = ""
    if d.courier_phone.strip():
        try:
            phone = phone_normalise(d.courier_phone)
        except ValidationError as error:
            raise DomainError.invalid("courier_phone", error.messages[0]) from None
    for name in ("actual_weight_kg", "shipped_weight_kg"):
        weight = getattr(d, name)
        if weight is not None and not Decimal(0) < weight < Decimal(100000):
            raise DomainError.invalid(name, _("A weight is more than 0 and under 100,000 kg."))
    return {
        "delivery_note_number": d.delivery_note_number.strip()[:40],
        "order_reference": d.order_reference.strip()[:60],
        "shipment_kind": d.shipment_kind,
        "delivery_shipment": _delivery_list(dealer, d.delivery_list),
        "signed_for_at": signed,
        "report_due_at": report_due(brand, signed),
        "description": d.description.strip()[:4000],
        "seams_total": d.seams_total, "seams_intact": d.seams_intact,
        "box_damaged": d.box_damaged, "opened_before_courier": d.opened_before_courier,
        "courier_name": d.courier_name.strip()[:60],
        "courier_work_number": d.courier_work_number.strip()[:30],
        "courier_phone": phone,
        "courier_labels_intact": d.courier_labels_intact,
        "courier_box_intact": d.courier_box_intact,
        "actual_weight_kg": d.actual_weight_kg, "shipped_weight_kg": d.shipped_weight_kg,
    }  # fmt: skip


def _delivery_list(dealer: Dealer, number: str) -> DeliveryShipment | None:
    if not number.strip():
        return None
    found = DeliveryShipment.objects.filter(dealer=dealer, number=number.strip().upper()).first()
    if found is None:
        raise DomainError.invalid(
            "delivery_list", _("You have no delivery list %(number)s.") % {"number": number[:28]}
        )
    return found


def _lines(claim: DamageClaim, lines: list[tuple[str, int]]) -> None:
    if not lines:
        raise DomainError.invalid("lines", _("Name the damaged models and how many of each."))
    models = {m.sku.upper(): m for m in ProductModel.objects.filter(brand=claim.brand)}
    rows: dict[int, ClaimLine] = {}
    for sku, quantity in lines:
        model = models.get(sku.strip().upper())
        if model is None:
            message = _("%(brand)s has no model %(sku)s.") % {"brand": claim.brand, "sku": sku[:30]}
            raise DomainError.invalid("lines", message)
        if not 1 <= quantity <= 100_000:
            raise DomainError.invalid("lines", _("A quantity is from 1 to 100,000."))
        if model.pk in rows:
            raise DomainError.invalid("lines", _("List each model once."))
        rows[model.pk] = ClaimLine(claim=claim, model=model, quantity=quantity)
    claim.lines.all().delete()
    ClaimLine.objects.bulk_create(rows.values())


def _dealer_for(by: User, brand: Brand) -> Dealer:
    if by.dealer is None or not user_brands(user=by).filter(pk=brand.pk).exists():
        raise DomainError("forbidden", _("Only the brand's dealers declare damage."), status=403)
    return by.dealer


@transaction.atomic
def claim_create(*, brand: Brand, declaration: Declaration, by: User) -> DamageClaim:
    """A draft declaration by a dealer; its reporting deadline is fixed from the start."""
    dealer = _dealer_for(by, brand)
    day = timezone.localdate()
    last = daily_sequence_next(table=ClaimSequence._meta.db_table, brand_id=brand.pk, day=day)
    claim = DamageClaim.objects.create(
        number=f"{brand.card_prefix}D{day:%y%m%d}{last:03d}",
        brand=brand, dealer=dealer, created_by=by, **_fields(brand, dealer, declaration),
    )  # fmt: skip
    _lines(claim, declaration.lines)
    claim_event(claim=claim, action=ClaimAction.CREATE, from_status="", by=by)
    return claim


def _draft(number: str, by: User) -> DamageClaim:
    claim = claim_for_change(number=number, by=by)
    if by.dealer_id != claim.dealer_id:
        raise DomainError(
            "forbidden", _("Only the dealer who declared it may change it."), status=403
        )
    if claim.status != ClaimStatus.DRAFT:
        raise DomainError(
            "claim_not_draft", _("This declaration is submitted: it can no longer change."),
            status=409,
        )  # fmt: skip
    return claim


@transaction.atomic
def claim_update(*, number: str, declaration: Declaration, by: User) -> DamageClaim:
    """Corrects a draft. The deadline never moves later: a late dealer must not reopen its
    own window by typing a later signed-for time."""
    claim = _draft(number, by)
    fields = _fields(claim.brand, claim.dealer, declaration)
    fields["report_due_at"] = min(fields["report_due_at"], claim.report_due_at)
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.save()
    _lines(claim, declaration.lines)
    return claim


@transaction.atomic
def claim_evidence_add(*, number: str, kind: str, upload: UploadedFile, by: User) -> ClaimEvidence:
    """A photo or scan, checked by its content, cleaned of metadata, stored under a random name."""
    claim = _draft(number, by)
    if kind not in EvidenceKind.values:
        raise DomainError.invalid("kind", _("Say what the file is."))
    if kind == EvidenceKind.PHOTO:
        if claim.evidence.filter(kind=kind).count() >= MAX_PHOTOS:
            message = _("Attach at most %(count)s photos.") % {"count": MAX_PHOTOS}
            raise DomainError.invalid("file", message)
        content, extension = photo_cleaned(upload, "file")
    else:
        content, extension = scan_cleaned(upload, "file")
        _evidence_delete(claim.evidence.filter(kind=kind))  # a new scan replaces the old one
    content_type = CONTENT_TYPES[extension]
    evidence = ClaimEvidence(claim=claim, kind=kind, size=len(content), content_type=content_type)
    evidence.file.save(f"evidence.{extension}", ContentFile(content), save=False)
    if extension != "pdf":
        evidence.thumbnail.save("thumb.jpg", ContentFile(thumbnail_of(content)), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def claim_evidence_remove(*, number: str, evidence_id: int, by: User) -> None:
    claim = _draft(number, by)
    if not _evidence_delete(claim.evidence.filter(pk=evidence_id)):
        raise DomainError("evidence_not_found", _("There is no such file."), status=404)


def _evidence_delete(evidence: Any) -> int:
    """Deletes the rows now and their files once the transaction commits."""
    files = [f for e in evidence for f in (e.file, e.thumbnail) if f]
    count, _by_model = evidence.delete()
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    return int(count)


def _complete(claim: DamageClaim) -> None:
    """Photos, the sealed form, the signed delivery note, and the courier's note."""
    kinds = set(claim.evidence.values_list("kind", flat=True))
    missing = [EvidenceKind(kind).label for kind in EvidenceKind.values if kind not in kinds]
    if missing:
        message = _("Still missing: %(what)s.") % {"what": ", ".join(str(m) for m in missing)}
        raise DomainError.invalid("evidence", message, code="evidence_missing")
    if not (claim.courier_name and claim.courier_work_number and claim.courier_phone):
        raise DomainError.invalid(
            "courier_name", _("Give the courier's name, work number and phone, as on the note.")
        )
    if claim.courier_labels_intact is None or claim.courier_box_intact is None:
        raise DomainError.invalid(
            "courier_labels_intact", _("Say what the courier noted on labels and box.")
        )
    if claim.actual_weight_kg is None:
        raise DomainError.invalid(
            "actual_weight_kg", _("Give the actual weight the courier wrote.")
        )


@transaction.atomic
def claim_submit(*, number: str, by: User) -> DamageClaim:
    """Submits inside the window, routed to its desk; after it, refused as late and kept so."""
    claim = _draft(number, by)
    now = timezone.now()
    if now > claim.report_due_at:
        claim.status, claim.late, claim.submitted_at = ClaimStatus.REJECTED, True, now
        claim.save(update_fields=["status", "late", "submitted_at"])
        note = late_words(claim)
        claim_event(claim=claim, action=ClaimAction.LATE, from_status=ClaimStatus.DRAFT, by=by,
                    note=note)  # fmt: skip
        return claim
    _complete(claim)
    claim.status, claim.submitted_at = ClaimStatus.SUBMITTED, now
    claim.save(update_fields=["status", "submitted_at"])
    claim_event(claim=claim, action=ClaimAction.SUBMIT, from_status=ClaimStatus.DRAFT, by=by)
    claim.status, claim.desk = ClaimStatus.UNDER_REVIEW, desk_for(claim)
    claim.save(update_fields=["status", "desk"])
    claim_event(claim=claim, action=ClaimAction.ROUTE, from_status=ClaimStatus.SUBMITTED,
                by=None, note=str(claim.get_desk_display()))  # fmt: skip
    return claim


def late_words(claim: DamageClaim) -> str:
    due = timezone.localtime(claim.report_due_at).strftime("%Y-%m-%d %H:%M")
    hours = brand_damage_rules(claim.brand).report_hours
    return _(
        "Reported after the deadline of %(due)s (%(hours)s hours after signing for the goods): "
        "the declaration is not accepted."
    ) % {"due": due, "hours": hours}
