"""What a brand makes: product models with their category, capacity and accessories."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand
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
