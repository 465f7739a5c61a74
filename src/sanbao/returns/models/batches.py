"""A dealer's return batch (seed 003 IV): its packing list, shipping, receipt and cycle."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, Dealer
from sanbao.config.sequence_model import DailySequence


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    SUBMITTED = "submitted", _("Packing list submitted")
    IN_TRANSIT = "in_transit", _("On its way to the factory")
    RECEIVED = "received", _("Received and counted")
    INSPECTING = "inspecting", _("Being inspected")
    READY_TO_SHIP = "ready_to_ship", _("Ready to ship back")
    PART_SHIPPED = "part_shipped", _("Shipped in part; backorders follow")
    SHIPPED = "shipped", _("Shipped back")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_BATCH_STATUSES = frozenset(BatchStatus.values) - {BatchStatus.CLOSED, BatchStatus.CANCELLED}


class BatchAction(models.TextChoices):
    CREATE = "create", _("Created")
    SUBMIT = "submit", _("Submit the packing list")
    DISPATCH = "dispatch", _("Hand to the courier")
    RECEIVE = "receive", _("Record the receipt")
    CONTACT = "contact", _("Call or fax the return unit")
    INSPECT = "inspect", _("Inspect a unit")
    FILL = "fill", _("Fill backorders")
    SHIP = "ship", _("Ship back")
    CLOSE = "close", _("Close")
    CANCEL = "cancel", _("Cancel")


class Payment(models.TextChoices):
    SENDER = "sender", _("Paid by the sender")
    MONTHLY = "monthly", _("Sender's monthly account")
    COD = "cod", _("Cash on delivery (refused)")


class ReturnBatch(models.Model):
    number = models.CharField(_("batch number"), max_length=24, unique=True)
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, verbose_name=_("brand"))
    dealer = models.ForeignKey(
        Dealer, on_delete=models.PROTECT, related_name="return_batches", verbose_name=_("dealer")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    contact_person = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    boxes = models.PositiveSmallIntegerField(_("packages (boxes)"), default=1)
    courier = models.CharField(_("courier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    home_delivery = models.BooleanField(_("home delivery"), default=True)
    payment = models.CharField(
        _("payment"), max_length=10, choices=Payment.choices, default=Payment.SENDER
    )
    shipper_bears_costs = models.BooleanField(
        _("costs fall on the shipper"),
        default=False,
        help_text=_("Set when the goods come without home delivery (ROMOSS-IV.B6)."),
    )
    note = models.TextField(_("note"), blank=True)
    repair_list_pages = models.PositiveIntegerField(_("pages of the repair list"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("handed to the courier"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    boxes_received = models.PositiveSmallIntegerField(_("boxes received"), null=True, blank=True)
    due_on = models.DateField(
        _("return cycle due"),
        null=True,
        blank=True,
        help_text=_("Working days from the receipt, per the brand's policy."),
    )
    discrepancies = models.JSONField(_("discrepancies"), default=list, blank=True)
    first_shipped_at = models.DateTimeField(_("first shipped back"), null=True, blank=True)
    shipped_on_time = models.BooleanField(_("shipped back on time"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    repair_data_until = models.DateField(_("repair data kept until"), null=True, blank=True)
    delivery_data_until = models.DateField(_("delivery data kept until"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(
        _("personal data purged"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("return batch")
        verbose_name_plural = _("return batches")
        indexes = [
            models.Index(fields=["brand", "status", "due_on"], name="batch_brand_status"),
            models.Index(fields=["dealer", "-created_at"], name="batch_dealer_recent"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_overdue(self) -> bool:
        """Received, not shipped back yet, and past the return cycle's due date."""
        waiting = self.status in (
            BatchStatus.RECEIVED, BatchStatus.INSPECTING, BatchStatus.READY_TO_SHIP,
        )  # fmt: skip
        return bool(waiting and self.due_on and self.due_on < timezone.localdate())


class BatchEvent(models.Model):
    """One row per change of a batch: the timeline and audit trail."""

    batch = models.ForeignKey(ReturnBatch, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=BatchAction.choices)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("batch event")
        verbose_name_plural = _("batch events")

    def __str__(self) -> str:
        return f"{self.batch} {self.action}"


class BatchSequence(DailySequence):
    """The last batch number given for a brand on a day."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brand", "day"], name="one_batch_sequence_per_day")
        ]
