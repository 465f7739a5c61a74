"""The work done on a service order: quotes, parts used, shipments, intake photos."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import ServiceOutlet
from sanbao.catalog.models import Part
from sanbao.service.models.orders import ServiceOrder


class Quote(models.Model):
    """What an out-of-warranty or excluded repair costs, priced as the policy allows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the customer")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    class Via(models.TextChoices):
        PORTAL = "portal", _("Customer portal")
        DESK = "desk", _("At the desk")

    order = models.ForeignKey(
        ServiceOrder, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("order")
    )
    # Priced when quoted: [{code, name_en, name_zh, quantity, unit_price}]
    lines = models.JSONField(_("parts"), default=list)
    parts_total = models.DecimalField(_("parts"), max_digits=10, decimal_places=2)
    labour = models.DecimalField(_("labour"), max_digits=10, decimal_places=2)
    freight = models.DecimalField(_("delivery"), max_digits=10, decimal_places=2)
    total = models.DecimalField(_("total (CNY)"), max_digits=10, decimal_places=2)
    charges = models.JSONField(_("charging rules"), default=list)  # the decision's charges
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("quoted by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("quoted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_via = models.CharField(_("decided"), max_length=10, choices=Via.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return f"{self.order} ¥{self.total}"

    @staticmethod
    def money(value: Decimal) -> Decimal:
        return value.quantize(Decimal("0.01"))


class PartUse(models.Model):
    """A part fitted during a repair, taken from an outlet's stock."""

    order = models.ForeignKey(
        ServiceOrder, on_delete=models.CASCADE, related_name="parts_used", verbose_name=_("order")
    )
    part = models.ForeignKey(
        Part, on_delete=models.PROTECT, related_name="+", verbose_name=_("part")
    )
    outlet = models.ForeignKey(
        ServiceOutlet, on_delete=models.PROTECT, related_name="+", verbose_name=_("taken from")
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"))
    charged_each = models.DecimalField(_("charged each (CNY)"), max_digits=10, decimal_places=2)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("part used")
        verbose_name_plural = _("parts used")

    def __str__(self) -> str:
        return f"{self.order} {self.part.code} x {self.quantity}"


class Shipment(models.Model):
    """A parcel leg of an order: to headquarters, back from it, or back to the customer."""

    class Leg(models.TextChoices):
        TO_HQ = "to_hq", _("To headquarters")
        TO_CUSTOMER = "to_customer", _("Back to the customer")

    order = models.ForeignKey(
        ServiceOrder, on_delete=models.CASCADE, related_name="shipments", verbose_name=_("order")
    )
    leg = models.CharField(_("leg"), max_length=12, choices=Leg.choices)
    courier = models.CharField(_("courier"), max_length=60)
    tracking_number = models.CharField(_("tracking number"), max_length=40)
    sale_slip_included = models.BooleanField(_("sale slip included"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    shipped_at = models.DateTimeField(_("shipped at"), auto_now_add=True)

    class Meta:
        ordering = ["shipped_at", "pk"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")

    def __str__(self) -> str:
        return f"{self.order} {self.leg} {self.courier} {self.tracking_number}"


def photo_path(photo: "IntakePhoto", filename: str) -> str:
    return f"service/photos/{photo.order.number}-{secrets.token_hex(12)}.{photo.extension}"


class IntakePhoto(models.Model):
    """A photo of the product's condition on receipt, stored under a name nobody can guess."""

    order = models.ForeignKey(
        ServiceOrder, on_delete=models.CASCADE, related_name="photos", verbose_name=_("order")
    )
    image = models.FileField(_("photo"), upload_to=photo_path)
    extension = models.CharField(max_length=5, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("intake photo")
        verbose_name_plural = _("intake photos")

    def __str__(self) -> str:
        return f"{self.order} photo {self.pk}"
