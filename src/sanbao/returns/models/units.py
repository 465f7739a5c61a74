"""The units of a return batch: declared on the packing list, counted, inspected, sent back."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, Dealer
from sanbao.catalog.models import Category, ProductionBatch, ProductModel, Unit
from sanbao.returns.models.batches import ReturnBatch


class UnitState(models.TextChoices):
    DECLARED = "declared", _("On the packing list")
    COUNTED = "counted", _("Counted in")
    MISSING = "missing", _("Missing at receipt")
    READY = "ready", _("Ready to ship back")
    BACKORDERED = "backordered", _("Waiting for parts or products")
    SCRAPPED = "scrapped", _("Scrapped (hazard)")
    SHIPPED = "shipped", _("Shipped back")


class InspectionResult(models.TextChoices):
    FAULT_CONFIRMED = "fault_confirmed", _("Fault confirmed")
    NO_FAULT_FOUND = "no_fault_found", _("No fault found")


class Outcome(models.TextChoices):
    REPAIR = "repair", _("Repair")
    REPLACE = "replace", _("Replace")
    RETURN_AS_IS = "return_as_is", _("Return as it is")
    CHARGE = "charge", _("Charge for testing")
    SCRAP = "scrap", _("Scrap (hazard)")


class DeliveryShipment(models.Model):
    """Goods going back to a dealer with a delivery list (seed 003 IV.7).

    Started from one batch, it also carries that dealer's earlier backorders that have
    been filled since (IV.6: they follow with the next shipment).
    """

    number = models.CharField(_("delivery list number"), max_length=28, unique=True)
    batch = models.ForeignKey(
        ReturnBatch, on_delete=models.PROTECT, related_name="shipments", verbose_name=_("batch")
    )
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="+")
    dealer = models.ForeignKey(Dealer, on_delete=models.PROTECT, related_name="deliveries")
    courier = models.CharField(_("courier"), max_length=60)
    tracking_number = models.CharField(_("tracking number"), max_length=40)
    shipped_at = models.DateTimeField(_("shipped"), auto_now_add=True)
    on_time = models.BooleanField(_("on time"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["shipped_at", "pk"]
        verbose_name = _("delivery shipment")
        verbose_name_plural = _("delivery shipments")

    def __str__(self) -> str:
        return self.number


class ReturnUnit(models.Model):
    batch = models.ForeignKey(ReturnBatch, on_delete=models.CASCADE, related_name="units")
    line = models.PositiveIntegerField(_("line"))
    model = models.ForeignKey(ProductModel, on_delete=models.PROTECT, verbose_name=_("model"))
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    serial = models.CharField(_("serial number"), max_length=32, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        db_constraint=False, verbose_name=_("registered unit"),
    )  # fmt: skip
    # Copied from the registered unit, so quality figures per batch need no join.
    production_batch = models.ForeignKey(
        ProductionBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        db_index=False, verbose_name=_("production batch"),
    )  # fmt: skip
    fault_text = models.CharField(_("fault (label text)"), max_length=200)
    accessories = models.JSONField(_("accessories included"), default=list, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    declared = models.BooleanField(
        _("on the packing list"), default=True, help_text=_("False for extra units found.")
    )
    state = models.CharField(
        _("state"), max_length=12, choices=UnitState.choices, default=UnitState.DECLARED
    )
    counted_at = models.DateTimeField(_("counted"), null=True, blank=True)
    received_model = models.ForeignKey(
        ProductModel, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("model received"), help_text=_("Set when a different model arrived."),
    )  # fmt: skip
    tested = models.BooleanField(_("tested"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=16, choices=InspectionResult.choices, blank=True
    )
    fault_code = models.CharField(_("fault code"), max_length=24, blank=True)
    exclusions = models.JSONField(_("exclusion findings"), default=list, blank=True)
    accessories_present = models.JSONField(_("accessories present"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    decision = models.JSONField(_("warranty decision"), default=dict, blank=True)
    coverage = models.CharField(_("coverage"), max_length=16, blank=True)
    hazard = models.BooleanField(_("battery hazard"), default=False)
    parts = models.JSONField(_("parts"), default=list, blank=True)
    charge = models.DecimalField(_("charge"), max_digits=9, decimal_places=2, default=Decimal(0))
    replacement = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        db_constraint=False, verbose_name=_("replacement unit"),
    )  # fmt: skip
    backorder_reason = models.CharField(_("waiting for"), max_length=200, blank=True)
    inspection_note = models.TextField(_("inspection note"), blank=True)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("inspected by"),
    )  # fmt: skip
    inspected_at = models.DateTimeField(_("inspected"), null=True, blank=True)
    shipment = models.ForeignKey(
        DeliveryShipment, on_delete=models.PROTECT, null=True, blank=True, related_name="units",
        verbose_name=_("shipped in"),
    )  # fmt: skip

    class Meta:
        ordering = ["batch", "line"]
        verbose_name = _("returned unit")
        verbose_name_plural = _("returned units")
        permissions = [("inspect_returnunit", "Can inspect returned units")]
        constraints = [
            models.UniqueConstraint(fields=["batch", "line"], name="one_unit_per_batch_line")
        ]
        indexes = [
            models.Index(
                fields=["state"],
                name="return_unit_backordered",
                condition=models.Q(state="backordered"),
            ),
            models.Index(
                fields=["production_batch"],
                name="return_unit_production_batch",
                condition=models.Q(production_batch__isnull=False),
            ),
            # The quality watch list reads only this index: its condition is the confirmed
            # fault of insights.quality.confirmed_units() (a test keeps them in step).
            models.Index(
                fields=["inspected_at", "production_batch", "fault_code"],
                name="return_unit_confirmed_fault",
                condition=models.Q(production_batch__isnull=False, result="fault_confirmed")
                & ~models.Q(coverage="excluded"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.line}"
