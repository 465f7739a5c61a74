"""What a brand makes: product models, production batches and spare parts."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, ServiceOutlet
from sanbao.accounts.models.organisations import BilingualName


class Category(models.TextChoices):
    POWER_BANK = "power_bank", _("Power bank")
    ADAPTER = "adapter", _("Charger / adapter")
    CABLE = "cable", _("Data cable")
    HEADPHONES = "headphones", _("Headphones")


class Accessory(models.TextChoices):
    DATA_CABLE = "data_cable", _("Data cable")
    ADAPTER = "adapter", _("Adapter")
    POUCH = "pouch", _("Pouch")
    MANUAL = "manual", _("User manual")
    WARRANTY_CARD = "warranty_card", _("Warranty card")


def validate_accessories(value: object) -> None:
    allowed = set(Accessory.values)
    if not isinstance(value, list) or any(item not in allowed for item in value):
        raise ValidationError(
            _("Accessories must be a list drawn from: %(allowed)s."),
            params={"allowed": ", ".join(sorted(allowed))},
        )


class ProductModel(BilingualName):
    brand = models.ForeignKey(
        Brand, on_delete=models.PROTECT, related_name="product_models", verbose_name=_("brand")
    )
    sku = models.CharField(_("SKU"), max_length=40)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    capacity_mah = models.PositiveIntegerField(
        _("rated capacity (mAh)"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    energy_wh = models.DecimalField(
        _("rated energy (Wh)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    ccc_certificate = models.CharField(
        _("CCC certificate number"), max_length=40, blank=True,
        help_text=_("China Compulsory Certification of this model."),
    )  # fmt: skip
    ccc_valid_until = models.DateField(_("CCC valid until"), null=True, blank=True)
    warranty_months = models.PositiveSmallIntegerField(
        _("warranty months"),
        null=True,
        blank=True,
        help_text=_("Overrides the brand policy's warranty for this model; empty = policy."),
    )
    required_accessories = models.JSONField(
        _("required accessories"),
        default=list,
        blank=True,
        validators=[validate_accessories],
        help_text=_("Accessories that must come back with the product for service."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["brand__code", "sku"]
        verbose_name = _("product model")
        verbose_name_plural = _("product models")
        constraints = [
            models.UniqueConstraint(fields=["brand", "sku"], name="product_model_sku_per_brand")
        ]

    def __str__(self) -> str:
        return f"{self.sku} · {self.name}"

    def clean(self) -> None:
        if self.category == Category.POWER_BANK and not self.capacity_mah:
            raise ValidationError({"capacity_mah": _("A power bank needs its rated capacity.")})
        if self.ccc_valid_until and not self.ccc_certificate:
            raise ValidationError(
                {"ccc_certificate": _("Give the certificate number with its validity.")}
            )


class ProductionBatch(models.Model):
    """A production run of one model: the unit of quality tracking and of recalls."""

    model = models.ForeignKey(
        ProductModel, on_delete=models.PROTECT, related_name="batches",
        verbose_name=_("product model"),
    )  # fmt: skip
    code = models.CharField(_("batch code"), max_length=40)
    produced_from = models.DateField(_("produced from"))
    produced_to = models.DateField(_("produced to"))
    cell_supplier = models.CharField(_("cell supplier"), max_length=120, blank=True)
    # The failure rate's denominator: units of this batch in the registry with a shipping
    # date. Kept here because counting ten million units per dashboard is not an option;
    # refreshed after each serial import (production_batches_count).
    units_shipped = models.PositiveIntegerField(_("units shipped"), default=0)

    class Meta:
        ordering = ["model__brand__code", "model__sku", "-produced_from"]
        verbose_name = _("production batch")
        verbose_name_plural = _("production batches")
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="batch_code_per_model")
        ]

    def __str__(self) -> str:
        return f"{self.model.sku} · {self.code}"

    def clean(self) -> None:
        if self.produced_from and self.produced_to and self.produced_to < self.produced_from:
            raise ValidationError({"produced_to": _("The production cannot end before it starts.")})


class Part(BilingualName):
    """A spare part or accessory, charged at mass-production cost out of warranty (TOP-4.2)."""

    brand = models.ForeignKey(
        Brand, on_delete=models.PROTECT, related_name="parts", verbose_name=_("brand")
    )
    code = models.CharField(_("part code"), max_length=40)
    mass_production_cost = models.DecimalField(
        _("mass-production cost (CNY)"), max_digits=10, decimal_places=2,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    standard_price = models.DecimalField(
        _("standard price (CNY)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Charged where the policy charges parts at the standard price."),
    )  # fmt: skip
    models_served = models.ManyToManyField(
        ProductModel, blank=True, related_name="parts", verbose_name=_("fits models")
    )

    class Meta:
        ordering = ["brand__code", "code"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints = [
            models.UniqueConstraint(fields=["brand", "code"], name="part_code_per_brand")
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def stock_summary(self) -> str:
        rows = self.stock.select_related("outlet").order_by("outlet__code")
        return ", ".join(f"{row.outlet.code}: {row.on_hand}" for row in rows)


class PartStock(models.Model):
    """How many of a part one outlet has on hand."""

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="stock")
    outlet = models.ForeignKey(ServiceOutlet, on_delete=models.CASCADE, related_name="stock")
    on_hand = models.PositiveIntegerField(_("on hand"), default=0)

    class Meta:
        verbose_name = _("part stock")
        verbose_name_plural = _("part stock")
        constraints = [
            models.UniqueConstraint(fields=["part", "outlet"], name="one_stock_row_per_outlet")
        ]

    def __str__(self) -> str:
        return f"{self.part.code} @ {self.outlet.code}: {self.on_hand}"
