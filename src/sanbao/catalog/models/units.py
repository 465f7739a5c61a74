"""The serial registry: every unit a brand made, where it went, and claims made on it."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, Dealer
from sanbao.catalog.models.products import ProductionBatch, ProductModel
from sanbao.customers.models import Customer

# `serial__length=…` keeps serial ranges to serials of the range's own length.
models.CharField.register_lookup(Length)


class UnitStatus(models.TextChoices):
    PRODUCED = "produced", _("In factory stock")
    SHIPPED = "shipped", _("Shipped to a dealer")
    SOLD = "sold", _("Sold")
    RECOVERED = "recovered", _("Recovered in a recall")
    REPLACED = "replaced", _("Replaced under warranty")
    SCRAPPED = "scrapped", _("Scrapped")


class ChannelFlag(models.TextChoices):
    NEVER_SHIPPED = "never_shipped", _("Never shipped to a dealer")
    NOT_YET_AUTHORISED = "not_yet_authorised", _("Shipped before the dealer was authorised")
    AUTHORISATION_ENDED = "authorisation_ended", _("Shipped after the dealer's authorisation ended")


class Unit(models.Model):
    # Indexes are few on purpose (10 million rows, bulk imports): the serial index serves
    # brand and serial lookups, (model, serial) serves model filters and recall ranges.
    brand = models.ForeignKey(
        Brand, on_delete=models.PROTECT, db_index=False, verbose_name=_("brand")
    )
    serial = models.CharField(_("serial number"), max_length=32)
    model = models.ForeignKey(
        ProductModel, on_delete=models.PROTECT, related_name="units", db_index=False,
        verbose_name=_("product model"),
    )  # fmt: skip
    batch = models.ForeignKey(
        ProductionBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="units",
        verbose_name=_("production batch"),
    )  # fmt: skip
    produced_on = models.DateField(_("produced on"))
    dealer = models.ForeignKey(
        Dealer, on_delete=models.PROTECT, null=True, blank=True, related_name="units",
        verbose_name=_("shipped to dealer"),
    )  # fmt: skip
    shipped_on = models.DateField(_("shipped on"), null=True, blank=True)
    sold_on = models.DateField(_("sold on"), null=True, blank=True)
    owner = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="units",
        db_index=False, verbose_name=_("registered owner"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=UnitStatus.choices, default=UnitStatus.PRODUCED
    )
    # No database constraint: checking it on every deleted or bulk-loaded unit would scan
    # the table; the few replacement links have their own partial index below.
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        db_index=False, db_constraint=False, verbose_name=_("replaces unit"),
    )  # fmt: skip
    warranty_restarts_on = models.DateField(
        _("warranty restarts on"), null=True, blank=True,
        help_text=_("A unit given as a replacement carries a new warranty from this day."),
    )  # fmt: skip
    serial_import = models.ForeignKey(
        "catalog.SerialImport", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="units", db_index=False, db_constraint=False,
        verbose_name=_("imported by"),
    )  # fmt: skip

    class Meta:
        ordering = ["serial"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            # Led by the serial, so the public check (serial only) uses it too.
            models.UniqueConstraint(fields=["serial", "brand"], name="unit_serial_per_brand"),
        ]
        indexes = [
            # Recall scopes: serial ranges within a model.
            models.Index(fields=["model", "serial"], name="unit_model_serial"),
            # Few units have a registered owner: recall outreach and privacy purges find them.
            models.Index(
                fields=["owner"], name="unit_owner", condition=models.Q(owner__isnull=False)
            ),
            models.Index(
                fields=["replaces"],
                name="unit_replaces",
                condition=models.Q(replaces__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    def channel_flag(self) -> str | None:
        """Why the unit did not reach the customer through an authorised dealer, if it did not."""
        dealer = self.dealer
        return channel_flag(
            shipped_on=self.shipped_on,
            dealer_id=self.dealer_id,
            authorised_from=dealer.authorised_from if dealer else None,
            authorised_until=dealer.authorised_until if dealer else None,
        )

    @property
    def legal_channel(self) -> bool:
        return self.channel_flag() is None


def channel_flag(
    *,
    shipped_on: date | None,
    dealer_id: int | None,
    authorised_from: date | None,
    authorised_until: date | None,
) -> str | None:
    """The channel rule (ROMOSS-III.1): shipped to a dealer inside its authorisation."""
    if dealer_id is None or shipped_on is None:
        return ChannelFlag.NEVER_SHIPPED
    if authorised_from and shipped_on < authorised_from:
        return ChannelFlag.NOT_YET_AUTHORISED
    if authorised_until and shipped_on > authorised_until:
        return ChannelFlag.AUTHORISATION_ENDED
    return None


class UnitClaim(models.Model):
    """A customer's claim on a unit; a second customer claiming the same unit is flagged."""

    class Review(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        GENUINE = "genuine", _("Genuine (ownership changed)")
        FRAUD = "fraud", _("Fraudulent")

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="claims", verbose_name=_("unit")
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="claims", verbose_name=_("customer")
    )
    reference = models.CharField(_("reference"), max_length=40, help_text=_("E.g. service card."))
    claimed_at = models.DateTimeField(_("claimed at"))
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("earlier claim by another customer"),
    )  # fmt: skip
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("reviewed by"),
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        verbose_name = _("claim on a unit")
        verbose_name_plural = _("claims on units")
        permissions = [("review_unitclaim", "Can review duplicate claims")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.reference}"

    @property
    def is_flagged(self) -> bool:
        return self.duplicate_of_id is not None


class DealerShipment(models.Model):
    """Units of a brand shipped to a dealer in a month: the denominator of the dealer's
    return rate, added to by each serial import (the registry is too big to count live)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    dealer = models.ForeignKey(Dealer, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))  # its first day
    units = models.PositiveIntegerField(_("units shipped"), default=0)

    class Meta:
        verbose_name = _("units shipped to a dealer")
        verbose_name_plural = _("units shipped to dealers")
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "dealer", "month"], name="dealer_shipment_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dealer} · {self.month:%Y-%m} · {self.units}"
