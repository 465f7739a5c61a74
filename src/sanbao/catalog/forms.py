"""Catalog forms: recalls (with their scope), serial uploads, recovered units, claim reviews."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanbao.accounts.models import Brand
from sanbao.catalog.models import ProductionBatch, ProductModel, Recall, RecallRemedy, UnitClaim
from sanbao.catalog.serials import serial_normalise
from sanbao.web.widgets import DateInput

_RANGE_SEPARATOR = re.compile("[\\s,~\u2013\u2014-]+")  # spaces, comma, tilde, dashes


class RecallForm(forms.ModelForm[Recall]):
    ranges = forms.CharField(
        label=gettext_lazy("Serial ranges"),
        required=False,
        widget=forms.Textarea,
        help_text=gettext_lazy(
            "One range per line: first and last serial, e.g. TOP0025030000001 TOP0025030099999. "
            "Both ends have the same length."
        ),
    )

    class Meta:
        model = Recall
        fields = [
            "brand", "code", "title_en", "title_zh", "cause", "regulator_reference", "remedy",
            "product_models", "batches", "starts_on", "ends_on",
        ]  # fmt: skip
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "cause": forms.Textarea}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["ranges"] = "\n".join(
                f"{first}-{last}" for first, last in self.instance.serial_ranges
            )

    def clean_ranges(self) -> list[list[str]]:
        ranges = []
        for number, line in enumerate(self.cleaned_data["ranges"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part for part in _RANGE_SEPARATOR.split(line) if part.strip()]
            try:
                first, last = (serial_normalise(part) for part in parts)
            except (ValueError, ValidationError):
                raise ValidationError(
                    _("Line %(line)s: write the first and last serial, separated by a space.")
                    % {"line": number}
                ) from None
            if len(first) != len(last) or first > last:
                raise ValidationError(
                    _("Line %(line)s: both ends need the same length, the first before the last.")
                    % {"line": number}
                )
            ranges.append([first, last])
        return ranges

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        brand: Brand | None = cleaned.get("brand")
        models: list[ProductModel] = list(cleaned.get("product_models") or [])
        batches: list[ProductionBatch] = list(cleaned.get("batches") or [])
        if brand and any(model.brand_id != brand.pk for model in models):
            self.add_error("product_models", _("Choose models of the recall's brand."))
        if any(batch.model_id not in {model.pk for model in models} for batch in batches):
            self.add_error("batches", _("Choose batches of the recalled models."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The recall cannot end before it starts."))
        return cleaned

    def save(self, commit: bool = True) -> Recall:
        self.instance.serial_ranges = self.cleaned_data["ranges"]
        return super().save(commit=commit)


class SerialImportForm(forms.Form):
    brand = forms.ModelChoiceField(label=gettext_lazy("brand"), queryset=Brand.objects.none())
    file = forms.FileField(
        label=gettext_lazy("Serial file (.csv or .xlsx)"),
        help_text=gettext_lazy(
            "Columns: serial, model_sku, batch, produced_on, dealer_code, shipped_on "
            "(dates as 2025-03-31). The first row names the columns."
        ),
    )


class RecoveryForm(forms.Form):
    serial = forms.CharField(label=gettext_lazy("serial number"), max_length=64)
    remedy_given = forms.ChoiceField(
        label=gettext_lazy("remedy given"),
        choices=[(RecallRemedy.REPLACE, gettext_lazy("Replacement")),
                 (RecallRemedy.REFUND, gettext_lazy("Refund"))],
    )  # fmt: skip


class ClaimReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("outcome"),
        choices=[(UnitClaim.Review.GENUINE, UnitClaim.Review.GENUINE.label),
                 (UnitClaim.Review.FRAUD, UnitClaim.Review.FRAUD.label)],
    )  # fmt: skip
    note = forms.CharField(label=gettext_lazy("review note"), required=False, widget=forms.Textarea)
