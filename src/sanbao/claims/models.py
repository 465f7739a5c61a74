"""A dealer's declaration of goods damaged in transit, its evidence, and its review."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, Dealer
from sanbao.catalog.models import ProductModel
from sanbao.config.sequence_model import DailySequence
from sanbao.returns.models import DeliveryShipment


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ClaimAction(models.TextChoices):
    CREATE = "create", _("Created")
    SUBMIT = "submit", _("Submitted")
    LATE = "late", _("Refused as late")
    ROUTE = "route", _("Sent for review")
    ACCEPT = "accept", _("Accepted")
    REJECT = "reject", _("Rejected")
    CONTACT = "contact", _("Call or fax logged")


class Desk(models.TextChoices):
    COMMERCIAL = "commercial", _("Commercial commissioner (marketing)")
    AFTER_SALES = "after_sales", _("Customer-service commissioner (after-sales)")


class Remedy(models.TextChoices):
    RESHIP = "reship", _("Reship the goods")
    CREDIT = "credit", _("Credit the dealer")
    REPAIR = "repair", _("Repair the goods")


class ShipmentKind(models.TextChoices):
    SALES = "sales", _("Goods bought from us (a sales shipment)")
    REPAIR_RETURN = "repair_return", _("Goods coming back from repair")


class DamageClaim(models.Model):
    number = models.CharField(_("declaration number"), max_length=24, unique=True)
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, verbose_name=_("brand"))
    dealer = models.ForeignKey(
        Dealer, on_delete=models.PROTECT, related_name="damage_claims", verbose_name=_("dealer")
    )
    status = models.CharField(
        _("status"), max_length=14, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT
    )
    shipment_kind = models.CharField(
        _("the goods are"), max_length=14, choices=ShipmentKind.choices, default=ShipmentKind.SALES
    )
    delivery_note_number = models.CharField(_("delivery note number"), max_length=40)
    order_reference = models.CharField(_("order or shipment reference"), max_length=60, blank=True)
    delivery_shipment = models.ForeignKey(
        DeliveryShipment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("delivery list (goods back from repair)"),
    )  # fmt: skip
    signed_for_at = models.DateTimeField(_("signed for at (签收)"))
    report_due_at = models.DateTimeField(_("report due by"))
    description = models.TextField(_("what was found on unpacking"))
    seams_total = models.PositiveSmallIntegerField(_("seams with tamper-evident labels"), default=0)
    seams_intact = models.PositiveSmallIntegerField(_("of which labels intact"), default=0)
    box_damaged = models.BooleanField(_("box appearance damaged"), default=False)
    opened_before_courier = models.BooleanField(_("opened in front of the courier"), default=False)
    courier_name = models.CharField(_("courier's name"), max_length=60, blank=True)
    courier_work_number = models.CharField(_("courier's work number"), max_length=30, blank=True)
    courier_phone = models.CharField(_("courier's phone"), max_length=20, blank=True)
    courier_labels_intact = models.BooleanField(_("courier noted: labels intact"), null=True)
    courier_box_intact = models.BooleanField(_("courier noted: box undamaged"), null=True)
    actual_weight_kg = models.DecimalField(
        _("actual weight (kg)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    shipped_weight_kg = models.DecimalField(
        _("weight shipped (kg)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    desk = models.CharField(_("reviewed by"), max_length=12, choices=Desk.choices, blank=True)
    late = models.BooleanField(_("refused as late"), default=False)
    remedy = models.CharField(_("remedy"), max_length=8, choices=Remedy.choices, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(
        _("personal data purged"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("damage declaration")
        verbose_name_plural = _("damage declarations")
        permissions = [
            ("decide_commercial", "Can decide declarations routed to the commercial desk"),
            ("decide_after_sales", "Can decide declarations routed to the after-sales desk"),
        ]
        indexes = [models.Index(fields=["brand", "status"], name="claim_brand_status")]

    def __str__(self) -> str:
        return self.number


class ClaimLine(models.Model):
    """A model and how many of it arrived damaged."""

    claim = models.ForeignKey(DamageClaim, on_delete=models.CASCADE, related_name="lines")
    model = models.ForeignKey(ProductModel, on_delete=models.PROTECT, verbose_name=_("model"))
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("damaged model")
        verbose_name_plural = _("damaged models")
        constraints = [
            models.UniqueConstraint(fields=["claim", "model"], name="one_line_per_claim_model")
        ]

    def __str__(self) -> str:
        return f"{self.model_id} x {self.quantity}"


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo of the damage")
    APPLICATION_FORM = "application_form", _("Application form with the official seal")
    DELIVERY_NOTE = "delivery_note", _("Delivery note signed by the courier")


def evidence_path(instance: "ClaimEvidence", filename: str) -> str:
    """Random names: a file's URL tells nothing and cannot be guessed."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"claims/{secrets.token_urlsafe(24)}{suffix}"


class ClaimEvidence(models.Model):
    claim = models.ForeignKey(DamageClaim, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=18, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to=evidence_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to=evidence_path, blank=True)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind}"


class ClaimEvent(models.Model):
    claim = models.ForeignKey(DamageClaim, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=ClaimAction.choices)
    from_status = models.CharField(_("from"), max_length=14, blank=True)
    to_status = models.CharField(_("to"), max_length=14)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("declaration event")
        verbose_name_plural = _("declaration events")

    def __str__(self) -> str:
        return f"{self.claim_id} {self.action}"


class ClaimSequence(DailySequence):
    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brand", "day"], name="one_claim_sequence_per_day")
        ]
