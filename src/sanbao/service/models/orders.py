"""Service orders (the maintenance register), their events, and card-number sequences."""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, ServiceOutlet
from sanbao.catalog.models import Accessory, ProductionBatch, ProductModel, Unit
from sanbao.config.sequence_model import DailySequence
from sanbao.customers.models import Customer
from sanbao.warranty import labels


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    DIAGNOSING = "diagnosing", _("Diagnosing")
    QUOTED = "quoted", _("Quote sent")
    APPROVED = "approved", _("Quote approved")
    DECLINED = "declined", _("Quote declined")
    REPAIRING = "repairing", _("Repairing")
    AWAITING_PARTS = "awaiting_parts", _("Waiting for parts")
    TRANSFERRED_TO_HQ = "transferred_to_hq", _("Sent to headquarters")
    READY = "ready", _("Ready for hand-back")
    RETURNED = "returned", _("Handed back")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Action(models.TextChoices):
    REGISTER = "register", _("Registered")
    DIAGNOSE = "diagnose", _("Diagnose")
    REPAIR_ON_SPOT = "repair_on_spot", _("Repair on the spot")
    QUOTE = "quote", _("Send a quote")
    APPROVE = "approve", _("Approve the quote")
    DECLINE = "decline", _("Decline the quote")
    START_REPAIR = "start_repair", _("Start the repair")
    AWAIT_PARTS = "await_parts", _("Wait for parts")
    TRANSFER_TO_HQ = "transfer_to_hq", _("Send to headquarters")
    REPAIR = "repair", _("Repaired")
    REPAIR_FAILED = "repair_failed", _("Repair failed")
    REPLACE = "replace", _("Replace with a new unit")
    REFUND = "refund", _("Refund")
    RETURN_UNREPAIRED = "return_unrepaired", _("Return unrepaired")
    HAND_BACK = "hand_back", _("Hand back")
    CLOSE = "close", _("Close")
    CANCEL = "cancel", _("Cancel")
    OVERDUE = "overdue", _("Overdue: manager notified")


class Intake(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    MAIL_IN = "mail_in", _("Mail-in")


OPEN_STATUSES = frozenset(Status.values) - {Status.RETURNED, Status.CLOSED, Status.CANCELLED}


def signature_path(order: "ServiceOrder", filename: str) -> str:
    # Not guessable: the card number alone must not reveal the file.
    return f"service/signatures/{order.number}-{secrets.token_hex(12)}.png"


def proof_path(order: "ServiceOrder", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1][:4]
    return f"service/proofs/{order.number}-{secrets.token_hex(12)}.{extension}"


class ServiceOrder(models.Model):
    number = models.CharField(_("service card number"), max_length=24, unique=True)
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, verbose_name=_("brand"))
    outlet = models.ForeignKey(
        ServiceOutlet, on_delete=models.PROTECT, related_name="service_orders",
        verbose_name=_("outlet"),
    )  # fmt: skip
    intake = models.CharField(_("intake"), max_length=10, choices=Intake.choices)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="service_orders",
        verbose_name=_("customer"),
    )  # fmt: skip
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="service_orders",
        verbose_name=_("registered unit"),
    )  # fmt: skip
    model = models.ForeignKey(
        ProductModel, on_delete=models.PROTECT, related_name="service_orders",
        verbose_name=_("product model"),
    )  # fmt: skip
    serial = models.CharField(_("serial number"), max_length=32, blank=True)
    # Copied from the registered unit at intake, so quality figures per batch need no join.
    production_batch = models.ForeignKey(
        ProductionBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        db_index=False, verbose_name=_("production batch"),
    )  # fmt: skip
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    sales_channel = models.CharField(
        _("sales channel"), max_length=10,
        choices=[("offline", _("Shop")), ("online", _("Online"))], default="offline",
    )  # fmt: skip
    proof_of_purchase = models.FileField(_("proof of purchase"), upload_to=proof_path, blank=True)
    warranty_card_number = models.CharField(_("warranty card number"), max_length=40, blank=True)
    fault_code = models.CharField(_("main malfunction"), max_length=30)
    fault_description = models.TextField(_("malfunction as the customer tells it"), blank=True)
    accessories_received = models.JSONField(_("accessories received"), default=list, blank=True)
    condition_notes = models.TextField(_("condition on receipt"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    decision = models.JSONField(_("warranty decision"), default=dict)  # snapshot, as decided
    coverage = models.CharField(_("coverage"), max_length=20)
    serious = models.BooleanField(_("serious fault"), default=False)
    due_on = models.DateField(_("due"), null=True, blank=True)
    findings = models.TextField(_("technician's findings"), blank=True)
    exclusions = models.JSONField(_("exclusions found"), default=list, blank=True)
    failed_repairs = models.PositiveSmallIntegerField(_("failed repairs"), default=0)
    labour_minutes = models.PositiveIntegerField(_("labour (minutes)"), default=0)
    at_hq = models.BooleanField(_("at headquarters"), default=False)
    replacement_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("replacement unit"),
    )  # fmt: skip
    signature = models.FileField(_("customer's signature"), upload_to=signature_path, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_content_hash = models.CharField(_("content hash at signing"), max_length=64, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(
        _("personal data purged"), null=True, blank=True, editable=False
    )
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("registered by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        permissions = [("hand_back_serviceorder", _("Can hand back and cancel service orders"))]
        indexes = [
            # The purge's work list: closed orders that still hold personal data.
            models.Index(
                fields=["brand", "closed_at"],
                name="order_personal_data_kept",
                condition=models.Q(personal_data_purged_at__isnull=True, closed_at__isnull=False),
            ),
            models.Index(
                fields=["customer"],
                name="order_customer_unpurged",
                condition=models.Q(personal_data_purged_at__isnull=True),
            ),
            models.Index(fields=["outlet", "status"], name="order_outlet_status"),
            models.Index(fields=["status", "due_on"], name="order_due"),
            # Dashboards: every figure is bounded by a period of registration or closing.
            # Covering (PostgreSQL): the dashboards' counts read these indexes alone, never the
            # wide rows (decision snapshots). SQLite ignores INCLUDE (models.W040 silenced).
            models.Index(
                fields=["created_at"],
                name="order_reported",
                include=[
                    "brand",
                    "outlet",
                    "model",
                    "status",
                    "fault_code",
                    "production_batch",
                    "coverage",
                ],
            ),
            models.Index(
                fields=["closed_at"],
                name="order_closed_cover",
                condition=models.Q(closed_at__isnull=False),
                include=["brand", "outlet", "model", "status", "serious", "due_on", "created_at"],
            ),
            # Few orders carry exclusions: the exclusion reasons read only those rows.
            models.Index(
                fields=["created_at"],
                name="order_with_exclusions",
                condition=~models.Q(exclusions=[]),
                include=["brand", "outlet", "model", "status", "exclusions"],
            ),
            # Quotes and parts reach the order's brand, outlet and model through this index.
            models.Index(fields=["id"], name="order_scope", include=["brand", "outlet", "model"]),
            models.Index(
                fields=["production_batch"],
                name="order_production_batch",
                condition=models.Q(production_batch__isnull=False),
            ),
            # The quality watch list reads only this index: its condition is the confirmed
            # fault of insights.quality.confirmed_orders() (a test keeps them in step).
            models.Index(
                fields=["created_at", "production_batch", "fault_code"],
                name="order_confirmed_fault",
                condition=models.Q(production_batch__isnull=False)
                & ~models.Q(status__in=["registered", "diagnosing", "cancelled"])
                & ~models.Q(fault_code="no_fault_found")
                & ~models.Q(coverage="excluded"),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def fault_label(self) -> str:
        return labels.fault_label(self.fault_code)

    @property
    def coverage_label(self) -> str:
        return labels.label(labels.COVERAGE, self.coverage)

    @property
    def accessories_label(self) -> str:
        names = dict(Accessory.choices)
        return ", ".join(str(names.get(code, code)) for code in self.accessories_received)

    @property
    def exclusions_label(self) -> str:
        return ", ".join(str(labels.label(labels.EXCLUSIONS, code)) for code in self.exclusions)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and today > self.due_on

    def is_due_today(self, today: date) -> bool:
        return self.is_open and self.due_on == today


class ServiceOrderEvent(models.Model):
    """One change of an order: the timeline and the audit trail."""

    order = models.ForeignKey(
        ServiceOrder, on_delete=models.CASCADE, related_name="events", verbose_name=_("order")
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("service order event")
        verbose_name_plural = _("service order events")

    def __str__(self) -> str:
        return f"{self.order} {self.action}"

    @property
    def action_label(self) -> str:
        return str(Action(self.action).label)

    @property
    def to_status_label(self) -> str:
        return str(Status(self.to_status).label)


class CardSequence(DailySequence):
    """The last card number handed out per brand and day."""

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["brand", "day"], name="one_sequence_per_brand_day")
        ]
