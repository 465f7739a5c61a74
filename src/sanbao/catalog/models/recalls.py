"""Recall campaigns: which units they cover, what the owner gets, and units recovered."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, ServiceOutlet
from sanbao.catalog.models.products import ProductionBatch, ProductModel
from sanbao.catalog.models.units import Unit


class RecallRemedy(models.TextChoices):
    REPLACE = "replace", _("Free replacement")
    REFUND = "refund", _("Refund")
    CHOICE = "choice", _("Replacement or refund, as the customer chooses")


class Recall(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, verbose_name=_("brand"))
    code = models.SlugField(_("campaign code"), max_length=40)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    cause = models.TextField(_("cause"))
    regulator_reference = models.CharField(
        _("regulator reference"), max_length=80, blank=True,
        help_text=_("The SAMR filing or notice number."),
    )  # fmt: skip
    remedy = models.CharField(_("remedy"), max_length=10, choices=RecallRemedy.choices)
    product_models = models.ManyToManyField(
        ProductModel, related_name="recalls", verbose_name=_("product models")
    )
    batches = models.ManyToManyField(
        ProductionBatch, blank=True, related_name="recalls", verbose_name=_("production batches")
    )
    serial_ranges = models.JSONField(
        _("serial ranges"), default=list, blank=True
    )  # [[first, last], …] of equal length
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    units_in_scope = models.PositiveIntegerField(_("units in scope"), default=0)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("recall")
        verbose_name_plural = _("recalls")
        constraints = [
            models.UniqueConstraint(fields=["brand", "code"], name="recall_code_per_brand")
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def title(self) -> str:
        return self.title_zh if (get_language() or "").startswith("zh") else self.title_en

    @property
    def serial_ranges_text(self) -> str:
        return ", ".join(f"{first} to {last}" for first, last in self.serial_ranges)

    def is_running(self, day: date) -> bool:
        started = self.status == self.Status.ACTIVE and self.starts_on <= day
        return started and (self.ends_on is None or day <= self.ends_on)


def recall_scope(
    *, model_ids: list[int], batch_ids: list[int], serial_ranges: list[list[str]]
) -> Q:
    """The units a scope covers, as one predicate on Unit (indexed: batch, model + serial)."""
    narrower = Q()
    for batch_id in batch_ids:
        narrower |= Q(batch_id=batch_id)
    for first, last in serial_ranges:
        narrower |= Q(serial__gte=first, serial__lte=last, serial__length=len(first))
    return Q(model_id__in=model_ids) & narrower


class RecallRecovery(models.Model):
    """A unit in a recall's scope that came back to the brand."""

    recall = models.ForeignKey(
        Recall, on_delete=models.CASCADE, related_name="recoveries", verbose_name=_("recall")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="recoveries", verbose_name=_("unit")
    )
    outlet = models.ForeignKey(
        ServiceOutlet, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("taken back at"),
    )  # fmt: skip
    remedy_given = models.CharField(
        _("remedy given"), max_length=10,
        choices=[(RecallRemedy.REPLACE, _("Replacement")), (RecallRemedy.REFUND, _("Refund"))],
    )  # fmt: skip
    recovered_at = models.DateTimeField(_("recovered at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip

    class Meta:
        ordering = ["-recovered_at"]
        verbose_name = _("recovered unit")
        verbose_name_plural = _("recovered units")
        constraints = [
            models.UniqueConstraint(fields=["recall", "unit"], name="unit_recovered_once")
        ]

    def __str__(self) -> str:
        return f"{self.recall.code} · {self.unit}"
